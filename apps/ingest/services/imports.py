"""Imports: a file or a list of addresses becomes a batch of items, stored by a background job.

Every article still goes through `article_ingest`, so duplicates are refused the same way
as anywhere else (and recorded on the item as "duplicate of #id"). Each item is stored in
its own transaction: one bad row never stops or half-stores the rest.
"""

from __future__ import annotations

import datetime
import json
import logging

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.utils import timezone

from apps.annotations.services import annotations_import
from apps.annotations.tasks import pretag_articles
from apps.articles.models import Article, TaggingState
from apps.articles.normalise import IngestError
from apps.articles.services import DuplicateArticle
from apps.ingest import fetch, parsers
from apps.ingest.models import AnnotationMode, ImportBatch, ImportItem, ImportItemStatus, ImportKind
from apps.ingest.services.articles import article_ingest

logger = logging.getLogger(__name__)


def import_batch_create(
    *,
    kind: str,
    created_by: AbstractBaseUser | None,
    data: bytes = b"",
    urls: str = "",
    filename: str = "",
    annotation_mode: str = AnnotationMode.PRETAG,
) -> ImportBatch:
    """Read the whole file now (so a broken file is refused at once), store its items and
    queue the job that stores the articles. Raises IngestError; nothing is stored then."""
    from apps.ingest.tasks import import_batch  # the task module imports this one

    if kind == ImportKind.CSV:
        parsed = parsers.parse_csv(data)
    elif kind == ImportKind.JSONL:
        parsed = parsers.parse_jsonl(data)
    elif kind == ImportKind.ZIP:
        parsed = parsers.parse_zip(data)
    elif kind == ImportKind.URLS:
        parsed = parsers.parse_urls(urls)
    else:
        raise IngestError(f"Unknown kind of import {kind!r}.")
    if annotation_mode not in AnnotationMode.values:
        raise IngestError(f"Unknown annotation mode {annotation_mode!r}.")
    with transaction.atomic():
        batch = ImportBatch.objects.create(
            kind=kind,
            filename=filename[:255],
            annotation_mode=annotation_mode,
            created_by=created_by,
        )
        items = []
        for position, entry in enumerate(parsed, start=1):
            error = entry.error
            # PostgreSQL cannot keep a NUL character in text or JSON; no article has one.
            if not error and "\\u0000" in json.dumps(entry.payload):
                error = "The text contains NUL characters; it looks binary."
            items.append(
                ImportItem(
                    batch=batch,
                    position=position,
                    label=entry.label[:500],
                    payload={} if error else entry.payload,
                    status=ImportItemStatus.FAILED if error else ImportItemStatus.PENDING,
                    reason=error,
                )
            )
        ImportItem.objects.bulk_create(items, batch_size=500)
        if any(item.status == ImportItemStatus.PENDING for item in items):
            import_batch.defer(batch_id=batch.id)
        else:
            batch.finished_at = timezone.now()
            batch.save(update_fields=["finished_at"])
    return batch


# Articles pre-tagged per job: enough for nlp.pipe to batch, few enough to show progress.
PRETAG_CHUNK = 8


def import_batch_run(
    *,
    batch_id: int,
    resolver: fetch.Resolver | None = None,
    opener: fetch.Opener | None = None,
) -> None:
    """Store every item still waiting. Running it twice (or twice at once) stores nothing twice.

    Stored articles are queued for pre-tagging several to a job. A run that died between
    storing articles and queuing them is made good by the next run, which queues every
    stored article of the batch still waiting for tags (the pre-tagger skips tagged ones).
    """
    batch = ImportBatch.objects.filter(pk=batch_id).first()
    if batch is None:
        return
    untagged = list(
        ImportItem.objects.filter(
            batch=batch,
            status=ImportItemStatus.STORED,
            article__tagging_state=TaggingState.QUEUED,
        ).values_list("article_id", flat=True)
    )
    pending = ImportItem.objects.filter(batch=batch, status=ImportItemStatus.PENDING)
    for item_id in list(pending.order_by("position").values_list("id", flat=True)):
        item = import_item_store(item_id=item_id, batch=batch, resolver=resolver, opener=opener)
        stored = item is not None and item.status == ImportItemStatus.STORED
        if stored and item.article.tagging_state == TaggingState.QUEUED:
            untagged.append(item.article_id)
        if len(untagged) >= PRETAG_CHUNK:
            pretag_articles.defer(article_ids=untagged)
            untagged = []
    if untagged:
        pretag_articles.defer(article_ids=untagged)
    if not pending.exists():
        ImportBatch.objects.filter(pk=batch_id, finished_at__isnull=True).update(
            finished_at=timezone.now()
        )


def import_item_store(
    *,
    item_id: int,
    batch: ImportBatch,
    resolver: fetch.Resolver | None = None,
    opener: fetch.Opener | None = None,
) -> ImportItem | None:
    with transaction.atomic():
        # Lock the item's own row only, never a joined one: a default ordering that joined
        # the batch made SKIP LOCKED lock the batch row too, and two runs skipped each
        # other's items for good.
        item = (
            ImportItem.objects.select_for_update(skip_locked=True, of=("self",))
            .filter(pk=item_id, status=ImportItemStatus.PENDING)
            .order_by("pk")
            .first()
        )
        if item is None:  # done already, or another worker has it
            return None
        article = None
        try:
            payload = item.payload
            if "fetch" in payload:
                payload = page_payload(
                    fetch.fetch_page(
                        payload["fetch"],
                        resolver=resolver or fetch.system_resolver,
                        opener=opener or fetch.system_opener,
                    )
                )
            with transaction.atomic():
                article = _article_from_payload(payload, created_by=batch.created_by)
                annotations = payload.get("annotations")
                if annotations and batch.annotation_mode != AnnotationMode.PRETAG:
                    if article.body != payload["raw"]:
                        raise IngestError(
                            "The text is not in canonical form (it changes when normalised), "
                            "so the annotations' offsets would not fit it."
                        )
                    annotations_import(
                        article=article,
                        entities=annotations.get("entities", []),
                        quotes=annotations.get("quotes", []),
                        accepted=batch.annotation_mode == AnnotationMode.ACCEPTED,
                        actor=batch.created_by,
                    )
        except DuplicateArticle as exc:
            item.status, item.article = ImportItemStatus.DUPLICATE, exc.existing
            item.reason = f"duplicate of #{exc.existing.pk}"
        except IngestError as exc:
            item.status, item.reason = ImportItemStatus.FAILED, str(exc)[:2000]
        except Exception as exc:  # never let one item stop the batch
            logger.exception("import item %s failed", item.pk)
            item.status = ImportItemStatus.FAILED
            item.reason = f"Unexpected error ({type(exc).__name__}); the item was not stored."
        else:
            item.status, item.article, item.reason = ImportItemStatus.STORED, article, ""
        item.payload = {}
        item.save(update_fields=["status", "article", "reason", "payload", "updated_at"])
    return item


def _article_from_payload(payload: dict, *, created_by: AbstractBaseUser | None) -> Article:
    published = payload.get("published_at")
    return article_ingest(
        title=payload.get("title", ""),
        raw=payload["raw"],
        fmt=payload.get("fmt", "txt"),
        created_by=created_by,
        byline=payload.get("byline", ""),
        source=payload.get("source", ""),
        url=payload.get("url", ""),
        published_at=datetime.date.fromisoformat(published) if published else None,
        filename=payload.get("filename", ""),
        queue_pretag=False,  # import_batch_run queues several articles to a job
    )


def page_payload(page: fetch.FetchedPage) -> dict:
    """The article on a fetched page: its main text (trafilatura) and what is known about it."""
    if page.content_type == "text/plain":
        return {"raw": _decode_page(page), "fmt": "txt", "url": page.url, "title": ""}
    import trafilatura  # loaded only by the import worker

    html = _decode_page(page)
    text = trafilatura.extract(
        html,
        url=page.url,
        include_comments=False,
        include_tables=False,
        include_images=False,
        favor_precision=True,
        deduplicate=True,
    )
    if not text or not text.strip():
        raise IngestError("No article text was found on the page.")
    meta = trafilatura.extract_metadata(html, default_url=page.url)
    published = None
    if meta is not None and meta.date:
        try:
            published = datetime.date.fromisoformat(meta.date[:10]).isoformat()
        except ValueError:
            published = None
    return {
        "raw": text,
        "fmt": "txt",
        "url": page.url,
        "title": (meta.title if meta else "") or "",
        "byline": (meta.author if meta else "") or "",
        "source": (meta.sitename if meta else "") or "",
        "published_at": published,
    }


def _decode_page(page: fetch.FetchedPage) -> str:
    for charset in [page.charset] if page.charset else ["utf-8", "cp1252"]:
        try:
            return page.body.decode(charset)
        except (LookupError, UnicodeDecodeError):
            continue
    raise IngestError("The page's text could not be decoded.")
