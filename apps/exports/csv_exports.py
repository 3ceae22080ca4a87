"""CSV exports, streamed row by row so memory stays flat however many rows there are."""

from __future__ import annotations

from collections.abc import Iterator

from django.db.models import Count, F, OuterRef, QuerySet, Subquery
from django.db.models.functions import Coalesce, Length, Substr

from apps.annotations.models import EntityMention, Quote, Status
from apps.articles.models import Article
from apps.core.csv import csv_lines
from apps.exports.selectors import ExportFilters, export_articles, export_mentions

CHUNK = 2000

ARTICLE_COLUMNS = [
    "article_id", "title", "byline", "source", "url", "published_at", "added_at",
    "tagging_state", "tagger_version", "characters", "mentions", "quotes",
]  # fmt: skip
ENTITY_COLUMNS = ["article_id", "title", "mention", "label", "entity", "start", "end", "status"]
QUOTE_COLUMNS = [
    "article_id", "title", "quote", "kind", "start", "end", "cue", "speaker",
    "speaker_entity", "speaker_type", "status", "nested_in",
]  # fmt: skip


def _count(model: type, statuses: list[str]) -> Coalesce:
    counted = (
        model.objects.filter(article=OuterRef("pk"), status__in=statuses)
        .order_by()
        .values("article")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(counted), 0)


def article_rows(*, articles: QuerySet[Article], accepted_only: bool = False) -> Iterator[str]:
    statuses = [Status.ACCEPTED] if accepted_only else [Status.ACCEPTED, Status.SUGGESTED]
    rows = (
        articles.order_by("id")
        .annotate(
            characters=Length("body"),
            mention_total=_count(EntityMention, statuses),
            quote_total=_count(Quote, statuses),
        )
        .values_list(
            "id", "title", "byline", "source", "url", "published_at", "created_at",
            "tagging_state", "tagger_version", "characters", "mention_total", "quote_total",
        )
    )  # fmt: skip
    return csv_lines(ARTICLE_COLUMNS, rows.iterator(chunk_size=CHUNK))


def mention_rows(*, mentions: QuerySet[EntityMention]) -> Iterator[str]:
    rows = mentions.values_list(
        "article_id", "article__title", "text", "label", "entity__name", "start", "end", "status"
    )
    return csv_lines(ENTITY_COLUMNS, rows.iterator(chunk_size=CHUNK))


def quote_rows(*, quotes: QuerySet[Quote]) -> Iterator[str]:
    # Cue and speaker texts are cut from the body in the database (PostgreSQL counts code
    # points, as the offsets do), so no article body is loaded here.
    rows = quotes.annotate(
        cue=_body_slice("cue_start", "cue_end"),
        speaker=_body_slice("speaker_start", "speaker_end"),
        nested_in=_outer_quote_start(),
    ).values_list(
        "article_id", "article__title", "text", "kind", "start", "end", "cue", "speaker",
        "speaker_entity__name", "speaker_type", "status", "nested_in",
    )  # fmt: skip
    return csv_lines(QUOTE_COLUMNS, rows.iterator(chunk_size=CHUNK))


def _outer_quote_start() -> Subquery:
    """The start of the smallest other visible quote that contains this one: a quote nested
    in another is one utterance, not a second one."""
    outer = (
        Quote.objects.visible()
        .filter(article=OuterRef("article"), start__lte=OuterRef("start"), end__gte=OuterRef("end"))
        .exclude(start=OuterRef("start"), end=OuterRef("end"))
        .order_by(F("end") - F("start"))
        .values("start")[:1]
    )
    return Subquery(outer)


def _body_slice(start: str, end: str) -> Substr:
    return Substr("article__body", F(start) + 1, F(end) - F(start))


def entity_mention_rows(*, article_ids: list[int]) -> Iterator[str]:
    articles = export_articles(filters=ExportFilters(article_ids=tuple(article_ids)))
    return mention_rows(mentions=export_mentions(articles=articles))
