"""Whole-article exports: JSONL in the `pretag` shape, doccano and Label Studio JSONL, spaCy
DocBin and CoNLL-2003. Articles are read in chunks with their annotations, so memory holds
one chunk at a time (the DocBin format itself is one blob, built in memory)."""

from __future__ import annotations

import functools
import json
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass

from django.db.models import QuerySet

from apps.annotations.models import EntityMention, Quote, Status
from apps.articles.models import Article
from apps.exports.selectors import WORKING, export_mentions, export_quotes

ARTICLES_PER_CHUNK = 200


@dataclass(slots=True)
class ArticleDocument:
    article: Article
    mentions: list[EntityMention]
    quotes: list[Quote]


def article_documents(
    *, articles: QuerySet[Article], version: str = WORKING, accepted_only: bool = False
) -> Iterator[ArticleDocument]:
    ids = list(articles.order_by("id").values_list("id", flat=True))
    for offset in range(0, len(ids), ARTICLES_PER_CHUNK):
        chunk = Article.objects.filter(id__in=ids[offset : offset + ARTICLES_PER_CHUNK])
        mentions: dict[int, list[EntityMention]] = defaultdict(list)
        for mention in export_mentions(
            articles=chunk, version=version, accepted_only=accepted_only
        ).select_related("entity"):
            mentions[mention.article_id].append(mention)
        quotes: dict[int, list[Quote]] = defaultdict(list)
        for quote in export_quotes(
            articles=chunk, version=version, accepted_only=accepted_only
        ).select_related("speaker_entity"):
            quotes[quote.article_id].append(quote)
        for article in chunk.order_by("id"):
            yield ArticleDocument(article, mentions[article.id], quotes[article.id])


def _span(body: str, start: int | None, end: int | None) -> dict | None:
    if start is None or end is None:
        return None
    return {"start": start, "end": end, "text": body[start:end]}


def pretag_record(document: ArticleDocument) -> dict:
    """The DESIGN.md `pretag` shape, plus the article's metadata so it can be imported again."""
    article = document.article
    body = article.body
    return {
        "id": str(article.id),
        "text": body,
        "entities": [
            {
                "start": m.start,
                "end": m.end,
                "label": m.label,
                "text": body[m.start : m.end],
                "entity": m.entity.name if m.entity else body[m.start : m.end],
            }
            for m in document.mentions
        ],
        "quotes": [
            {
                "start": q.start,
                "end": q.end,
                "text": body[q.start : q.end],
                "kind": q.kind,
                "cue": _span(body, q.cue_start, q.cue_end),
                "speaker": _span(body, q.speaker_start, q.speaker_end),
                "speaker_entity": q.speaker_entity.name if q.speaker_entity else None,
                "speaker_type": q.speaker_type,
                "reason": q.reason,
            }
            for q in document.quotes
        ],
        "title": article.title,
        "byline": article.byline,
        "source": article.source,
        "url": article.url,
        "published_at": article.published_at.isoformat() if article.published_at else None,
    }


def _jsonl(record: dict) -> str:
    return json.dumps(record, ensure_ascii=False) + "\n"


def pretag_lines(documents: Iterator[ArticleDocument]) -> Iterator[str]:
    for document in documents:
        yield _jsonl(pretag_record(document))


def doccano_lines(documents: Iterator[ArticleDocument]) -> Iterator[str]:
    """doccano's sequence-labelling JSONL: text plus [start, end, label] triples."""
    for document in documents:
        article = document.article
        yield _jsonl(
            {
                "id": article.id,
                "text": article.body,
                "label": [[m.start, m.end, m.label] for m in document.mentions],
                "meta": {"title": article.title, "source": article.source, "url": article.url},
            }
        )


def _label_studio_result(mention: EntityMention, body: str) -> dict:
    return {
        "id": f"m{mention.id}",
        "from_name": "label",
        "to_name": "text",
        "type": "labels",
        "value": {
            "start": mention.start,
            "end": mention.end,
            "text": body[mention.start : mention.end],
            "labels": [mention.label],
        },
    }


def label_studio_lines(documents: Iterator[ArticleDocument]) -> Iterator[str]:
    """Label Studio tasks for a `<Labels name="label" toName="text">` config: accepted
    mentions as annotations, untouched suggestions as predictions."""
    for document in documents:
        article, body = document.article, document.article.body
        accepted = [m for m in document.mentions if m.status == Status.ACCEPTED]
        suggested = [m for m in document.mentions if m.status == Status.SUGGESTED]
        task: dict = {
            "data": {"text": body, "title": article.title, "article_id": article.id},
            "annotations": [],
            "predictions": [],
        }
        if accepted:
            task["annotations"].append(
                {"result": [_label_studio_result(m, body) for m in accepted]}
            )
        if suggested:
            task["predictions"].append(
                {
                    "model_version": article.tagger_version or "newsdesk",
                    "result": [_label_studio_result(m, body) for m in suggested],
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


def _entity_doc(document: ArticleDocument):
    from spacy.util import filter_spans

    nlp = _tokenizer()
    doc = nlp(document.article.body)
    spans = []
    for mention in document.mentions:
        span = doc.char_span(
            mention.start, mention.end, label=mention.label, alignment_mode="expand"
        )
        if span is not None:
            spans.append(span)
    # Training data cannot hold overlapping entities: the longest span wins.
    doc.ents = filter_spans(spans)
    return doc


def docbin_bytes(documents: Iterator[ArticleDocument]) -> bytes:
    from spacy.tokens import DocBin

    docbin = DocBin(store_user_data=False)
    for document in documents:
        doc = _entity_doc(document)
        doc.user_data = {}
        docbin.add(doc)
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
