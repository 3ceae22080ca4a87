"""What the article says a name's label is, beside the model: the words around it ("the
militia X", "officers X", "X, a spokesman") and the name's own head word ("... Cathedral",
"... Awards", "MV ...")."""

from __future__ import annotations

from spacy.tokens import Span

from apps.nlp.entities.words import (
    MODIFIER_LABELS,
    NAMING_WORDS,
    OFFICE_TITLES,
    ORG_NOUNS,
    PLATFORMS,
    bare,
)

# The last word of a multi-word name says what it names. Only words whose label hardly
# varies are listed ("Hospital" names an organisation as often as a building; "State"
# names the Islamic State as often as Kwara State).
HEAD_LABELS = {
    **dict.fromkeys(
        ["airport", "port", "harbour", "harbor", "cathedral", "church", "mosque", "temple",
         "bridge", "avenue", "street", "road", "boulevard", "highway", "square", "plant",
         "pipeline", "stadium", "arena", "tower", "dam", "station", "prison", "palace",
         "interconnector", "refinery", "terminal", "canal", "tunnel"],
        "FAC",
    ),
    **dict.fromkeys(
        ["party", "ministry", "council", "commission", "agency", "association", "union",
         "company", "corporation", "forum", "university", "bank", "court", "police",
         "institute", "committee", "foundation", "organisation", "organization", "front",
         "movement", "board", "authority", "department", "inc", "ltd", "plc", "fc",
         "news", "times", "post", "herald", "gazette", "journal", "tribune", "telegraph",
         "chronicle", "bulletin", "daily", "magazine", "radio", "television", "tv",
         "watchdog", "network", "agency"],
        "ORG",
    ),
    **dict.fromkeys(
        ["province", "county", "district", "republic", "kingdom", "emirate", "governorate",
         "municipality", "prefecture", "oblast"],
        "GPE",
    ),
    **dict.fromkeys(
        ["sea", "ocean", "river", "mountains", "bay", "strait", "gulf", "peninsula",
         "desert", "lake"],
        "LOC",
    ),
    **dict.fromkeys(
        ["war", "awards", "cup", "olympics", "championship", "championships", "games",
         "summit", "election", "elections", "uprising", "revolution"],
        "EVENT",
    ),
}  # fmt: skip
# Words that make any name a state: "Democratic Republic of the Congo".
STATE_WORDS = frozenset({"republic", "kingdom", "emirates", "sultanate", "principality"})
# Nouns that, next to a name, say it is the title of a work.
WORK_NOUNS = frozenset(
    {"film", "movie", "comedy", "drama", "thriller", "musical", "documentary", "series",
     "sitcom", "album", "song", "single", "novel", "book", "memoir", "play", "opera",
     "episode", "franchise", "painting", "poem"}
)  # fmt: skip
# Nouns that, beside a name, say it is a place: "Sulu province", "the city of Jolo".
PLACE_NOUNS = frozenset(
    {"region", "district", "province", "city", "town", "village", "county", "oblast",
     "municipality", "prefecture", "governorate", "state", "island", "capital"}
)  # fmt: skip
PLACE_PREPOSITIONS = frozenset(
    {"in", "to", "from", "into", "near", "across", "throughout", "outside", "inside", "at"}
)
# Ship prefixes: OntoNotes counts vessels as products.
VESSEL_PREFIXES = frozenset({"mv", "ms", "hms", "uss", "ss", "rms", "mt"})


def head_label(surface: str) -> str:
    """The label the name's own words say, or ""."""
    words = surface.split()
    if len(words) == 1 and bare(words[0]) in PLATFORMS:
        return "ORG"
    if len(words) < 2:
        return ""
    if bare(words[0]) in VESSEL_PREFIXES and words[0].isupper():
        return "PRODUCT"
    if any(bare(word) in STATE_WORDS for word in words):
        return "GPE"
    last = words[-1]
    if not last[:1].isupper():
        return ""
    head = bare(last)
    return HEAD_LABELS.get(head) or (HEAD_LABELS.get(head[:-1], "") if head.endswith("s") else "")


def context_label(ent: Span) -> str:
    """The label the words around a name say: ORG after "the militia", PERSON after
    "officers" or beside "a spokesman"; "" when they say nothing."""
    if _org_context(ent):
        return "ORG"
    if _person_context(ent):
        return "PERSON"
    if _work_context(ent):
        return "WORK_OF_ART"
    if _place_context(ent):
        return "GPE"
    # "moved to Washington": after a preposition of place the model's lone place name
    # stands, even when a person of the article has it for a surname.
    lone_place = len(ent) == 1 and ent.label_ in ("GPE", "LOC") and ent.start > 0
    if lone_place and ent.doc[ent.start - 1].lower_ in PLACE_PREPOSITIONS:
        return ent.label_
    return ""


def _place_context(ent: Span) -> bool:
    """ "Chelyabinsk region", "Tirunelveli district", "the town of Jolo"."""
    doc = ent.doc
    following = doc[ent.end] if ent.end < len(doc) else None
    if following is not None and following.is_lower and following.lemma_ in PLACE_NOUNS:
        return True
    if ent.start >= 2 and doc[ent.start - 1].lower_ == "of":
        before = doc[ent.start - 2]
        return before.is_lower and before.lemma_ in PLACE_NOUNS
    return False


def _work_context(ent: Span) -> bool:
    """ "the comedy Pillow Talk", "the film Black Panther". (A noun after the name says
    less: "the James Cagney film" names its star, "a Marvel film" its studio.)"""
    if ent.start == 0:
        return False
    previous = ent.doc[ent.start - 1]
    return previous.pos_ == "NOUN" and previous.lemma_.lower() in WORK_NOUNS


def _person_context(ent: Span) -> bool:
    doc = ent.doc
    previous = doc[ent.start - 1] if ent.start > 0 else None
    if (
        previous is not None
        and previous.pos_ == "NOUN"
        and previous.is_lower
        and bare(previous.lemma_) in OFFICE_TITLES
    ):
        return True
    root = ent.root
    if root.dep_ == "appos" and root.head.pos_ == "NOUN" and root.head.lemma_ in OFFICE_TITLES:
        return True
    return any(
        c.dep_ == "appos" and c.pos_ == "NOUN" and c.lemma_ in OFFICE_TITLES for c in root.children
    )


def _org_context(ent: Span) -> bool:
    doc = ent.doc
    index = ent.start - 1
    while index >= 0 and doc[index].lower_ in NAMING_WORDS:
        index -= 1
    if index >= 0 and doc[index].lemma_.lower() in ORG_NOUNS and doc[index].pos_ == "NOUN":
        return True
    following = doc[ent.end] if ent.end < len(doc) else None
    if (
        ent.label_ not in MODIFIER_LABELS
        and following is not None
        and following.pos_ == "NOUN"
        and following.lemma_.lower() in ORG_NOUNS
    ):
        return True
    root = ent.root
    if root.dep_ == "appos" and root.head.lemma_.lower() in ORG_NOUNS:
        return True
    return any(c.dep_ == "appos" and c.lemma_.lower() in ORG_NOUNS for c in root.children)
