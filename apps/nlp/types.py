"""Plain result types of the pre-tagger: no Django, no spaCy objects.

Offsets are half-open code-point indices into the text that was tagged.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from enum import StrEnum

from apps.nlp.wire import ArticleWire, EntityWire, QuoteWire, SpanWire


@dataclass(frozen=True, slots=True)
class TextSpan:
    start: int
    end: int
    text: str

    def as_dict(self) -> SpanWire:
        return {"start": self.start, "end": self.end, "text": self.text}


@dataclass(slots=True)
class FoundMention:
    start: int
    end: int
    label: str
    text: str
    # Canonical name of the in-article entity this mention belongs to.
    entity: str

    def as_dict(self) -> EntityWire:
        return asdict(self)  # type: ignore[return-value]


class QuoteKind(StrEnum):
    """How a quote is given: in marks, as a quoted fragment, or as reported speech."""

    DIRECT = "direct"
    PARTIAL = "partial"
    INDIRECT = "indirect"


class SpeakerType(StrEnum):
    """What kind of source a speaker is."""

    NAMED = "named"
    PRONOUN = "pronoun"
    ANONYMOUS = "anonymous"
    DOCUMENT = "document"
    ORGANISATION = "organisation"
    GROUP = "group"
    UNKNOWN = "unknown"


QUOTE_KINDS: tuple[str, ...] = tuple(QuoteKind)
SPEAKER_TYPES: tuple[str, ...] = tuple(SpeakerType)

# Entity labels whose mention, as a speaker, makes the speaker an organisation, a group or
# a document. The workspace receives this mapping from the server, so the two never disagree.
ORGANISATION_LABELS = frozenset({"ORG", "GPE", "FAC"})
GROUP_LABELS = frozenset({"NORP"})
DOCUMENT_LABELS = frozenset({"WORK_OF_ART", "LAW", "PRODUCT"})


def speaker_type_for_label(label: str) -> SpeakerType:
    """The kind of speaker an entity mention of `label` names."""
    if label in ORGANISATION_LABELS:
        return SpeakerType.ORGANISATION
    if label in GROUP_LABELS:
        return SpeakerType.GROUP
    if label in DOCUMENT_LABELS:
        return SpeakerType.DOCUMENT
    return SpeakerType.NAMED


# The personal pronouns a speaker can be named by, with what each can stand for.
PERSONAL_PRONOUNS = {
    "he": "person",
    "she": "person",
    "him": "person",
    "her": "person",
    "they": "plural",
    "them": "plural",
    "it": "thing",
    "i": "self",
    "we": "self",
    "you": "self",
}


def is_personal_pronoun(text: str) -> bool:
    """ "She", "they": a speaker named by a pronoun, to be resolved to its antecedent."""
    return text.strip().lower() in PERSONAL_PRONOUNS


@dataclass(slots=True)
class FoundQuote:
    start: int
    end: int
    text: str
    kind: str
    cue: TextSpan | None = None
    speaker: TextSpan | None = None
    # Canonical entity name the speaker mention resolves to (pronouns resolved), if any.
    speaker_entity: str | None = None
    speaker_type: str = SpeakerType.UNKNOWN
    # One short sentence for the annotator: which rule produced this quote and speaker.
    reason: str = ""

    def as_dict(self) -> QuoteWire:
        return {
            "start": self.start,
            "end": self.end,
            "text": self.text,
            "kind": self.kind,
            "cue": self.cue.as_dict() if self.cue else None,
            "speaker": self.speaker.as_dict() if self.speaker else None,
            "speaker_entity": self.speaker_entity,
            "speaker_type": self.speaker_type,
            "reason": self.reason,
        }


@dataclass(slots=True)
class PretagResult:
    id: str
    text: str
    entities: list[FoundMention] = field(default_factory=list)
    quotes: list[FoundQuote] = field(default_factory=list)

    def as_dict(self) -> ArticleWire:
        return {
            "id": self.id,
            "text": self.text,
            "entities": [m.as_dict() for m in self.entities],
            "quotes": [q.as_dict() for q in self.quotes],
        }
