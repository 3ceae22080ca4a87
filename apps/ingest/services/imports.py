"""Imports: the background job that stores a batch's items (`batches` records them).

Every article is built by `article_build`, as anywhere else, and a body already stored is
recorded on the item as "duplicate of #id". Items are stored a chunk at a time, and one by
one when their chunk fails: one bad row never stops or half-stores the rest.
"""

from __future__ import annotations

import datetime
import logging

from django.contrib.auth.models import AbstractBaseUser
from django.db import connection, transaction
from django.db.models import QuerySet
from django.db.models.functions import Length
from django.utils import timezone

from apps.annotations.services import annotations_import
from apps.annotations.tasks import pretag_articles
from apps.articles.models import Article, TaggingState
from apps.articles.normalise import IngestError
from apps.articles.selectors import articles_by_digest
from apps.articles.services import DuplicateArticle, article_build, articles_bulk_create
from apps.ingest import fetch, parsers
from apps.ingest.models import (
    AnnotationMode,
    ImportBatch,
    ImportItem,
    ImportItemStatus,
    ImportKind,
    ImportUpload,
)
from apps.ingest.services.articles import article_ingest
from apps.ingest.services.pages import page_payload

logger = logging.getLogger(__name__)


class ItemPayloads:
    """What each waiting item of a batch needs to be stored: its own payload (an address to
    fetch), or its part of the batch's file, read again by the job: a CSV row or JSONL line
    (the file is parsed once), or a zip entry, unpacked only when its item is stored."""

    def __init__(self, batch: ImportBatch) -> None:
        self.parsed: dict[int, dict] = {}
        self.archive = None
        upload = ImportUpload.objects.filter(batch=batch).first()
        if upload is None:
            return
        if batch.kind == ImportKind.ZIP and upload.data:
            self.archive = parsers.open_zip(bytes(upload.data))
        elif upload.text:
            parsed = (
                parsers.parse_csv_text(upload.text)
                if batch.kind == ImportKind.CSV
                else parsers.parse_jsonl_text(upload.text, batch.label_mapping)
            )
            self.parsed = {
                position: entry.payload
                for position, entry in enumerate(parsed, start=1)
                if not entry.error
            }

    def of(self, item: ImportItem) -> dict:
        """Raises IngestError when the item's part cannot be read."""
        if "entry" in item.payload:
            if self.archive is None:
                raise IngestError("The import's file is no longer available; import it again.")
            return parsers.zip_entry_payload(self.archive, item.payload["entry"])
        if item.payload:
            return item.payload
        if item.position not in self.parsed:
            raise IngestError("The import's file is no longer available; import it again.")
        return self.parsed[item.position]


# Articles pre-tagged per job: enough for nlp.pipe to batch, few enough to show progress.
PRETAG_CHUNK = 8
# Characters pre-tagged per job at most (an article longer than this has a job to itself): a
# worker holds one job's texts and Docs at a time, so this bounds its memory.
PRETAG_JOB_CHARS = 100_000
# Items claimed and stored together: one duplicate query, one insert and one update each.
STORE_CHUNK = 200


def import_batch_run(
    *,
    batch_id: int,
    resolver: fetch.Resolver | None = None,
    opener: fetch.Opener | None = None,
) -> None:
    """Store every item still waiting. Running it twice (or twice at once) stores nothing twice.

    Items are claimed a chunk at a time (rows locked, skipping those another run holds) and
    stored together: each is normalised, duplicates are found with one query per chunk, the
    new articles are inserted in one statement and their pre-tag jobs queued in one, all in
    the chunk's transaction. A chunk that fails as a whole is stored item by item, so one bad
    item never stops the rest. Web addresses are fetched and stored one at a time.

    A run that died between storing articles and queuing them is made good by the next run,
    which queues every stored article of the batch still waiting for tags (the pre-tagger
    skips tagged ones).
    """
    batch = ImportBatch.objects.filter(pk=batch_id).first()
    if batch is None or batch.awaiting_mapping:
        return
    orphans = (
        ImportItem.objects.filter(
            batch=batch,
            status=ImportItemStatus.STORED,
            article__tagging_state=TaggingState.QUEUED,
        )
        .order_by("position")
        .values_list("article_id", Length("article__body"))
    )
    with transaction.atomic():
        pretag_queue(articles=list(orphans))
    pending = ImportItem.objects.filter(batch=batch, status=ImportItemStatus.PENDING)
    if batch.kind == ImportKind.URLS:
        _fetched_items_store(batch, pending, resolver=resolver, opener=opener)
    elif pending.exists():
        payloads = ItemPayloads(batch)
        while _chunk_store(batch, payloads):
            pass
    if not pending.exists():
        ImportBatch.objects.filter(pk=batch_id, finished_at__isnull=True).update(
            finished_at=timezone.now()
        )
        ImportUpload.objects.filter(batch=batch).delete()


def pretag_groups(articles: list[tuple[int, int]]) -> list[list[int]]:
    """(id, characters) pairs, in order, grouped into pre-tag jobs: at most PRETAG_CHUNK
    articles and PRETAG_JOB_CHARS characters a job (a longer article has a job of its own),
    so a worker's memory does not grow with the batch."""
    groups: list[list[int]] = []
    size = 0
    for article_id, chars in articles:
        if not groups or len(groups[-1]) >= PRETAG_CHUNK or size + chars > PRETAG_JOB_CHARS:
            groups.append([])
            size = 0
        groups[-1].append(article_id)
        size += chars
    return groups


def pretag_queue(*, articles: list[tuple[int, int]]) -> None:
    """Queue pre-tagging for (id, characters) pairs in one statement, several to a job."""
    groups = pretag_groups(articles)
    if groups:
        pretag_articles.batch_defer(*({"article_ids": ids} for ids in groups))


def _fetched_items_store(
    batch: ImportBatch,
    pending: QuerySet[ImportItem],
    *,
    resolver: fetch.Resolver | None,
    opener: fetch.Opener | None,
) -> None:
    untagged: list[tuple[int, int]] = []
    for item_id in list(pending.order_by("position").values_list("id", flat=True)):
        item = import_item_store(item_id=item_id, batch=batch, resolver=resolver, opener=opener)
        stored = item is not None and item.status == ImportItemStatus.STORED
        if stored and item.article.tagging_state == TaggingState.QUEUED:
            untagged.append((item.article_id, len(item.article.body)))
        if len(untagged) >= PRETAG_CHUNK:
            with transaction.atomic():
                pretag_queue(articles=untagged)
            untagged = []
    with transaction.atomic():
        pretag_queue(articles=untagged)


def _chunk_store(batch: ImportBatch, payloads: ItemPayloads) -> bool:
    """Claim and store the next chunk of waiting items; False when none is left to claim."""
    with transaction.atomic():
        # Lock the items' own rows only, never a joined one (see import_item_store).
        items = list(
            ImportItem.objects.select_for_update(skip_locked=True, of=("self",))
            .filter(batch=batch, status=ImportItemStatus.PENDING)
            .order_by("position")[:STORE_CHUNK]
        )
        if not items:
            return False
        try:
            with transaction.atomic():
                _items_store_together(batch, items, payloads)
        except Exception:
            logger.warning(
                "import %s: items %s to %s could not be stored together; storing them one by one",
                batch.pk,
                items[0].position,
                items[-1].position,
                exc_info=True,
            )
            # Fresh copies: the failed attempt may have changed the ones in hand.
            items = list(
                ImportItem.objects.filter(pk__in=[i.pk for i in items]).order_by("position")
            )
            for item in items:
                _item_store(item, batch=batch, payloads=payloads)
        pretag_queue(
            articles=[
                (item.article_id, len(item.article.body))
                for item in items
                if item.status == ImportItemStatus.STORED
                and item.article.tagging_state == TaggingState.QUEUED
            ]
        )
    return True


def _items_store_together(
    batch: ImportBatch, items: list[ImportItem], payloads: ItemPayloads
) -> None:
    built: list[tuple[ImportItem, Article]] = []
    failed: list[ImportItem] = []
    keeps_annotations = batch.annotation_mode != AnnotationMode.PRETAG
    for item in items:
        try:
            payload = payloads.of(item)
            if keeps_annotations and (payload.get("annotations") or payload.get("suggestions")):
                # Annotations are checked against the stored article: such items go one by one.
                _item_store(item, batch=batch, payloads=payloads)
                continue
            # Sizes are judged on the decoded, normalised text before anything is written.
            built.append((item, _article_build(payload, created_by=batch.created_by)))
        except IngestError as exc:
            _item_done(item, status=ImportItemStatus.FAILED, reason=str(exc)[:2000])
            failed.append(item)
        except Exception as exc:  # never let one item stop the batch
            logger.exception("import item %s failed", item.pk)
            _item_done(item, status=ImportItemStatus.FAILED, reason=_unexpected(exc))
            failed.append(item)
    stored = articles_by_digest(digests=[article.body_sha256 for _, article in built])
    new: dict[str, Article] = {}
    for _, article in built:
        if article.body_sha256 not in stored:
            new.setdefault(article.body_sha256, article)
    articles_bulk_create(articles=list(new.values()))
    for item, article in built:
        digest = article.body_sha256
        if new.get(digest) is article:
            _item_done(item, status=ImportItemStatus.STORED, article=article)
        else:
            earlier = stored.get(digest) or new[digest]
            _item_done(
                item,
                status=ImportItemStatus.DUPLICATE,
                article=earlier,
                reason=f"duplicate of #{earlier.pk}",
            )
    _items_record([item for item, _ in built] + failed)


def _items_record(items: list[ImportItem]) -> None:
    """Save what became of many items in one statement (an UPDATE from arrays: Django's
    bulk_update builds a CASE per row and field, slower than storing the articles)."""
    if not items:
        return
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE ingest_importitem AS item SET status = done.status, "
            "article_id = done.article_id, reason = done.reason, payload = '{}'::jsonb, "
            "updated_at = %s "
            "FROM unnest(%s::bigint[], %s::text[], %s::bigint[], %s::text[]) "
            "AS done(id, status, article_id, reason) WHERE item.id = done.id",
            [
                timezone.now(),
                [item.pk for item in items],
                [item.status for item in items],
                [item.article_id for item in items],
                [item.reason for item in items],
            ],
        )


def _item_done(
    item: ImportItem, *, status: str, article: Article | None = None, reason: str = ""
) -> None:
    item.status, item.article, item.reason = status, article, reason
    item.payload = {}
    item.updated_at = timezone.now()


def _unexpected(exc: Exception) -> str:
    return f"Unexpected error ({type(exc).__name__}); the item was not stored."


def import_item_store(
    *,
    item_id: int,
    batch: ImportBatch,
    resolver: fetch.Resolver | None = None,
    opener: fetch.Opener | None = None,
) -> ImportItem | None:
    """Claim one waiting item and store it in its own transaction; None if another run has
    it or it is done."""
    waiting = ImportItem.objects.filter(pk=item_id, status=ImportItemStatus.PENDING)
    payload = waiting.values_list("payload", flat=True).first()
    if payload is None:  # done already
        return None
    # A web page is fetched before the item is locked, outside any transaction: a slow site
    # holds neither a database connection's transaction nor a row lock while it answers.
    failure: Exception | None = None
    if "fetch" in payload:
        try:
            payload = page_payload(
                fetch.fetch_page(
                    payload["fetch"],
                    resolver=resolver or fetch.system_resolver,
                    opener=opener or fetch.system_opener,
                )
            )
        except Exception as exc:  # recorded on the item below, under its lock
            failure = exc
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
        if item is None:  # another run stored it meanwhile, or has it now
            return None
        _item_store(item, batch=batch, payload=payload, failure=failure)
    return item


def _item_store(
    item: ImportItem,
    *,
    batch: ImportBatch,
    payloads: ItemPayloads | None = None,
    payload: dict | None = None,
    failure: Exception | None = None,
) -> None:
    """Store one claimed item on its own (in a savepoint) and record what became of it.

    `payload` is what was read for it already (a fetched page), `failure` why that failed.
    """
    article = item.article = None
    try:
        if failure is not None:
            raise failure
        if payload is None:
            payload = payloads.of(item) if payloads is not None else item.payload
        with transaction.atomic():
            article = _article_from_payload(payload, created_by=batch.created_by)
            # What people annotated, as the batch says; a tool's predictions as suggestions.
            layers = [
                (payload.get("annotations"), batch.annotation_mode == AnnotationMode.ACCEPTED),
                (payload.get("suggestions"), False),
            ]
            layers = [(layer, accepted) for layer, accepted in layers if layer]
            if layers and batch.annotation_mode != AnnotationMode.PRETAG:
                if article.body != payload["raw"]:
                    raise IngestError(
                        "The text is not in canonical form (it changes when normalised), "
                        "so the annotations' offsets would not fit it."
                    )
                for layer, accepted in layers:
                    annotations_import(
                        article=article,
                        entities=layer.get("entities", []),
                        quotes=layer.get("quotes", []),
                        accepted=accepted,
                        actor=batch.created_by,
                    )
    except DuplicateArticle as exc:
        item.status, item.article = ImportItemStatus.DUPLICATE, exc.existing
        item.reason = f"duplicate of #{exc.existing.pk}"
    except IngestError as exc:
        item.status, item.reason = ImportItemStatus.FAILED, str(exc)[:2000]
    except Exception as exc:  # never let one item stop the batch
        logger.exception("import item %s failed", item.pk)
        item.status, item.reason = ImportItemStatus.FAILED, _unexpected(exc)
    else:
        item.status, item.article, item.reason = ImportItemStatus.STORED, article, ""
    item.payload = {}
    item.save(update_fields=["status", "article", "reason", "payload", "updated_at"])


def _article_fields(payload: dict) -> dict:
    published = payload.get("published_at")
    return {
        "title": payload.get("title", ""),
        "raw": payload["raw"],
        "fmt": payload.get("fmt", "txt"),
        "byline": payload.get("byline", ""),
        "source": payload.get("source", ""),
        "url": payload.get("url", ""),
        "published_at": datetime.date.fromisoformat(published) if published else None,
        "filename": payload.get("filename", ""),
    }


def _article_build(payload: dict, *, created_by: AbstractBaseUser | None) -> Article:
    return article_build(created_by=created_by, **_article_fields(payload))


def _article_from_payload(payload: dict, *, created_by: AbstractBaseUser | None) -> Article:
    return article_ingest(
        created_by=created_by,
        queue_pretag=False,  # import_batch_run queues several articles to a job
        **_article_fields(payload),
    )
