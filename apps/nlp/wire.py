"""The wire shape of the `pretag` contract (DESIGN.md), defined once.

The `pretag` command, the JSON API, the exports, the importer and the workspace all speak
it: an article's text with its entity mentions and quotes, offsets as half-open code-point
indices into the text.
"""

from __future__ import annotations

from typing import NotRequired

# typing_extensions: pydantic (the API schema) reads a TypedDict only from there on 3.11.
from typing_extensions import TypedDict


class SpanWire(TypedDict):
    start: int
    end: int
    text: str


class EntityWire(TypedDict):
    start: int
    end: int
    label: str
    text: str
    # Canonical name of the entity the mention belongs to.
    entity: str


class QuoteWire(TypedDict):
    start: int
    end: int
    text: str
    kind: str
    cue: SpanWire | None
    speaker: SpanWire | None
    speaker_entity: str | None
    speaker_type: str
    # Which rule found the quote, for the annotator (the pre-tagger's output only).
    reason: NotRequired[str]


class ArticleWire(TypedDict):
    id: str
    text: str
    entities: list[EntityWire]
    quotes: list[QuoteWire]


Offsets = tuple[int, int] | tuple[int | None, int | None] | None


def span_wire(body: str, offsets: Offsets) -> SpanWire | None:
    if offsets is None or offsets[0] is None or offsets[1] is None:
        return None
    start, end = offsets
    return {"start": start, "end": end, "text": body[start:end]}


def entity_wire(*, body: str, start: int, end: int, label: str, entity: str | None) -> EntityWire:
    text = body[start:end]
    return {"start": start, "end": end, "label": label, "text": text, "entity": entity or text}


def quote_wire(
    *,
    body: str,
    start: int,
    end: int,
    kind: str,
    cue: Offsets,
    speaker: Offsets,
    speaker_entity: str | None,
    speaker_type: str,
    reason: str | None = None,
) -> QuoteWire:
    quote: QuoteWire = {
        "start": start,
        "end": end,
        "text": body[start:end],
        "kind": kind,
        "cue": span_wire(body, cue),
        "speaker": span_wire(body, speaker),
        "speaker_entity": speaker_entity or None,
        "speaker_type": speaker_type,
    }
    if reason is not None:
        quote["reason"] = reason
    return quote
