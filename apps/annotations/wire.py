"""Annotation rows in the wire shape of the `pretag` contract (apps/nlp/wire.py)."""

from __future__ import annotations

from apps.annotations.models import EntityMention, Quote
from apps.nlp.wire import EntityWire, QuoteWire, entity_wire, quote_wire


def mention_as_wire(mention: EntityMention, body: str) -> EntityWire:
    """`mention.entity` should be loaded with the mention (select_related)."""
    return entity_wire(
        body=body,
        start=mention.start,
        end=mention.end,
        label=mention.label,
        entity=mention.entity.name if mention.entity else None,
    )


def quote_as_wire(quote: Quote, body: str, *, with_reason: bool = False) -> QuoteWire:
    """`quote.speaker_entity` should be loaded with the quote (select_related)."""
    return quote_wire(
        body=body,
        start=quote.start,
        end=quote.end,
        kind=quote.kind,
        cue=(quote.cue_start, quote.cue_end),
        speaker=(quote.speaker_start, quote.speaker_end),
        speaker_entity=quote.speaker_entity.name if quote.speaker_entity else None,
        speaker_type=quote.speaker_type,
        reason=quote.reason if with_reason else None,
    )
