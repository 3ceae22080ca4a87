"""Bringing articles in. Every path (paste, upload, demo data) goes through `article_create`."""

from __future__ import annotations

import datetime
import hashlib

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.db import IntegrityError, transaction

from apps.articles.models import Article, SourceFormat, TaggingState
from apps.articles.normalise import (
    IngestError,
    canonical_body,
    decode_upload,
    format_for_filename,
)


class DuplicateArticle(IngestError):
    def __init__(self, existing: Article) -> None:
        super().__init__(f"This article is already in Newsdesk: “{existing.title}”.")
        self.existing = existing


def body_sha256(body: str) -> str:
    return hashlib.sha256(body.encode("utf-8")).hexdigest()


def _title_from_body(body: str) -> str:
    first = body.split("\n", 1)[0].strip()
    return first[:297] + "…" if len(first) > 300 else first


def article_create(
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

    Raises IngestError (or DuplicateArticle) with a message for the person; nothing is
    stored in that case. The pre-tagging job is enqueued in the same transaction, unless
    `queue_pretag` is False: then the caller queues it, e.g. one job for several articles
    so the worker tags them together through `nlp.pipe`.
    """
    from apps.annotations.tasks import pretag_articles

    if len(raw) > settings.NEWSDESK_MAX_UPLOAD_BYTES:
        raise IngestError(
            f"The text is too long (limit {settings.NEWSDESK_MAX_UPLOAD_BYTES // 1024} KB)."
        )
    body = canonical_body(raw, fmt)
    if len(body) > settings.NEWSDESK_MAX_BODY_CHARS:
        raise IngestError(
            f"The article is too long ({len(body):,} characters; "
            f"the limit is {settings.NEWSDESK_MAX_BODY_CHARS:,})."
        )
    title = " ".join((title or "").split()) or _title_from_body(body)
    digest = body_sha256(body)
    existing = Article.objects.filter(body_sha256=digest).first()
    if existing:
        raise DuplicateArticle(existing)
    try:
        with transaction.atomic():
            article = Article.objects.create(
                title=title[:300],
                byline=byline.strip()[:300],
                source=source.strip()[:200],
                url=url.strip(),
                published_at=published_at,
                body=body,
                body_sha256=digest,
                original=raw,
                original_format=SourceFormat.PASTE if fmt == "txt" and not filename else fmt,
                original_filename=filename[:255],
                created_by=created_by,
                tagging_state=TaggingState.QUEUED,
            )
            if queue_pretag:
                pretag_articles.defer(article_ids=[article.id])
    except IntegrityError as exc:
        # Someone stored the same body between our check and our insert.
        existing = Article.objects.filter(body_sha256=digest).first()
        if existing:
            raise DuplicateArticle(existing) from exc
        raise
    return article


def article_create_from_upload(
    *, data: bytes, filename: str, created_by: AbstractBaseUser | None, **metadata
) -> Article:
    fmt = format_for_filename(filename)
    if len(data) > settings.NEWSDESK_MAX_UPLOAD_BYTES:
        raise IngestError(
            f"The file is too large ({len(data) // 1024} KB; "
            f"the limit is {settings.NEWSDESK_MAX_UPLOAD_BYTES // 1024} KB)."
        )
    raw = decode_upload(data)
    return article_create(raw=raw, fmt=fmt, created_by=created_by, filename=filename, **metadata)


def article_retag(*, article: Article) -> Article:
    """Queue the pre-tagger again (after a failure, or for a new model)."""
    from apps.annotations.tasks import pretag_articles

    with transaction.atomic():
        locked = Article.objects.select_for_update().get(pk=article.pk)
        if locked.tagging_pending:
            return locked
        locked.tagging_state = TaggingState.QUEUED
        locked.tagging_error = ""
        locked.save(update_fields=["tagging_state", "tagging_error", "updated_at"])
        pretag_articles.defer(article_ids=[locked.id])
    return locked
