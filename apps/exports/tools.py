"""Exports in the shapes other annotation tools import: Label Studio and doccano.

Entities, quotes and who said each: entity mentions are labelled spans, quotes are spans
labelled by their kind, and each quote's speaker is a relation from the speaker's span to
the quote (the speaker's own span is an entity mention where one covers it exactly, or a
span labelled SPEAKER). Offsets are code points into the text, as everywhere in Newsdesk.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass

from apps.annotations.models import Status
from apps.exports.documents import ArticleDocument, MentionRecord, QuoteRecord

SPEAKER_LABEL = "SPEAKER"
SPEAKER_RELATION = "speaker"


def quote_label(kind: str) -> str:
    return f"QUOTE_{kind.upper()}"


@dataclass(slots=True)
class Region:
    key: str
    start: int
    end: int
    text: str
    label: str
    control: str  # the Label Studio control ("label" for entities and speakers, "quote")
    suggested: bool


def _regions(d: ArticleDocument) -> tuple[list[Region], list[tuple[str, str, bool]]]:
    """The article's spans, and (speaker region, quote region, suggested) relations."""
    regions = [_mention_region(m) for m in d.mentions]
    by_span = {(r.start, r.end): r for r in regions}
    relations = []
    for n, q in enumerate(d.quotes):
        quote = _quote_region(d, q, n)
        regions.append(quote)
        if not q.speaker:
            continue
        span = (q.speaker["start"], q.speaker["end"])
        speaker = by_span.get(span)
        if speaker is None:
            speaker = Region(
                f"{quote.key}-speaker", *span, q.speaker["text"], SPEAKER_LABEL, "label",
                quote.suggested,
            )  # fmt: skip
            by_span[span] = speaker
            regions.append(speaker)
        relations.append((speaker.key, quote.key, quote.suggested))
    return regions, relations


def _with_speakers(
    regions: list[Region], suggested: bool, linked: list[tuple[str, str]]
) -> list[Region]:
    """The regions of one kind (suggested or not), and the speakers their relations name."""
    speakers = {s for s, _ in linked}
    return [r for r in regions if r.suggested is suggested or r.key in speakers]


def _mention_region(m: MentionRecord) -> Region:
    return Region(m.key, m.start, m.end, m.text, m.label, "label", m.status == Status.SUGGESTED)


def _quote_region(d: ArticleDocument, q: QuoteRecord, n: int) -> Region:
    return Region(
        f"q{d.id}-{n}", q.start, q.end, q.text, quote_label(q.kind), "quote",
        q.status == Status.SUGGESTED,
    )  # fmt: skip


def _studio_result(region: Region) -> dict:
    return {
        "id": region.key,
        "from_name": region.control,
        "to_name": "text",
        "type": "labels",
        "value": {
            "start": region.start,
            "end": region.end,
            "text": region.text,
            "labels": [region.label],
        },
    }


def _studio_relation(speaker: str, quote: str) -> dict:
    return {
        "from_id": speaker,
        "to_id": quote,
        "type": "relation",
        "direction": "right",
        "labels": [SPEAKER_RELATION],
    }


def label_studio_task(d: ArticleDocument) -> dict:
    """One Label Studio task: what people accepted (or published) as an annotation, the
    untouched suggestions as a prediction."""
    regions, relations = _regions(d)
    task: dict = {
        "data": {
            "text": d.body,
            "title": d.title,
            "article_id": d.id,
            "source": d.source,
            "url": d.url,
        },
        "annotations": [],
        "predictions": [],
    }
    for suggested, target, extra in (
        (False, "annotations", {}),
        (True, "predictions", {"model_version": d.tagger_version or "newsdesk"}),
    ):
        linked = [(s, q) for s, q, sug in relations if sug is suggested]
        result = [_studio_result(r) for r in _with_speakers(regions, suggested, linked)]
        result += [_studio_relation(s, q) for s, q in linked]
        if result:
            task[target].append({**extra, "result": result})
    return task


def label_studio_json(documents: Iterator[ArticleDocument]) -> Iterator[str]:
    """The JSON array of tasks that Label Studio's import takes, written as it streams."""
    yield "["
    for n, document in enumerate(documents):
        yield (
            ("," if n else "") + "\n" + json.dumps(label_studio_task(document), ensure_ascii=False)
        )
    yield "\n]\n"


LABEL_STUDIO_CONFIG = """<View>
  <Labels name="label" toName="text">
    <Label value="PERSON"/><Label value="ORG"/><Label value="GPE"/><Label value="NORP"/>
    <Label value="LOC"/><Label value="FAC"/><Label value="EVENT"/><Label value="PRODUCT"/>
    <Label value="DATE"/><Label value="WORK_OF_ART"/><Label value="LAW"/>
    <Label value="SPEAKER"/>
  </Labels>
  <Labels name="quote" toName="text">
    <Label value="QUOTE_DIRECT"/><Label value="QUOTE_PARTIAL"/><Label value="QUOTE_INDIRECT"/>
  </Labels>
  <Relations><Relation value="speaker"/></Relations>
  <Text name="text" value="$text"/>
</View>
"""


def doccano_relation_lines(documents: Iterator[ArticleDocument]) -> Iterator[str]:
    """doccano's "sequence labelling with relations" JSONL: entities with ids and offsets,
    relations between them by id. Suggestions left unchecked are left out, as doccano has
    no place for them."""
    for d in documents:
        regions, relations = _regions(d)
        linked = [(s, q) for s, q, suggested in relations if not suggested]
        kept = _with_speakers(regions, False, linked)
        ids = {r.key: n for n, r in enumerate(kept, start=1)}
        record = {
            "id": d.id,
            "text": d.body,
            "entities": [
                {"id": ids[r.key], "label": r.label, "start_offset": r.start, "end_offset": r.end}
                for r in kept
            ],
            "relations": [
                {"id": n, "from_id": ids[s], "to_id": ids[q], "type": SPEAKER_RELATION}
                for n, (s, q) in enumerate(linked, start=1)
            ],
            "meta": {"title": d.title, "source": d.source, "url": d.url},
        }
        yield json.dumps(record, ensure_ascii=False) + "\n"
