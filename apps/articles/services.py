"""Storing articles. Every path (paste, upload, import, demo data) stores through `article_create`.

This app knows nothing of annotations: queuing the pre-tagger is `apps.ingest`'s part.
"""

from __future__ import annotations

import datetime
import hashlib

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.db import IntegrityError, transaction

from apps.articles.models import Article, SourceFormat, TaggingState
from apps.articles.normalise import IngestError, canonical_text
from apps.core.bulk import copy_insert


class DuplicateArticle(IngestError):
    def __init__(self, existing: Article) -> None:
        super().__init__(f"This article is already in Newsdesk: “{existing.title}”.")
        self.existing = existing


def body_sha256(body: str) -> str:
    return hashlib.sha256(body.encode("utf-8")).hexdigest()


def _title_from_body(body: str) -> str:
    first = body.split("\n", 1)[0].strip()
    return first[:297] + "…" if len(first) > 300 else first


def article_build(
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
) -> Article:
    """A new, unsaved article from raw text in `fmt`: normalised, measured and fingerprinted.

    Raises IngestError with a message for the person. Touches no database, so a batch can
    build many and store them together (`articles_bulk_create`).
    """
    if len(raw) > settings.NEWSDESK_MAX_UPLOAD_BYTES:
        raise IngestError(
            f"The text is too long (limit {settings.NEWSDESK_MAX_UPLOAD_BYTES // 1024} KB)."
        )
    text = canonical_text(raw, fmt)
    body = text.body
    if len(body) > settings.NEWSDESK_MAX_BODY_CHARS:
        raise IngestError(
            f"The article is too long ({len(body):,} characters; "
            f"the limit is {settings.NEWSDESK_MAX_BODY_CHARS:,})."
        )
    title = " ".join((title or "").split()) or text.title or _title_from_body(body)
    return Article(
        title=title[:300],
        byline=byline.strip()[:300],
        source=source.strip()[:200],
        url=url.strip(),
        published_at=published_at,
        body=body,
        blocks=[list(block) for block in text.blocks],
        body_sha256=body_sha256(body),
        original=raw,
        original_format=SourceFormat.PASTE if fmt == "txt" and not filename else fmt,
        original_filename=filename[:255],
        created_by=created_by,
        tagging_state=TaggingState.QUEUED,
    )


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
) -> Article:
    """Store a new article from raw text in `fmt`, waiting for its pre-tagging.

    Raises IngestError (or DuplicateArticle) with a message for the person; nothing is
    stored in that case. Call it inside the transaction that queues the pre-tagging job.
    """
    article = article_build(
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
    existing = Article.objects.filter(body_sha256=article.body_sha256).first()
    if existing:
        raise DuplicateArticle(existing)
    try:
        with transaction.atomic():
            article.save(force_insert=True)
    except IntegrityError as exc:
        # Someone stored the same body between our check and our insert.
        existing = Article.objects.filter(body_sha256=article.body_sha256).first()
        if existing:
            raise DuplicateArticle(existing) from exc
        raise
    return article


def articles_bulk_create(*, articles: list[Article]) -> list[Article]:
    """Store articles built by `article_build` together (one COPY); their ids are set.

    Raises IntegrityError if any body is stored already (check with `articles_by_digest`
    first); nothing is stored then.
    """
    copy_insert(articles)
    return articles
