"""What people taught the pre-tagger, applied as a pure post-pass over its entity mentions.

No retraining: the newsroom's corrections become data that the next pre-tag reads.

- The registry's names and aliases (case-insensitive, whole words) link a mention to the
  registry entry, with the registry's label and canonical name; a registry name the model
  missed is tagged where it stands capitalised in the text.
- A label people confirmed for a surface form in published articles wins over the model's.
- A surface form people rejected often enough is not suggested again.
"""

from __future__ import annotations

import bisect
import functools
import hashlib
import json
import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc
from spacy.vocab import Vocab

from apps.nlp.docs import doc_text
from apps.nlp.types import FoundMention

# Labels the small model confuses with one another for a name it has not seen; a label
# people confirmed replaces the model's only within them ("Chinese" the language and the
# people is a reading of the sentence, not a name mistaken).
CONFUSABLE_LABELS = frozenset({"PERSON", "ORG", "GPE", "NORP", "LOC", "FAC", "PRODUCT", "EVENT"})
_ACRONYM = re.compile(r"^[A-Z][A-Z.&]{1,9}$")


def surface_key(text: str) -> str:
    """The form under which a surface is known: case and spacing do not matter."""
    return " ".join(text.split()).casefold()


@dataclass(frozen=True, slots=True)
class RegistryName:
    """One registry entry: its canonical name, label and the other names it goes by."""

    id: int
    name: str
    label: str
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True)
class Knowledge:
    registry: tuple[RegistryName, ...] = ()
    # Surface key -> the label people confirmed most for it in published articles.
    confirmed_labels: dict[str, str] = field(default_factory=dict)
    # Surface keys people rejected often enough that they are not suggested again.
    rejected: frozenset[str] = frozenset()

    @functools.cached_property
    def version(self) -> str:
        """Short and stable: part of the tagger version, so re-tagging knows old knowledge."""
        if not (self.registry or self.confirmed_labels or self.rejected):
            return "0"
        digest = hashlib.sha256(
            json.dumps(
                [
                    sorted((r.id, r.name, r.label, sorted(r.aliases)) for r in self.registry),
                    sorted(self.confirmed_labels.items()),
                    sorted(self.rejected),
                ],
                ensure_ascii=False,
            ).encode("utf-8")
        )
        return digest.hexdigest()[:10]

    @functools.cached_property
    def by_surface(self) -> dict[str, RegistryName]:
        """Every name and alias of the registry by surface key; a canonical name wins."""
        known: dict[str, RegistryName] = {}
        for entry in self.registry:
            for alias in entry.aliases:
                known.setdefault(surface_key(alias), entry)
        for entry in self.registry:
            known[surface_key(entry.name)] = entry
        return known

    @functools.cached_property
    def taggable(self) -> tuple[str, ...]:
        """The surfaces worth tagging where the model saw nothing: canonical names, names of
        several words and acronyms. A one-word alias ("Hudson", "East") only links a mention
        the model found, since on its own it is as often another thing."""
        surfaces = {surface_key(entry.name) for entry in self.registry}
        for entry in self.registry:
            for alias in entry.aliases:
                if " " in alias.strip() or _ACRONYM.match(alias.strip()):
                    surfaces.add(surface_key(alias))
        return tuple(sorted(s for s in surfaces if s))

    def is_empty(self) -> bool:
        return self.version == "0"


NO_KNOWLEDGE = Knowledge()


_MATCHERS: dict[tuple[int, str], PhraseMatcher] = {}


def _matcher(vocab: Vocab, knowledge: Knowledge) -> PhraseMatcher:
    # Built once per vocabulary and state of knowledge: adding 10,000 names takes a moment,
    # and matching them is linear in the text.
    key = (id(vocab), knowledge.version)
    matcher = _MATCHERS.get(key)
    if matcher is None:
        from spacy.lang.en import English

        tokenizer = English(vocab=vocab).tokenizer
        matcher = PhraseMatcher(vocab, attr="LOWER")
        matcher.add("REGISTRY", list(tokenizer.pipe(knowledge.taggable)))
        if len(_MATCHERS) > 4:
            _MATCHERS.clear()
        _MATCHERS[key] = matcher
    return matcher


class _Taken:
    """Character spans already claimed, sorted, for overlap checks in logarithmic time."""

    def __init__(self, spans: Iterable[tuple[int, int]]) -> None:
        self.spans = sorted(spans)

    def overlaps(self, start: int, end: int) -> bool:
        i = bisect.bisect_left(self.spans, (end, end))
        # Of the spans starting before `end`, only the last ones can reach past `start`:
        # mentions do not overlap one another, so their ends rise with their starts.
        return any(s < end and start < e for s, e in self.spans[max(0, i - 2) : i])

    def add(self, start: int, end: int) -> None:
        bisect.insort(self.spans, (start, end))


def apply_knowledge(
    doc: Doc, mentions: list[FoundMention], knowledge: Knowledge = NO_KNOWLEDGE
) -> list[FoundMention]:
    """The mentions with what people taught applied; returns a new list in text order."""
    if knowledge.is_empty():
        return mentions
    text = doc_text(doc)
    known = knowledge.by_surface
    kept: list[FoundMention] = []
    for mention in mentions:
        key = surface_key(mention.text)
        entry = known.get(key)
        if entry is None and key in knowledge.rejected:
            continue
        label = entry.label if entry else _confirmed(knowledge, key, mention.label)
        kept.append(FoundMention(mention.start, mention.end, label, mention.text, mention.entity))
    kept.extend(_missed_registry_names(doc, kept, knowledge))
    kept.sort(key=lambda m: (m.start, m.end))
    return _group_under_registry(text, kept, known)


def _confirmed(knowledge: Knowledge, key: str, label: str) -> str:
    confirmed = knowledge.confirmed_labels.get(key, label)
    if label in CONFUSABLE_LABELS and confirmed in CONFUSABLE_LABELS:
        return confirmed
    return label


def _missed_registry_names(
    doc: Doc, mentions: list[FoundMention], knowledge: Knowledge
) -> Iterable[FoundMention]:
    """Registry names and aliases standing in the text where the model tagged nothing."""
    known = knowledge.by_surface
    if not known:
        return []
    matcher = _matcher(doc.vocab, knowledge)
    taken = _Taken((m.start, m.end) for m in mentions)
    found: list[FoundMention] = []
    # Longest match first, so "Nouri al-Maliki" wins over "Maliki" inside it.
    spans = sorted(
        (doc[start:end] for _, start, end in matcher(doc)),
        key=lambda s: (-(s.end_char - s.start_char), s.start_char),
    )
    for span in spans:
        start, end = span.start_char, span.end_char
        # Where the model saw no name, a name must look like one: "Day" is Doris Day's,
        # "day" is not; linking what the model did tag ignores case.
        if not span.text[:1].isupper() or "\n" in span.text or taken.overlaps(start, end):
            continue
        entry = known.get(surface_key(span.text))
        if entry is None:
            continue
        taken.add(start, end)
        found.append(FoundMention(start, end, entry.label, span.text, entry.name))
    return found


def _group_under_registry(
    text: str, mentions: list[FoundMention], known: dict[str, RegistryName]
) -> list[FoundMention]:
    """An in-article entity any of whose mentions the registry knows takes its canonical name."""
    canonical: dict[tuple[str, str], str] = {}
    for mention in mentions:
        entry = known.get(surface_key(mention.text))
        if entry is not None and entry.label == mention.label:
            canonical.setdefault((mention.entity, mention.label), entry.name)
    if not canonical:
        return mentions
    return [
        FoundMention(m.start, m.end, m.label, m.text, canonical.get((m.entity, m.label), m.entity))
        for m in mentions
    ]
