"""Candidate mentions: spaCy's entities with tidy spans, and names the model left untagged
that the article itself shows to be names ("Mr Knights")."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from spacy.tokens import Doc, Span

from apps.nlp.docs import doc_text, doc_tokens
from apps.nlp.entities.gazetteer import known_label
from apps.nlp.entities.labels import context_label, head_label
from apps.nlp.entities.spans import (
    at_sentence_start,
    paragraph_pieces,
    split_title,
    strip_edges,
    tidy,
)
from apps.nlp.entities.words import (
    FUNCTION_WORDS,
    HONORIFICS,
    NAME_LABELS,
    NAME_PARTICLES,
    OFFICE_TITLES,
    PLATFORMS,
    TITLES,
    bare,
)
from apps.nlp.quotes.given_names import pronoun_group_of

ACRONYM = re.compile(r"[A-Z][A-Z&]{1,7}")
# Titles and names of laws and events are names too, and follow the same checks.
_WORK_LABELS = frozenset({"WORK_OF_ART", "LAW", "EVENT", "LANGUAGE"})
# Labels whose names carry no numbers; events, works, products and buildings may
# ("Toronto Comicon 2019", "Apollo 11", "36 Quai des Orfèvres").
_NUMBERLESS_LABELS = frozenset({"PERSON", "ORG", "GPE", "NORP", "LOC"})
_LEADING_COUNT = re.compile(r"\d{1,2}\s+(?=[A-Z])")
# Labels whose names may keep a capitalised "The" ("The Jakarta Post", "The Hague").
_NO_THE_LABELS = frozenset({"PERSON", "NORP"})


@dataclass(slots=True)
class Candidate:
    start: int
    end: int
    label: str
    key: tuple[str, ...]
    # Titles before the name, outside the span ("mr", "president"), case folded.
    titles: list[str] = field(default_factory=list)
    after_determiner: bool = False
    # A label the words around the name or its own head word say ("" if none).
    hint: str = ""
    # Where the span starts with its honorific or the titles the model put inside it
    # ("Mr Knights"): the form the quote rules read a speaker's sex and span from.
    titled_start: int = -1
    # Start of the long form this acronym was introduced for in brackets, or -1.
    alias_of: int = -1
    # Whether the mention's own label counts towards its entity's (an acronym found by
    # its long form only repeats that form's label).
    votes: bool = True

    @property
    def honorific(self) -> bool:
        return any(title in HONORIFICS for title in self.titles)


_DOTTED_INITIALS = re.compile(r"\b(?:[A-Za-z]\.){2,}")


def name_key(surface: str) -> tuple[str, ...]:
    """The words that identify a name: case and accents folded ("Erdoğan" is "Erdogan"),
    dotted initials closed up ("U.S." is "US"), full stops and titles aside."""
    surface = _DOTTED_INITIALS.sub(lambda m: m.group().replace(".", ""), surface)
    surface = "".join(
        c for c in unicodedata.normalize("NFKD", surface) if not unicodedata.combining(c)
    )
    words = surface.replace(".", " ").replace("’", "'").split()
    while len(words) > 1 and bare(words[0]) in HONORIFICS:
        words = words[1:]
    return tuple(w.casefold() for w in words)


def initials_of(surface: str) -> set[str]:
    """The acronyms a long name may go by: the initials of its capitalised words, and of
    all its words ("DRC", "NIAID", "PMANE")."""
    words = [w for w in re.split(r"[\s\-]+", surface) if w[:1].isalpha()]
    capitals = [w for w in words if w[:1].isupper() and w.casefold() not in FUNCTION_WORDS]
    found = set()
    if len(capitals) >= 2:
        found.add("".join(w[0] for w in capitals))
    if len(words) >= 2:
        found.add("".join(w[0] for w in words).upper())
    return found


def model_candidates(doc: Doc, skipped_labels: frozenset[str]) -> list[Candidate]:
    text = doc_text(doc)
    found: list[Candidate] = []
    for ent in doc.ents:
        if ent.label_ in skipped_labels:
            continue
        for piece_start, piece_end in paragraph_pieces(text, ent.start_char, ent.end_char):
            span = tidy(text, piece_start, piece_end, keep_the=ent.label_ not in _NO_THE_LABELS)
            if span is None:
                continue
            parts = [span]
            if ent.label_ in _NUMBERLESS_LABELS:
                parts = _number_free_pieces(text, *span)
            for part in parts:
                candidate = _candidate(doc, text, ent, *part)
                if candidate is not None:
                    found.append(candidate)
    return found


def _candidate(doc: Doc, text: str, ent: Span, start: int, end: int) -> Candidate | None:
    label = ent.label_
    if label == "EVENT":
        # Events keep their year ("the 1994 World Cup") but not a count ("2 World Cups").
        count = _LEADING_COUNT.match(text, start, end)
        if count is not None:
            start = count.end()
    titles: list[str] = []
    titled_start = start
    if label in NAME_LABELS:
        before, before_start = _titles_before(doc, start, offices=label == "PERSON")
        offices = (
            label == "PERSON"
            or any(title in HONORIFICS for title in before)
            or _plural_office_opens(text[start:end])
        )
        if before and before[0] in HONORIFICS:
            titled_start = before_start
        start, titles = split_title(text, start, end, offices=offices)
        titles = before + titles
        if offices and bare(text[start:end]) in TITLES:
            return None  # a title alone ("Ms Justice") names nobody yet
    first = doc[ent.start]
    previous = first.i - 1
    while previous >= 0 and doc[previous].idx >= start:
        previous -= 1
    after_determiner = previous >= 0 and doc[previous].lower_ == "the"
    hint = ""
    if label in NAME_LABELS and not titles:
        hint = head_label(text[start:end]) or context_label(ent)
    key = name_key(text[start:end])
    if not key:
        return None
    return Candidate(start, end, label, key, titles, after_determiner, hint, titled_start)


def _plural_office_opens(surface: str) -> bool:
    """ "Judges Mwale", "Senators Warren": offices in the plural before a name say people
    are meant, whatever label the model gave ("Judges Association" names a body)."""
    words = surface.split()
    first = bare(words[0]) if words else ""
    return (
        len(words) >= 2
        and first.endswith("s")
        and first[:-1] in OFFICE_TITLES
        and words[1][:1].isupper()
        and not head_label(surface)
    )


def shared_plural_titles(doc: Doc, candidates: list[Candidate]) -> None:
    """ "Judges Banda and Chomba": the name after "and" is one of the people the plural
    office names, whatever the model made of it."""
    text = doc_text(doc)
    ordered = sorted(candidates, key=lambda c: c.start)
    for first, second in zip(ordered, ordered[1:], strict=False):
        if text[first.end : second.start] != " and " or second.titles:
            continue
        before = _WORD_BEFORE.search(text, max(0, first.start - 40), first.start)
        titles = [*first.titles, bare(before.group(1))] if before else first.titles
        if any(t.endswith("s") and t[:-1] in OFFICE_TITLES for t in titles):
            second.hint = "PERSON"


_WORD_BEFORE = re.compile(r"(\w+)\s+$")


def given_name_people(doc: Doc, candidates: list[Candidate]) -> None:
    """A two-word name the model took for a body or a place is a person when its first word
    is a known given name and the article also names a person by its second ("Chelsea
    Kessler" … "Kessler said"): what a brand named after someone ("Morgan Stanley") lacks."""
    text = doc_text(doc)
    surnames = {c.key[0] for c in candidates if c.label == "PERSON" and len(c.key) == 1 and c.votes}
    for candidate in candidates:
        if candidate.label == "PERSON" or candidate.hint or len(candidate.key) != 2:
            continue
        words = text[candidate.start : candidate.end].split()
        if len(words) != 2 or candidate.key[1] not in surnames:
            continue
        if words[0].istitle() and pronoun_group_of(words[0]):
            candidate.hint = "PERSON"


def person_words(candidates: list[Candidate]) -> set[str]:
    """The words of the article's people's names, case folded: of a person's name in more
    than one word ("tariq", "kabul") and of any name after an honorific ("Mr Kabul")."""
    words: set[str] = set()
    for candidate in candidates:
        if candidate.honorific or (
            "PERSON" in (candidate.label, candidate.hint) and len(candidate.key) > 1
        ):
            words.update(candidate.key)
    return words


def gazetteer_hints(doc: Doc, candidates: list[Candidate], people: set[str]) -> None:
    """Give each name on the gazetteer's lists the label the lists say, above what its
    head word or the words around it say, unless the article has a person of that name
    ("Kabul" after "Tariq Kabul" is the man, not the city): `people` holds the words of the
    article's people's names (`person_words`)."""
    text = doc_text(doc)
    for candidate in candidates:
        if candidate.label not in NAME_LABELS or candidate.titles:
            continue
        if len(candidate.key) == 1 and candidate.key[0] in people:
            continue
        label = known_label(text[candidate.start : candidate.end])
        if label:
            candidate.hint = label


def _number_free_pieces(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """The parts of a name span between words with no letter in them: a score or a count
    is not part of a name ("Arsenal 2-1", "Chelsea 1 Coventry 1", "2 World Cups")."""
    pieces: list[tuple[int, int]] = []
    piece_start = piece_end = -1
    for word in re.finditer(r"\S+", text[start:end]):
        if not any(c.isalpha() for c in word.group()):
            if piece_start >= 0:
                pieces.append((piece_start, piece_end))
            piece_start = -1
            continue
        if piece_start < 0:
            piece_start = start + word.start()
        piece_end = start + word.end()
    if piece_start >= 0:
        pieces.append((piece_start, piece_end))
    return [strip_edges(text, *piece) for piece in pieces] if pieces else [(start, end)]


def _titles_before(doc: Doc, start: int, *, offices: bool) -> tuple[list[str], int]:
    """Titles written just before a name that starts at offset `start` (honorifics, and
    office titles when `offices`: the name is a person's), and where the first one starts."""
    titles: list[str] = []
    index = _token_at(doc, start) - 1
    allowed = TITLES if offices else HONORIFICS
    while index >= 0 and bare(doc[index].text) in allowed and doc[index].is_title:
        titles.insert(0, bare(doc[index].text))
        start = doc[index].idx
        index -= 1
    return titles, start


def _token_at(doc: Doc, offset: int) -> int:
    span = doc.char_span(offset, offset + 1, alignment_mode="expand")
    return span.start if span is not None else len(doc)


def untagged_honorific_names(doc: Doc) -> list[Candidate]:
    """'Mr Knights' that the model left untagged is still a person: an honorific says so."""
    text = doc_text(doc)
    tagged = {token.i for ent in doc.ents for token in ent}
    found = []
    tokens = doc_tokens(doc)
    index = 0
    while index < len(doc) - 1:
        token = tokens[index]
        if (
            not token.is_title
            or bare(token.text) not in HONORIFICS
            or index + 1 in tagged
            or not tokens[index + 1].is_title
        ):
            index += 1
            continue
        end = index + 1
        while end < len(doc) and end not in tagged and _name_word(doc, end):
            end += 1
        stop = doc[end - 1].idx + len(doc[end - 1].text)
        span = tidy(text, doc[index + 1].idx, stop, keep_the=False)
        if span is not None:
            start, titles = split_title(text, *span, offices=True)
            stop = span[1]
            if bare(text[start:stop]) not in TITLES:
                key = name_key(text[start:stop])
                titles = [bare(token.text), *titles]
                found.append(Candidate(start, stop, "PERSON", key, titles, titled_start=token.idx))
        index = end
    return found


def _name_word(doc: Doc, index: int) -> bool:
    token = doc[index]
    if token.is_title:
        return True
    return token.lower_ in NAME_PARTICLES and index + 1 < len(doc) and doc[index + 1].is_title


def drop_non_names(doc: Doc, candidates: list[Candidate]) -> list[Candidate]:
    """Leave out what is not a name: user handles and hashtags ("@hamza101"), words with
    no capital letter ("maisha", "non-Muslim"), the acronym of a common noun ("liquid
    natural gas (LNG)"), and a lone capitalised word after "the" or opening a sentence or a
    heading that the same article also writes in lower case ("State officials met", "the
    State" beside "the state"): a common noun."""
    text = doc_text(doc)
    lower_words = {t.text for t in doc_tokens(doc) if t.is_lower and t.is_alpha}
    common = _common_noun_acronyms(doc)
    kept = []
    for candidate in candidates:
        surface = text[candidate.start : candidate.end]
        if candidate.label in NAME_LABELS or candidate.label in _WORK_LABELS:
            if surface[:1] in "@#" or not any(c.isupper() for c in surface):
                continue
            if surface in common:
                continue
            if "-" in surface.split()[0] and surface[:1].islower():
                continue
            lone = " " not in surface and candidate.label != "NORP"
            # Elsewhere the capital says it is a name ("Labour won" beside "labour costs").
            common_place = candidate.after_determiner or at_sentence_start(text, candidate.start)
            if lone and common_place and surface.lower() in lower_words and surface[1:].islower():
                continue
        kept.append(candidate)
    return kept


_INNER_POSSESSIVE = re.compile(r"(?:['’]s|(?<=s)['’])\s+(?=[A-Z])")


def split_compounds(doc: Doc, candidates: list[Candidate]) -> list[Candidate]:
    """Cut one span that holds two names into both: "Malawi’s Joyce Banda" and "Malawi
    Pres Banda" are the place and the person, "India’s Atomic Energy Commission" the place
    and the body, "Twitter and Facebook" two services. A possessive or an "and" splits
    only beside a name the article tags on its own or a name every reader knows (a platform
    or a name on the gazetteer's lists), so "People’s Movement Against Nuclear Energy" and
    "Marks and Spencer" stay whole; a title inside always does."""
    text = doc_text(doc)
    labels: dict[tuple[str, ...], str] = {}
    for candidate in candidates:
        labels.setdefault(candidate.key, candidate.label)
    result = []
    for candidate in candidates:
        pair = _split_at_and(text, candidate, labels)
        if pair is not None:
            result.extend(pair)
            continue
        parts = None
        if candidate.label in _COMPOUND_LABELS:
            parts = _split_at_title(text, candidate) or _split_at_possessive(
                text, candidate, labels
            )
        if parts is None:
            result.append(candidate)
            continue
        (first_start, first_end), (rest_start, titles) = parts
        first_key = name_key(text[first_start:first_end])
        first_label = labels.get(first_key) or known_label(text[first_start:first_end]) or "GPE"
        result.append(Candidate(first_start, first_end, first_label, first_key, votes=False))
        # After a title the rest is a person; after a possessive the model's label for the
        # whole says little about the rest, which takes what the article says elsewhere.
        label = "PERSON" if titles else candidate.label
        key = name_key(text[rest_start : candidate.end])
        rest = Candidate(rest_start, candidate.end, label, key, titles, titled_start=rest_start)
        rest.votes = bool(titles)
        result.append(rest)
    return result


_COMPOUND_LABELS = frozenset({"PERSON", "ORG", "FAC", "GPE", "NORP"})


def _split_at_title(text: str, candidate: Candidate):
    words = list(re.finditer(r"\S+", text[candidate.start : candidate.end]))
    for number in range(1, len(words) - 1):
        word = words[number].group()
        if not (word[:1].isupper() and bare(word) in TITLES):
            continue
        if bare(words[number - 1].group()) in TITLES:
            return None
        rest_start, titles = split_title(
            text, candidate.start + words[number].start(), candidate.end, offices=True
        )
        if not titles:
            return None
        first_end = candidate.start + words[number - 1].end()
        return (candidate.start, first_end), (rest_start, titles)
    return None


def _split_at_possessive(text: str, candidate: Candidate, labels):
    match = _INNER_POSSESSIVE.search(text, candidate.start, candidate.end)
    if match is None or match.start() == candidate.start:
        return None
    first, rest = text[candidate.start : match.start()], text[match.end() : candidate.end]
    # Two full names in a row ("United Nations' Food and Agriculture Organization") also split.
    two_names = all(
        len([w for w in part.split() if w[:1].isupper()]) >= 2 for part in (first, rest)
    )
    if name_key(first) not in labels and not known_label(first) and not two_names:
        return None
    return (candidate.start, match.start()), (match.end(), [])


_AND = re.compile(r"\s+and\s+")


def _split_at_and(text: str, candidate: Candidate, labels) -> list[Candidate] | None:
    match = _AND.search(text, candidate.start, candidate.end)
    if match is None or candidate.label == "PERSON":
        return None
    if known_label(text[candidate.start : candidate.end]):
        return None  # "Bosnia and Herzegovina", "Trinidad and Tobago": one name
    spans = [(candidate.start, match.start()), (match.end(), candidate.end)]
    keys = [name_key(text[start:end]) for start, end in spans]
    if not all(text[start:end][:1].isupper() for start, end in spans):
        return None
    known = [known_label(text[start:end]) for start, end in spans]
    if not any(
        key in labels or (len(key) == 1 and key[0] in PLATFORMS) or label
        for key, label in zip(keys, known, strict=True)
    ):
        return None
    return [
        Candidate(start, end,
                  labels.get(key) or label or head_label(text[start:end]) or candidate.label,
                  key, votes=False)
        for (start, end), key, label in zip(spans, keys, known, strict=True)
    ]  # fmt: skip


def _common_noun_acronyms(doc: Doc) -> set[str]:
    """Acronyms the article spells out in lower case: "liquid natural gas (LNG)", "Ebola
    virus disease (EVD)" (a name may open the phrase, but the rest is common nouns)."""
    found = set()
    for token in doc_tokens(doc):
        if not ACRONYM.fullmatch(token.text) or token.i < 2 or token.i + 1 >= len(doc):
            continue
        if doc[token.i - 1].text != "(" or doc[token.i + 1].text != ")":
            continue
        words = [t for t in doc[max(0, token.i - 1 - len(token.text)) : token.i - 1]]
        if len(words) != len(token.text) or any(not t.is_alpha for t in words):
            continue
        initials = "".join(t.text[0] for t in words).upper()
        if initials == token.text and all(t.is_lower for t in words[1:]):
            found.add(token.text)
    return found
