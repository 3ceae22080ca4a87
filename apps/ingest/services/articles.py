"""Bringing one article in: store it, then queue its pre-tagging in the same transaction."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction

from apps.annotations.tasks import pretag_articles
from apps.articles.models import Article, TaggingState
from apps.articles.normalise import IngestError, decode_upload, format_for_filename
from apps.articles.services import article_create


def article_ingest(
    *,
    title: str,
    raw: str,
    fmt: str,
    created_by: AbstractBaseUser | None,
    byline: str = "",
    source: str = "",
    url: str = "",
    published_at: datetime.date | None = None,
    filename: str = "",
    queue_pretag: bool = True,
) -> Article:
    """Store a new article from raw text in `fmt` and queue its pre-tagging.

    Raises IngestError (or DuplicateArticle); nothing is stored then. With `queue_pretag`
    False the caller queues the job, e.g. one job for several articles so that the worker
    tags them together through `nlp.pipe`.
    """
    with transaction.atomic():
        article = article_create(
            title=title,
            raw=raw,
            fmt=fmt,
            created_by=created_by,
            byline=byline,
            source=source,
            url=url,
            published_at=published_at,
            filename=filename,
        )
        if queue_pretag:
            pretag_articles.defer(article_ids=[article.id])
    return article


def article_ingest_upload(
    *, data: bytes, filename: str, created_by: AbstractBaseUser | None, **metadata
) -> Article:
    fmt = format_for_filename(filename)
    if len(data) > settings.NEWSDESK_MAX_UPLOAD_BYTES:
        raise IngestError(
            f"The file is too large ({len(data) // 1024} KB; "
            f"the limit is {settings.NEWSDESK_MAX_UPLOAD_BYTES // 1024} KB)."
        )
    raw = decode_upload(data)
    return article_ingest(raw=raw, fmt=fmt, created_by=created_by, filename=filename, **metadata)


def articles_retag(*, article_ids: list[int]) -> int:
    """Queue the pre-tagger again for each of the articles that exist; how many there were.

    Each is re-tagged on its own: suggestions nobody touched are replaced, and an article
    already waiting for the pre-tagger is left in the queue as it is.
    """
    articles = list(Article.objects.filter(id__in=article_ids).only("id"))
    for article in articles:
        article_retag(article=article)
    return len(articles)


def article_retag(*, article: Article) -> Article:
    """Queue the pre-tagger again (after a failure, or for a new model)."""
    with transaction.atomic():
        locked = Article.objects.select_for_update().get(pk=article.pk)
        if locked.tagging_pending:
            return locked
        locked.tagging_state = TaggingState.QUEUED
        locked.tagging_error = ""
        locked.save(update_fields=["tagging_state", "tagging_error", "updated_at"])
        pretag_articles.defer(article_ids=[locked.id])
    return locked
