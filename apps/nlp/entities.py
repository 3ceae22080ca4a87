"""Entity mentions from spaCy's NER, tidied, relabelled where the article is sure, and
grouped under one canonical name per real-world thing within the article.

Pure functions over a spaCy `Doc`; no Django.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import dataclass

from spacy.tokens import Doc

from apps.nlp.types import FoundMention

# Numbers say little about who or what a story is about and swamp the annotator.
SKIPPED_LABELS = frozenset({"CARDINAL", "ORDINAL", "QUANTITY", "PERCENT"})
HONORIFICS = frozenset(
    [
        "Mr",
        "Mr.",
        "Mrs",
        "Mrs.",
        "Ms",
        "Ms.",
        "Miss",
        "Dr",
        "Dr.",
        "Prof",
        "Prof.",
        "Sir",
        "Dame",
        "Lord",
        "Lady",
        "Sheikh",
        "Rev",
        "Rev.",
    ]
)
# Labels spaCy's small model confuses with one another for names it has not seen.
NAME_LABELS = frozenset({"PERSON", "ORG", "GPE", "NORP", "LOC", "FAC", "PRODUCT"})
_POSSESSIVE = re.compile(r"(?:['’]s|s['’])$")
_EDGE_PUNCT = "\"'“”‘’«»()[]{}<>.,;:!?—–-*_ \n"
_BRACKET = re.compile(r"[\[\](){}]")
_DETERMINERS = ("the ", "The ")
_ACRONYM = re.compile(r"^[A-Z][A-Z&]{1,7}$")
_FUNCTION_WORDS = frozenset({"of", "for", "the", "and", "in", "on", "at", "de", "al"})


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
_MODIFIER_LABELS = frozenset({"NORP", "GPE"})
_NAMING_WORDS = frozenset({"called", "named", "dubbed", "known", "as"})


@dataclass(slots=True)
class _Raw:
    start: int
    end: int
    label: str
    honorific: bool
    after_determiner: bool
    key: tuple[str, ...]
    org_context: bool = False


def extract_mentions(
    doc: Doc, *, skipped_labels: frozenset[str] = SKIPPED_LABELS
) -> list[FoundMention]:
    """spaCy's entities as tidy mentions, each carrying its canonical in-article entity name."""
    text = doc.text
    raws: list[_Raw] = []
    for ent in doc.ents:
        if ent.label_ in skipped_labels:
            continue
        span = _tidy(text, ent.start_char, ent.end_char)
        if span is None:
            continue
        start, end = span
        honorific = False
        previous = ent.start - 1
        if ent.label_ in NAME_LABELS and previous >= 0 and doc[previous].text in HONORIFICS:
            honorific = True
            start = doc[previous].idx
        elif text[start:end].split(" ", 1)[0] in HONORIFICS:
            honorific = True
        after_determiner = previous >= 0 and doc[previous].lower_ == "the"
        raws.append(
            _Raw(
                start,
                end,
                ent.label_,
                honorific,
                after_determiner,
                _key(text[start:end]),
                org_context=ent.label_ in NAME_LABELS and not honorific and _org_context(ent),
            )
        )
    raws.extend(_untagged_honorific_names(doc))
    raws.sort(key=lambda r: (r.start, r.end))
    return _cluster(text, raws)


_NAME_PARTICLES = frozenset({"Al", "al", "bin", "ibn", "de", "van", "von", "der", "du", "El", "el"})


def _untagged_honorific_names(doc: Doc) -> list[_Raw]:
    """'Mr Knights' that the model left untagged is still a person: an honorific says so."""
    tagged = {token.i for ent in doc.ents for token in ent}
    found = []
    index = 0
    while index < len(doc) - 1:
        token = doc[index]
        if token.text not in HONORIFICS or index + 1 in tagged or not doc[index + 1].is_title:
            index += 1
            continue
        end = index + 1
        while (
            end < len(doc)
            and end not in tagged
            and (
                doc[end].is_title
                or (
                    doc[end].text in _NAME_PARTICLES
                    and end + 1 < len(doc)
                    and doc[end + 1].is_title
                )
            )
        ):
            end += 1
        span = _tidy(doc.text, token.idx, doc[end - 1].idx + len(doc[end - 1].text))
        if span is not None:
            start, stop = span
            found.append(_Raw(start, stop, "PERSON", True, False, _key(doc.text[start:stop])))
        index = end
    return found


def _org_context(ent) -> bool:
    """Whether the words around a name say it names an organisation."""
    doc = ent.doc
    index = ent.start - 1
    while index >= 0 and doc[index].lower_ in _NAMING_WORDS:
        index -= 1
    if index >= 0 and doc[index].lemma_.lower() in ORG_NOUNS and doc[index].pos_ == "NOUN":
        return True
    following = doc[ent.end] if ent.end < len(doc) else None
    if (
        ent.label_ not in _MODIFIER_LABELS
        and following is not None
        and following.pos_ == "NOUN"
        and following.lemma_.lower() in ORG_NOUNS
    ):
        return True
    root = ent.root
    if root.dep_ == "appos" and root.head.lemma_.lower() in ORG_NOUNS:
        return True
    return any(c.dep_ == "appos" and c.lemma_.lower() in ORG_NOUNS for c in root.children)


def _tidy(text: str, start: int, end: int) -> tuple[int, int] | None:
    """Drop possessives, brackets, edge punctuation and a leading 'the' from an entity span."""
    surface = text[start:end]
    # "Ibrahim] Jaafari": a bracket inside a name span means it spans an editorial insertion.
    pieces = [m for m in re.finditer(r"[^\[\](){}]+", surface) if m.group().strip(_EDGE_PUNCT)]
    if not pieces:
        return None
    if len(pieces) > 1 and _BRACKET.search(surface):
        piece = pieces[-1]
        start, end = start + piece.start(), start + piece.end()
    while start < end and text[start] in _EDGE_PUNCT:
        start += 1
    while start < end and text[end - 1] in _EDGE_PUNCT:
        end -= 1
    match = _POSSESSIVE.search(text[start:end])
    if match and end - start > 2:
        trimmed = end - (
            2 if text[end - 1] in "'’" and text[end - 2] == "s" else len(match.group())
        )
        # "Mr Maliki's" → "Mr Maliki"; "Chalabis'" → "Chalabis"
        end = trimmed if text[end - 1] not in "'’" else end - 1
        while start < end and text[end - 1] in _EDGE_PUNCT:
            end -= 1
    if text[start:end].startswith(_DETERMINERS):
        start += 4
    return (start, end) if start < end else None


def _key(surface: str) -> tuple[str, ...]:
    words = surface.replace(".", " ").split()
    while words and words[0] in HONORIFICS | {h.rstrip(".") for h in HONORIFICS}:
        words = words[1:]
    return tuple(w.casefold() for w in words)


def _acronym_of(words: tuple[str, ...], surface: str) -> str:
    capitals = [w for w in surface.split() if w[:1].isupper() and w.lower() not in _FUNCTION_WORDS]
    return "".join(w[0] for w in capitals) if len(capitals) >= 2 else ""


class _Groups:
    """Union-find over key strings."""

    def __init__(self) -> None:
        self.parent: dict[tuple[str, ...], tuple[str, ...]] = {}

    def find(self, item: tuple[str, ...]) -> tuple[str, ...]:
        self.parent.setdefault(item, item)
        while self.parent[item] != item:
            self.parent[item] = self.parent[self.parent[item]]
            item = self.parent[item]
        return item

    def union(self, a: tuple[str, ...], b: tuple[str, ...]) -> None:
        root_a, root_b = self.find(a), self.find(b)
        if root_a != root_b:
            # Keep the longer key as the root so it names the group.
            if len(root_b) > len(root_a):
                root_a, root_b = root_b, root_a
            self.parent[root_b] = root_a


def _cluster(text: str, raws: list[_Raw]) -> list[FoundMention]:
    # A name-like mention's key is ("name", words); others keep their label in the key, so a
    # DATE "May" never joins a PERSON "May".
    def group_key(raw: _Raw) -> tuple[str, ...]:
        if raw.label not in NAME_LABELS:
            return (raw.label, *raw.key)
        # "the Knights" is not Mr Knights: after "the", a name joins only a non-person group.
        return ("the" if raw.after_determiner else "name", *raw.key)

    votes: dict[tuple[str, ...], Counter] = defaultdict(Counter)
    first_surface: dict[tuple[str, ...], str] = {}
    for raw in raws:
        key = group_key(raw)
        votes[key][raw.label] += 1
        if raw.org_context:
            votes[key]["ORG"] += 2
        if raw.honorific:
            votes[key]["PERSON"] += 3
        first_surface.setdefault(key, _surface_without_honorific(text, raw))

    def label_of(key: tuple[str, ...]) -> str:
        return votes[key].most_common(1)[0][0]

    groups = _Groups()
    keys = sorted(votes, key=len, reverse=True)
    name_keys = [k for k in keys if k[0] in ("name", "the") and len(k) > 1]
    for key in name_keys:
        groups.find(key)
    # Short person names join the longest name they end with:
    # "Maliki", "Al Maliki" → "Nouri Al Maliki".
    # A lone surname the model took for an organisation ("Costa" after "Rafael Costa") too.
    for index, short in enumerate(name_keys):
        lone_surname = len(short) == 2 and short[0] == "name" and label_of(short) == "ORG"
        if label_of(short) != "PERSON" and not lone_surname:
            continue
        for long in name_keys[:index]:
            if (
                len(long) > len(short)
                and long[-(len(short) - 1) :] == short[1:]
                and label_of(long)
                in (("PERSON",) if lone_surname else ("PERSON", "ORG", "GPE", "NORP"))
            ):
                groups.union(long, short)
                break
    # Acronyms join the long form they abbreviate: "PMF" → "Popular Mobilisation Forces".
    acronyms = {
        k: first_surface[k] for k in name_keys if len(k) == 2 and _ACRONYM.match(first_surface[k])
    }
    if acronyms:
        for key in name_keys:
            if len(key) > 2 and label_of(key) != "PERSON":
                initials = _acronym_of(key, first_surface[key])
                for acronym_key, surface in acronyms.items():
                    if initials and initials == surface:
                        groups.union(key, acronym_key)

    for key in keys:
        if (
            key[0] == "the"
            and ("name", *key[1:]) in votes
            and label_of(("name", *key[1:])) != "PERSON"
        ):
            groups.union(("name", *key[1:]), key)

    members: dict[tuple[str, ...], list[tuple[str, ...]]] = defaultdict(list)
    for key in keys:
        members[groups.find(key)].append(key)
    group_label: dict[tuple[str, ...], str] = {}
    group_name: dict[tuple[str, ...], str] = {}
    for root, member_keys in members.items():
        total: Counter = Counter()
        for key in member_keys:
            total.update(votes[key])
        group_label[root] = total.most_common(1)[0][0]
        group_name[root] = first_surface[root]

    mentions = []
    for raw in raws:
        root = groups.find(group_key(raw))
        label = group_label[root] if raw.label in NAME_LABELS else raw.label
        mentions.append(
            FoundMention(
                start=raw.start,
                end=raw.end,
                label=label,
                text=text[raw.start : raw.end],
                entity=group_name[root],
            )
        )
    return mentions


def _surface_without_honorific(text: str, raw: _Raw) -> str:
    surface = text[raw.start : raw.end]
    first, _, rest = surface.partition(" ")
    if first in HONORIFICS and rest:
        return rest
    return surface
