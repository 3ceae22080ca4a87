"""Word lists the entity rules read: titles, name particles, organisation nouns, labels."""

from __future__ import annotations

# Numbers say little about who or what a story is about and swamp the annotator.
SKIPPED_LABELS = frozenset({"CARDINAL", "ORDINAL", "QUANTITY", "PERCENT"})
# Labels spaCy's small model confuses with one another for names it has not seen.
NAME_LABELS = frozenset({"PERSON", "ORG", "GPE", "NORP", "LOC", "FAC", "PRODUCT"})
# Each mention of these is its own entity: two "Monday"s are rarely the same day, and
# "years" is never one thing across an article.
UNGROUPED_LABELS = frozenset(
    {"DATE", "TIME", "MONEY", "PERCENT", "QUANTITY", "CARDINAL", "ORDINAL"}
)

# Honorifics: before any name they say a person is meant, and some say which sex.
MASCULINE_HONORIFICS = frozenset({"mr", "sir", "lord", "monsieur", "señor", "herr"})
FEMININE_HONORIFICS = frozenset(
    {"mrs", "ms", "miss", "mme", "madame", "mlle", "dame", "lady", "señora", "frau"}
)
HONORIFICS = (
    MASCULINE_HONORIFICS
    | FEMININE_HONORIFICS
    | frozenset({"mx", "dr", "prof", "professor", "sheikh", "rev", "reverend", "fr"})
)
# Offices and ranks written before a person's name. OntoNotes keeps them out of the PERSON
# span ("President [Donald Trump]"). Royal and papal styles are part of the name by
# convention ("Pope Francis", "King Charles") and are not listed.
OFFICE_TITLES = frozenset(
    {
        "president", "pres", "vice", "prime", "minister", "pm", "premier", "chancellor",
        "secretary", "senator", "sen", "rep", "representative", "congressman",
        "congresswoman", "governor", "gov", "mayor", "deputy", "speaker", "ambassador",
        "judge", "justice", "chief", "magistrate", "attorney", "general", "gen", "colonel",
        "col", "lieutenant", "lt", "captain", "capt", "major", "maj", "sergeant", "sgt",
        "corporal", "cpl", "private", "pte", "admiral", "adm", "commander", "cmdr",
        "commandant", "marshal", "brigadier", "officer", "inspector", "superintendent",
        "supt", "detective", "constable", "commissioner", "director", "chairman",
        "chairwoman", "chairperson", "chair", "ceo", "coach", "manager", "crown", "bishop",
        "archbishop", "cardinal", "imam", "rabbi", "pastor", "ayatollah", "mufti",
        "father", "sister", "brother", "doctor", "dean", "late", "former", "acting",
        "interim", "mp", "mep", "councillor", "councilman", "councilwoman", "sheriff",
        "lawyer", "activist", "blogger", "author", "actor", "actress", "singer",
        "adviser", "advisor", "spokesman", "spokeswoman", "spokesperson", "envoy",
        "analyst", "editor", "correspondent", "reporter", "producer", "striker", "player",
    }
)  # fmt: skip
# Of those, words that name an office only when another title word or a name follows, so a
# lone "Chief" or "Crown" that starts a name ("Crown Heights") is left alone.
TITLE_NEEDS_MORE = frozenset({"prime", "vice", "crown", "chief", "acting", "former", "late"})
TITLES = HONORIFICS | OFFICE_TITLES

# Lower-case particles inside names: "Abu Mahdi al Muhandis", "Arnel dela Vega".
NAME_PARTICLES = frozenset(
    {"al", "el", "bin", "ibn", "bint", "de", "del", "dela", "della", "da", "di", "du", "van",
     "von", "der", "den", "le", "la", "dos", "das", "ul", "ud"}
)  # fmt: skip
# "Robert Downey Jr.": the surname is the word before these.
GENERATIONS = frozenset({"jr", "sr", "ii", "iii", "iv"})
FUNCTION_WORDS = frozenset({"of", "for", "the", "and", "in", "on", "at", "de", "al", "&"})

# Nouns that, next to a name, say the name is an organisation: "the militia X", "X party".
ORG_NOUNS = frozenset(
    {
        "group", "militia", "party", "organisation", "organization", "faction", "brigade",
        "movement", "wing", "bloc", "alliance", "coalition", "company", "firm", "agency",
        "ministry", "department", "network", "union", "council", "committee", "commission",
        "institute", "unit", "army", "club", "bank", "newspaper", "broadcaster",
    }
)  # fmt: skip
# "Iraqi faction", "US army": a nationality or place before such a noun only describes it.
MODIFIER_LABELS = frozenset({"NORP", "GPE"})
NAMING_WORDS = frozenset({"called", "named", "dubbed", "known", "as"})


def bare(word: str) -> str:
    """A word as the lists above hold it: case folded, without its full stop."""
    return word.rstrip(".").casefold()


# Social networks and web services the small model takes for people and places.
PLATFORMS = frozenset(
    {"twitter", "facebook", "youtube", "instagram", "whatsapp", "tiktok", "telegram",
     "reddit", "linkedin", "google", "wikipedia", "snapchat", "weibo", "wechat", "skype"}
)  # fmt: skip


def is_title_word(word: str) -> bool:
    """Whether `word` is a title or an office, also in the plural ("officers", "Judges")."""
    word = bare(word)
    return word in TITLES or (word.endswith("s") and word[:-1] in OFFICE_TITLES)
