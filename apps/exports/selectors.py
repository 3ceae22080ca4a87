"""What an export reads: the articles chosen by filters, and their annotations in one version.

Two versions of the annotations exist: the published versions (frozen at approval, what
readers see; the default) and the working annotations (what annotators see now: accepted and
suggested, never rejected). Everything below the filters reads one or the other.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import DateField, QuerySet
from django.db.models.functions import Cast, Coalesce

from apps.annotations.models import EntityMention, Quote, Status
from apps.articles.models import Article
from apps.publishing.models import PublishedQuote, PublishedVersion

WORKING, PUBLISHED = "working", "published"
VERSIONS = (WORKING, PUBLISHED)


@dataclass(frozen=True, slots=True)
class ExportFilters:
    article_ids: tuple[int, ...] = ()
    query: str = ""
    state: str = ""
    source: str = ""
    date_from: datetime.date | None = None
    date_to: datetime.date | None = None


def export_articles(*, filters: ExportFilters) -> QuerySet[Article]:
    """Articles in id order; the date filters use the publication date, or the day added."""
    articles = Article.objects.search(filters.query)
    if filters.article_ids:
        articles = articles.filter(id__in=filters.article_ids)
    if filters.state:
        articles = articles.filter(tagging_state=filters.state)
    if filters.source:
        articles = articles.filter(source__iexact=filters.source.strip())
    if filters.date_from or filters.date_to:
        articles = articles.annotate(
            export_date=Coalesce("published_at", Cast("created_at", DateField()))
        )
        if filters.date_from:
            articles = articles.filter(export_date__gte=filters.date_from)
        if filters.date_to:
            articles = articles.filter(export_date__lte=filters.date_to)
    return articles.order_by("id")


def annotation_version_check(version: str) -> None:
    if version not in VERSIONS:
        raise ValueError(f"Unknown annotation version {version!r}.")


def export_published_versions(*, articles: QuerySet[Article]) -> QuerySet[PublishedVersion]:
    """The current published version of each chosen article that is published now."""
    return (
        PublishedVersion.objects.public()
        .filter(article__in=articles.values("id"))
        .order_by("article_id")
    )


def export_published_quotes(*, articles: QuerySet[Article]) -> QuerySet[PublishedQuote]:
    """The quotes of the current published version of each chosen article published now."""
    versions = export_published_versions(articles=articles).values("id")
    return PublishedQuote.objects.filter(version__in=versions).order_by(
        "article_id", "start", "end", "id"
    )


def export_mentions(
    *, articles: QuerySet[Article], version: str = WORKING, accepted_only: bool = False
) -> QuerySet[EntityMention]:
    annotation_version_check(version)
    mentions = EntityMention.objects.visible().filter(article__in=articles.values("id"))
    if accepted_only:
        mentions = mentions.filter(status=Status.ACCEPTED)
    return mentions.order_by("article_id", "start", "end", "id")


def export_quotes(
    *, articles: QuerySet[Article], version: str = WORKING, accepted_only: bool = False
) -> QuerySet[Quote]:
    annotation_version_check(version)
    quotes = Quote.objects.visible().filter(article__in=articles.values("id"))
    if accepted_only:
        quotes = quotes.filter(status=Status.ACCEPTED)
    return quotes.order_by("article_id", "start", "end", "id")
