"""Names the model missed that the article itself gives away: a later surname or given
name of a person it named in full ("Mijares" after "Graciano Mijares"), and an acronym
set in brackets after a long name or made of its initials ("... Infectious Diseases
(NIAID)", a later "NIAID"); and names every reader knows, from the gazetteer ("Sulawesi")."""

from __future__ import annotations

from spacy.tokens import Doc

from apps.nlp.docs import doc_text, doc_tokens
from apps.nlp.entities.candidates import (
    ACRONYM,
    Candidate,
    initials_of,
    name_key,
)
from apps.nlp.entities.gazetteer import LONGEST, known_label, may_start_a_name
from apps.nlp.entities.words import (
    GENERATIONS,
    HONORIFICS,
    NAME_PARTICLES,
    TITLES,
    bare,
    is_title_word,
)
from apps.nlp.quotes.given_names import pronoun_group_of
from apps.nlp.quotes.lexicon import SPEECH_CUES

# Prepositions after which a capitalised word is a place rather than a person.
_PLACE_WORDS = frozenset({"in", "into", "near", "across", "throughout", "outside", "inside"})


def _covered_tokens(doc: Doc, candidates: list[Candidate]) -> set[int]:
    covered: set[int] = set()
    for candidate in candidates:
        span = doc.char_span(candidate.start, candidate.end, alignment_mode="expand")
        if span is not None:
            covered.update(range(span.start, span.end))
    return covered


def complete_person_spans(doc: Doc, candidates: list[Candidate]) -> None:
    """Widen a person's span over the capitalised name words the model left out on either
    side: "Superintendent [Graciano] Mijares" → "Graciano Mijares", "Yesmeen [Ali]". A given
    name the model tagged apart from a surname that opens with a particle joins it (and
    leaves `candidates`)."""
    text = doc_text(doc)
    owner: dict[int, int] = {}
    spans = []
    for number, candidate in enumerate(candidates):
        span = doc.char_span(candidate.start, candidate.end, alignment_mode="expand")
        spans.append(span)
        if span is not None:
            for index in range(span.start, span.end):
                owner[index] = number
    # A word the article tags as something else elsewhere ("Pakistan") is not a name part.
    elsewhere = {c.key[0] for c in candidates if c.label != "PERSON" and len(c.key) == 1}
    absorbed: set[int] = set()
    for number, (candidate, span) in enumerate(zip(candidates, spans, strict=True)):
        if span is None or candidate.label != "PERSON":
            continue
        end = span.end
        while end < len(doc) and end not in owner and _loose_name_word(doc[end], elsewhere):
            owner[end] = number
            end += 1
        start = span.start
        # Only a lone surname or a name that opens with a particle ("dela Vega") is
        # widened to the left: before a full name stand titles and descriptions. A name
        # never opens with a lower-case particle, so the word before one is the given name
        # even where it opens the sentence ("Rodel dela Torre said"), or where the model
        # tagged it on its own ("[Ramon] [dela Cruz]").
        particle = doc[span.start].is_lower and doc[span.start].lower_ in NAME_PARTICLES
        lone = len(span) == 1 or particle
        while (
            lone
            and not candidate.titles
            and start > 0
            and start - 1 not in owner
            and _loose_name_word(doc[start - 1], elsewhere)
            and (particle or not doc[start - 1].is_sent_start)
        ):
            owner[start - 1] = number
            start -= 1
        given = owner.get(start - 1) if lone and start == span.start else None
        if (
            given is not None
            and not candidate.titles
            and not candidates[given].titles
            and spans[given] is not None
            and len(spans[given]) == 1
            and spans[given].end == start
            and _given_name_of(doc[start - 1], candidates[given].label, particle)
        ):
            absorbed.add(given)
            start -= 1
        if (start, end) != (span.start, span.end):
            candidate.start = min(candidate.start, doc[start].idx)
            candidate.end = max(candidate.end, doc[end - 1].idx + len(doc[end - 1].text))
            candidate.titled_start = min(candidate.titled_start, candidate.start)
            candidate.key = name_key(text[candidate.start : candidate.end])
    if absorbed:
        candidates[:] = [c for n, c in enumerate(candidates) if n not in absorbed]


def _given_name_of(token, label: str, particle: bool) -> bool:
    """Whether a one-word name the model tagged apart is the given name of the surname
    after it: any person's name before a particle ("[Ramon] [dela Cruz]"), and a known given
    name whatever the model called it ("[Jamal]" GPE "[Qassem]")."""
    if not (token.is_title and token.whitespace_ == " "):
        return False
    if particle and label == "PERSON":
        return True
    return token.pos_ == "PROPN" and pronoun_group_of(token.text) is not None


def _loose_name_word(token, elsewhere: set[str]) -> bool:
    return (
        token.is_title
        and token.pos_ == "PROPN"
        and len(token) > 1
        and not is_title_word(token.text)
        and not token.is_stop
        and token.text.casefold() not in elsewhere
    )


def untagged_person_names(doc: Doc, candidates: list[Candidate]) -> list[Candidate]:
    """Later surnames (and given names, when only one person has them) of people the
    article named in full, where the model tagged nothing."""
    text = doc_text(doc)
    surnames: dict[str, int] = {}
    given: dict[str, set[tuple[str, ...]]] = {}
    for candidate in candidates:
        words = candidate.key
        if "PERSON" not in (candidate.label, candidate.hint) or len(words) < 2:
            continue
        surface = text[candidate.start : candidate.end].split()
        if len(surface) != len(words) or not candidate.start > 0:
            continue
        while len(surface) > 2 and bare(surface[-1]) in GENERATIONS:
            surface = surface[:-1]
        last = surface[-1]
        if last.lower() not in NAME_PARTICLES:
            surnames[last] = min(surnames.get(last, candidate.start), candidate.start)
        given.setdefault(surface[0], set()).add(words)
    covered = _covered_tokens(doc, candidates)
    found = []
    for token in doc_tokens(doc):
        if token.i in covered or not (token.is_title or token.is_upper) or len(token) < 2:
            continue
        first_seen = surnames.get(token.text)
        if first_seen is None or first_seen >= token.idx:
            if len(given.get(token.text, ())) != 1 or token.pos_ != "PROPN":
                continue
            if token.text in surnames or bare(token.text) in TITLES:
                continue
        if token.i > 0 and doc[token.i - 1].lower_ in _PLACE_WORDS:
            continue  # "in Lincoln" is the town, whoever Maria Lincoln is
        start = token.idx
        # "Al Sadr", "dela Vega": particles just before the surname belong to it.
        index = token.i - 1
        while index >= 0 and index not in covered and doc[index].lower_ in NAME_PARTICLES:
            start = doc[index].idx
            index -= 1
        titles, titled_start = [], start
        while index >= 0 and index not in covered and bare(doc[index].text) in HONORIFICS:
            titles.insert(0, bare(doc[index].text))
            titled_start = doc[index].idx
            index -= 1
        end = token.idx + len(token.text)
        found.append(
            Candidate(
                start, end, "PERSON", name_key(text[start:end]), titles,
                titled_start=titled_start,
            )
        )  # fmt: skip
    return found


def acronyms(doc: Doc, candidates: list[Candidate]) -> list[Candidate]:
    """Acronyms of the article's organisations and places: set in brackets after the long
    name ("Kudankulam Nuclear Power Project (KKNPP)"), or the initials of a long name
    ("NIAID"), or an acronym the model tagged elsewhere; each gets the long form's label
    and, when bracketed, joins it."""
    text = doc_text(doc)
    by_end = {c.end: c for c in candidates if c.label != "PERSON" and len(c.key) > 1}
    by_initials: dict[str, Candidate] = {}
    for candidate in by_end.values():
        for initials in initials_of(text[candidate.start : candidate.end]):
            by_initials.setdefault(initials, candidate)
    known = {
        text[c.start : c.end]: c
        for c in candidates
        if c.label != "PERSON" and ACRONYM.fullmatch(text[c.start : c.end])
    }
    covering: dict[int, Candidate] = {}
    for candidate in candidates:
        span = doc.char_span(candidate.start, candidate.end, alignment_mode="expand")
        if span is not None:
            covering.update(dict.fromkeys(range(span.start, span.end), candidate))
    found = []
    for token in doc_tokens(doc):
        if not ACRONYM.fullmatch(token.text):
            continue
        end = token.idx + len(token.text)
        long_form = None
        if (
            1 < token.i < len(doc) - 1
            and doc[token.i - 1].text == "("
            and doc[token.i + 1].text == ")"
        ):
            before = doc[token.i - 2]
            long_form = by_end.get(before.idx + len(before.text))
        mine = covering.get(token.i)
        if mine is not None:
            if long_form is not None and (mine.start, mine.end) == (token.idx, end):
                mine.alias_of = long_form.start
            continue
        source = long_form or by_initials.get(token.text) or known.get(token.text)
        if source is None or (long_form is None and _in_capitals(doc, token.i)):
            continue
        found.append(
            Candidate(
                token.idx, end, source.label, (token.text.casefold(),),
                alias_of=long_form.start if long_form is not None else -1, votes=False,
            )
        )  # fmt: skip
    return found


def _in_capitals(doc: Doc, index: int) -> bool:
    """Whether the word stands among words in capitals ("WHY IT MATTERS"), where any
    word looks like an acronym."""
    neighbours = [doc[i] for i in (index - 1, index + 1) if 0 <= i < len(doc)]
    return any(t.is_upper and t.is_alpha and len(t) > 1 for t in neighbours)


# Words that may stand inside a listed name ("Bosnia and Herzegovina", "Gulf of Mexico").
_INNER_WORDS = frozenset({"and", "of", "the", "es", "de", "-", ","})


def untagged_known_names(
    doc: Doc, candidates: list[Candidate], people: set[str]
) -> list[Candidate]:
    """Places and bodies on the gazetteer's lists that the model left untagged, when they
    stand alone: "Fishermen off Sulawesi" is the island, but "Bank of Zambia" or "Zambia
    Airways" is a longer name the gazetteer does not know, and is left to the model; and a
    word of a person's name the article gives ("Kabul" after "Tariq Kabul": one of `people`,
    from `person_words`) is the person's."""
    text = doc_text(doc)
    tokens = doc_tokens(doc)
    covered = _covered_tokens(doc, candidates)
    found = []
    index = 0
    while index < len(tokens):
        token = tokens[index]
        if (
            index in covered
            or not (token.is_title or token.is_upper)
            or not token.is_alpha
            or not may_start_a_name(token.text)
        ):
            index += 1
            continue
        match = _known_at(doc, text, index, covered)
        if match is None:
            index += 1
            continue
        end, label = match
        if end - index == 1 and token.text.casefold() in people:
            index += 1
            continue
        start_char = token.idx
        end_char = tokens[end - 1].idx + len(tokens[end - 1].text)
        found.append(
            Candidate(start_char, end_char, label, name_key(text[start_char:end_char]), hint=label)
        )
        index = end
    return found


def _known_at(doc: Doc, text: str, index: int, covered: set[int]) -> tuple[int, str] | None:
    """(end token, label) of the longest listed name starting at token `index` that stands
    on its own, or None."""
    if index > 0 and _name_word(doc[index - 1]) and not doc[index].is_sent_start:
        return None
    if index > 1 and doc[index - 1].lower_ in ("of", "de") and _name_word(doc[index - 2]):
        return None
    if _in_capitals(doc, index):
        return None
    limit = min(len(doc), index + LONGEST)
    for end in range(limit, index, -1):
        last = doc[end - 1]
        inner = doc[index:end]
        if any(i in covered for i in range(index, end)) or not (last.is_title or last.is_upper):
            continue
        if any(not (t.is_title or t.is_upper or t.lower_ in _INNER_WORDS) for t in inner):
            continue
        label = known_label(text[inner.start_char : inner.end_char])
        if not label:
            continue
        if end < len(doc) and _name_word(doc[end]):
            return None  # "Zambia Airways": a longer name
        return end, label
    return None


def _name_word(token) -> bool:
    return token.is_title and token.pos_ == "PROPN"


def untagged_speakers(doc: Doc, candidates: list[Candidate]) -> list[Candidate]:
    """A given name and a surname that say something ("Theresa May said", "Hope Solo
    said") are a person, where the model tagged nothing there or took the pair for a date
    ("Tamsin Day"); such a date leaves `candidates`."""
    text = doc_text(doc)
    by_span = {(c.start, c.end): c for c in candidates}
    covered = _covered_tokens(doc, candidates)
    found, dates = [], []
    for token in doc_tokens(doc):
        if token.pos_ != "VERB" or token.lemma_.lower() not in SPEECH_CUES:
            continue
        for subject in token.children:
            if subject.dep_ != "nsubj" or subject.i == 0 or subject.i > token.i:
                continue
            given = doc[subject.i - 1]
            if given.dep_ != "compound" or given.head.i != subject.i:
                continue
            pair = (given, subject)
            if subject.left_edge.i != given.i or subject.right_edge.i != subject.i:
                continue
            if not all(t.is_title and t.pos_ == "PROPN" and t.is_alpha for t in pair):
                continue
            if pronoun_group_of(given.text) is None:
                continue
            start, end = given.idx, subject.idx + len(subject.text)
            date = by_span.get((start, end))
            if date is not None and date.label == "DATE":
                dates.append(date)
            elif given.i in covered or subject.i in covered:
                continue
            found.append(Candidate(start, end, "PERSON", name_key(text[start:end])))
    for date in dates:
        candidates.remove(date)
    return found
