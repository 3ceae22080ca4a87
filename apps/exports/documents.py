"""Whole-article exports: JSONL in the `pretag` shape, doccano and Label Studio JSONL, spaCy
DocBin and CoNLL-2003, and the article and mention CSV rows of published versions (their
quote rows are read from the frozen quote table, in csv_exports.py).

Both versions of the annotations become the same plain `ArticleDocument`, so every format
reads either. Articles are read in chunks with their annotations, so memory holds one chunk
at a time (the DocBin format itself is one blob, built in memory).
"""

from __future__ import annotations

import datetime
import functools
import json
from collections.abc import Iterator
from dataclasses import dataclass, field

from django.db.models import QuerySet

from apps.annotations.models import Status
from apps.articles.models import Article
from apps.core.csv import csv_lines
from apps.exports.selectors import (
    PUBLISHED,
    WORKING,
    export_mentions,
    export_published_versions,
    export_quotes,
)
from apps.nlp.wire import entity_wire, quote_wire, span_wire

ARTICLES_PER_CHUNK = 200
PUBLISHED_STATUS = "published"


@dataclass(slots=True)
class MentionRecord:
    start: int
    end: int
    label: str
    text: str
    entity: str
    status: str
    key: str = ""


@dataclass(slots=True)
class QuoteRecord:
    start: int
    end: int
    text: str
    kind: str
    cue: dict | None
    speaker: dict | None
    speaker_entity: str | None
    speaker_type: str
    status: str
    reason: str = ""


@dataclass(slots=True)
class ArticleDocument:
    id: int
    title: str
    byline: str
    source: str
    url: str
    published_at: datetime.date | None
    body: str
    tagger_version: str
    mentions: list[MentionRecord] = field(default_factory=list)
    quotes: list[QuoteRecord] = field(default_factory=list)


def article_documents(
    *, articles: QuerySet[Article], version: str = PUBLISHED, accepted_only: bool = False
) -> Iterator[ArticleDocument]:
    if version == WORKING:
        return _working_documents(articles, accepted_only)
    return _published_documents(articles)


def _working_documents(
    articles: QuerySet[Article], accepted_only: bool
) -> Iterator[ArticleDocument]:
    ids = list(articles.order_by("id").values_list("id", flat=True))
    for offset in range(0, len(ids), ARTICLES_PER_CHUNK):
        chunk = Article.objects.filter(id__in=ids[offset : offset + ARTICLES_PER_CHUNK])
        documents = {
            a.id: ArticleDocument(
                a.id, a.title, a.byline, a.source, a.url, a.published_at, a.body, a.tagger_version
            )
            for a in chunk.order_by("id")
        }
        options = {"version": WORKING, "accepted_only": accepted_only}
        for m in export_mentions(articles=chunk, **options).select_related("entity"):
            body = documents[m.article_id].body
            documents[m.article_id].mentions.append(
                MentionRecord(
                    m.start, m.end, m.label, body[m.start : m.end],
                    m.entity.name if m.entity else body[m.start : m.end], m.status, f"m{m.id}",
                )
            )  # fmt: skip
        for q in export_quotes(articles=chunk, **options).select_related("speaker_entity"):
            body = documents[q.article_id].body
            documents[q.article_id].quotes.append(
                QuoteRecord(
                    q.start, q.end, body[q.start : q.end], q.kind,
                    span_wire(body, (q.cue_start, q.cue_end)),
                    span_wire(body, (q.speaker_start, q.speaker_end)),
                    q.speaker_entity.name if q.speaker_entity else None,
                    q.speaker_type, q.status, q.reason,
                )
            )  # fmt: skip
        yield from documents.values()


def _published_documents(articles: QuerySet[Article]) -> Iterator[ArticleDocument]:
    versions = export_published_versions(articles=articles)
    for v in versions.iterator(chunk_size=ARTICLES_PER_CHUNK):
        entities = v.annotations.get("entities", [])
        quotes = v.annotations.get("quotes", [])
        yield ArticleDocument(
            v.article_id, v.title, v.byline, v.source, v.url, v.article_date, v.body,
            f"published version {v.number}",
            [
                MentionRecord(
                    e["start"], e["end"], e["label"], v.body[e["start"] : e["end"]],
                    e.get("entity") or v.body[e["start"] : e["end"]], PUBLISHED_STATUS,
                    f"v{v.id}-{n}",
                )
                for n, e in enumerate(entities)
            ],
            [
                QuoteRecord(
                    q["start"], q["end"], v.body[q["start"] : q["end"]], q["kind"], q.get("cue"),
                    q.get("speaker"), q.get("speaker_entity"), q.get("speaker_type", "unknown"),
                    PUBLISHED_STATUS, q.get("reason", ""),
                )
                for q in quotes
            ],
        )  # fmt: skip


def _offsets(span: dict | None) -> tuple[int, int] | None:
    return (span["start"], span["end"]) if span else None


def pretag_record(document: ArticleDocument) -> dict:
    """The DESIGN.md `pretag` shape, plus the article's metadata so it can be imported again."""
    return {
        "id": str(document.id),
        "text": document.body,
        "entities": [
            entity_wire(
                body=document.body, start=m.start, end=m.end, label=m.label, entity=m.entity
            )
            for m in document.mentions
        ],
        "quotes": [
            quote_wire(
                body=document.body,
                start=q.start,
                end=q.end,
                kind=q.kind,
                cue=_offsets(q.cue),
                speaker=_offsets(q.speaker),
                speaker_entity=q.speaker_entity,
                speaker_type=q.speaker_type,
                reason=q.reason,
            )
            for q in document.quotes
        ],
        "title": document.title,
        "byline": document.byline,
        "source": document.source,
        "url": document.url,
        "published_at": document.published_at.isoformat() if document.published_at else None,
    }


def _jsonl(record: dict) -> str:
    return json.dumps(record, ensure_ascii=False) + "\n"


def pretag_lines(documents: Iterator[ArticleDocument]) -> Iterator[str]:
    for document in documents:
        yield _jsonl(pretag_record(document))


def doccano_lines(documents: Iterator[ArticleDocument]) -> Iterator[str]:
    """doccano's sequence-labelling JSONL: text plus [start, end, label] triples."""
    for d in documents:
        yield _jsonl(
            {
                "id": d.id,
                "text": d.body,
                "label": [[m.start, m.end, m.label] for m in d.mentions],
                "meta": {"title": d.title, "source": d.source, "url": d.url},
            }
        )


def _label_studio_result(mention: MentionRecord) -> dict:
    return {
        "id": mention.key,
        "from_name": "label",
        "to_name": "text",
        "type": "labels",
        "value": {
            "start": mention.start,
            "end": mention.end,
            "text": mention.text,
            "labels": [mention.label],
        },
    }


def label_studio_lines(documents: Iterator[ArticleDocument]) -> Iterator[str]:
    """Label Studio tasks for a `<Labels name="label" toName="text">` config: accepted and
    published mentions as annotations, untouched suggestions as predictions."""
    for d in documents:
        accepted = [m for m in d.mentions if m.status != Status.SUGGESTED]
        suggested = [m for m in d.mentions if m.status == Status.SUGGESTED]
        task: dict = {
            "data": {"text": d.body, "title": d.title, "article_id": d.id},
            "annotations": [],
            "predictions": [],
        }
        if accepted:
            task["annotations"].append({"result": [_label_studio_result(m) for m in accepted]})
        if suggested:
            task["predictions"].append(
                {
                    "model_version": d.tagger_version or "newsdesk",
                    "result": [_label_studio_result(m) for m in suggested],
                }
            )
        yield _jsonl(task)


@functools.cache
def _tokenizer():
    """spaCy's English tokenizer and a rule-based sentence splitter; no model is loaded."""
    import spacy

    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    return nlp


# Labels Newsdesk never annotates: where they might stand (numbers), a token's entity is
# unknown, not "outside", so that training on the export does not teach a model to forget them.
UNANNOTATED_LABELS = ("CARDINAL", "ORDINAL", "QUANTITY", "PERCENT")


def _entity_doc(document: ArticleDocument, *, mark_missing: bool = False):
    from spacy.util import filter_spans

    nlp = _tokenizer()
    doc = nlp(document.body)
    spans = []
    for mention in document.mentions:
        span = doc.char_span(
            mention.start, mention.end, label=mention.label, alignment_mode="expand"
        )
        if span is not None:
            spans.append(span)
    # Training data cannot hold overlapping entities: the longest span wins.
    entities = filter_spans(spans)
    if not mark_missing:
        doc.ents = entities
        return doc
    inside = {token.i for span in entities for token in span}
    missing = [
        doc[t.i : t.i + 1]
        for t in doc
        if t.i not in inside and (t.like_num or any(c.isdigit() for c in t.text) or t.text == "%")
    ]
    doc.set_ents(entities, missing=missing, default="outside")
    return doc


def _training_doc(document: ArticleDocument):
    """An article as spaCy training data: entities (numbers marked missing), its quotes and
    their speakers as span groups, its id and metadata in `user_data`."""
    doc = _entity_doc(document, mark_missing=True)
    quotes, speakers, quote_speakers = [], [], []
    for quote in document.quotes:
        span = doc.char_span(quote.start, quote.end, label=quote.kind, alignment_mode="expand")
        if span is None:
            continue
        speaker = None
        if quote.speaker:
            speaker = doc.char_span(
                quote.speaker["start"],
                quote.speaker["end"],
                label=quote.speaker_type,
                alignment_mode="expand",
            )
        quotes.append(span)
        quote_speakers.append(len(speakers) if speaker is not None else None)
        if speaker is not None:
            speakers.append(speaker)
    doc.spans["quotes"] = quotes
    doc.spans["speakers"] = speakers
    doc.user_data = {
        "id": document.id,
        "title": document.title,
        "source": document.source,
        "url": document.url,
        "published_at": document.published_at.isoformat() if document.published_at else None,
        "tagger_version": document.tagger_version,
        "unannotated_labels": list(UNANNOTATED_LABELS),
        # The speaker of doc.spans["quotes"][i], as an index into doc.spans["speakers"].
        "quote_speakers": quote_speakers,
    }
    return doc


def docbin_bytes(documents: Iterator[ArticleDocument]) -> bytes:
    from spacy.tokens import DocBin

    docbin = DocBin(store_user_data=True)
    for document in documents:
        docbin.add(_training_doc(document))
    return docbin.to_bytes()


def conll_lines(documents: Iterator[ArticleDocument]) -> Iterator[str]:
    """CoNLL-2003 columns (token, POS, chunk, NER in BIO); POS and chunk are not known."""
    for document in documents:
        doc = _entity_doc(document)
        lines = ["-DOCSTART- -X- -X- O", ""]
        for sentence in doc.sents:
            tokens = [t for t in sentence if not t.is_space]
            if not tokens:
                continue
            for token in tokens:
                tag = f"{token.ent_iob_}-{token.ent_type_}" if token.ent_type_ else "O"
                lines.append(f"{token.text} -X- _ {tag}")
            lines.append("")
        yield "\n".join(lines) + "\n"


def published_article_lines(
    documents: Iterator[ArticleDocument], *, formula_safe: bool = True
) -> Iterator[str]:
    from apps.exports.csv_exports import ARTICLE_COLUMNS

    rows = (
        [d.id, d.title, d.byline, d.source, d.url, d.published_at, None, "", d.tagger_version,
         len(d.body), len(d.mentions), len(d.quotes)]
        for d in documents
    )  # fmt: skip
    return csv_lines(ARTICLE_COLUMNS, rows, formula_safe=formula_safe)


def published_mention_lines(
    documents: Iterator[ArticleDocument], *, formula_safe: bool = True
) -> Iterator[str]:
    from apps.exports.csv_exports import ENTITY_COLUMNS

    rows = (
        [d.id, d.title, m.text, m.label, m.entity, m.start, m.end, m.status]
        for d in documents
        for m in d.mentions
    )
    return csv_lines(ENTITY_COLUMNS, rows, formula_safe=formula_safe)
