"""Plain result types of the pre-tagger: no Django, no spaCy objects.

Offsets are half-open code-point indices into the text that was tagged.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field


@dataclass(frozen=True, slots=True)
class TextSpan:
    start: int
    end: int
    text: str

    def as_dict(self) -> dict:
        return {"start": self.start, "end": self.end, "text": self.text}


@dataclass(slots=True)
class EntityMention:
    start: int
    end: int
    label: str
    text: str
    # Canonical name of the in-article entity this mention belongs to.
    entity: str

    def as_dict(self) -> dict:
        return asdict(self)


QUOTE_KINDS = ("direct", "partial", "indirect")
SPEAKER_TYPES = ("named", "pronoun", "anonymous", "document", "organisation", "group", "unknown")


@dataclass(slots=True)
class Quote:
    start: int
    end: int
    text: str
    kind: str
    cue: TextSpan | None = None
    speaker: TextSpan | None = None
    # Canonical entity name the speaker mention resolves to (pronouns resolved), if any.
    speaker_entity: str | None = None
    speaker_type: str = "unknown"
    # One short sentence for the annotator: which rule produced this quote and speaker.
    reason: str = ""

    def as_dict(self) -> dict:
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
    entities: list[EntityMention] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)

    def as_dict(self) -> dict:
        return {
            "id": self.id,
            "text": self.text,
            "entities": [m.as_dict() for m in self.entities],
            "quotes": [q.as_dict() for q in self.quotes],
        }
