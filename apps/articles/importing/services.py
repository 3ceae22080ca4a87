"""Imports: a file or a list of addresses becomes a batch of items, stored by a background job.

Every article still goes through `article_create`, so duplicates are refused the same way
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

from apps.annotations.models import Entity, EntityMention, Origin, Quote, Status
from apps.annotations.services import event_record
from apps.articles import fetch
from apps.articles.importing import parsers
from apps.articles.models import (
    AnnotationMode,
    Article,
    ImportBatch,
    ImportItem,
    ImportItemStatus,
    ImportKind,
    TaggingState,
)
from apps.articles.normalise import IngestError
from apps.articles.services import DuplicateArticle, article_create
from apps.nlp.types import QUOTE_KINDS, SPEAKER_TYPES

logger = logging.getLogger(__name__)

IMPORTED_TAGGER = "imported"
MAX_ANNOTATIONS_PER_ARTICLE = 20_000


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
    from apps.annotations.tasks import import_batch

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
    from apps.annotations.tasks import pretag_articles

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
        item = (
            ImportItem.objects.select_for_update(skip_locked=True)
            .filter(pk=item_id, status=ImportItemStatus.PENDING)
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
    return article_create(
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


def _span(value: object, body: str, what: str) -> tuple[int, int]:
    if not isinstance(value, dict):
        raise IngestError(f"Each {what} must be an object with start and end.")
    start, end = value.get("start"), value.get("end")
    if not all(isinstance(n, int) and not isinstance(n, bool) for n in (start, end)):
        raise IngestError(f"A {what} needs whole-number start and end offsets.")
    if not 0 <= start < end <= len(body):
        raise IngestError(f"A {what} at {start}–{end} lies outside the text.")
    text = value.get("text")
    if text is not None and text != body[start:end]:
        raise IngestError(
            f"A {what} at {start}–{end} says {str(text)[:60]!r} but the text there is "
            f"{body[start:end][:60]!r}."
        )
    return start, end


def _entity_label(value: object) -> str:
    label = str(value or "").strip()
    if not label or len(label) > 20 or not label.replace("_", "").replace("-", "").isalnum():
        raise IngestError(f"Entity label {str(value)[:30]!r} is not a label.")
    return label


def annotations_import(
    *,
    article: Article,
    entities: list,
    quotes: list,
    accepted: bool,
    actor: AbstractBaseUser | None,
) -> None:
    """Store annotations that came with an article (pretag shape), with one history row.

    Accepted annotations count as a person's work; suggestions count as the pre-tagger's, so
    a later re-tag may replace them. The article is marked tagged, so the queued pre-tagging
    job leaves it alone.
    """
    body = article.body
    if len(entities) + len(quotes) > MAX_ANNOTATIONS_PER_ARTICLE:
        raise IngestError("The article carries too many annotations.")
    origin = Origin.HUMAN if accepted else Origin.MACHINE
    status = Status.ACCEPTED if accepted else Status.SUGGESTED
    mentions: dict[tuple[int, int, str], tuple[str, str]] = {}
    for value in entities:
        start, end = _span(value, body, "entity mention")
        label = _entity_label(value.get("label"))
        name = value.get("entity") or body[start:end]
        if not isinstance(name, str):
            raise IngestError("An entity name must be text.")
        mentions[(start, end, label)] = (" ".join(name.split())[:300] or body[start:end], label)
    quote_rows: dict[tuple[int, int], dict] = {}
    for value in quotes:
        start, end = _span(value, body, "quote")
        kind = value.get("kind")
        if kind not in QUOTE_KINDS:
            raise IngestError(f"Quote kind must be one of {', '.join(QUOTE_KINDS)}.")
        cue = _span(value["cue"], body, "quote cue") if value.get("cue") else None
        speaker = _span(value["speaker"], body, "quote speaker") if value.get("speaker") else None
        speaker_type = value.get("speaker_type") or "unknown"
        if speaker_type not in SPEAKER_TYPES:
            raise IngestError(f"Speaker type must be one of {', '.join(SPEAKER_TYPES)}.")
        quote_rows[(start, end)] = {
            "kind": kind,
            "cue": cue,
            "speaker": speaker,
            "speaker_entity": value.get("speaker_entity") or "",
            "speaker_type": speaker_type,
        }
    with transaction.atomic():
        article = Article.objects.select_for_update().get(pk=article.pk)
        Entity.objects.bulk_create(
            [
                Entity(article=article, name=name, label=label, origin=origin)
                for name, label in set(mentions.values())
            ],
            ignore_conflicts=True,
        )
        by_key = {(e.name, e.label): e for e in Entity.objects.filter(article=article)}
        EntityMention.objects.bulk_create(
            [
                EntityMention(
                    article=article,
                    entity=by_key[key],
                    start=start,
                    end=end,
                    label=label,
                    text=body[start:end][:1000],
                    origin=origin,
                    status=status,
                )
                for (start, end, label), key in mentions.items()
            ],
            batch_size=1000,
        )
        by_name: dict[str, Entity] = {}
        for (name, _kind), entity in sorted(by_key.items(), key=lambda kv: kv[0][1] != "PERSON"):
            by_name.setdefault(name, entity)
        Quote.objects.bulk_create(
            [
                Quote(
                    article=article,
                    start=start,
                    end=end,
                    text=body[start:end],
                    kind=row["kind"],
                    cue_start=row["cue"][0] if row["cue"] else None,
                    cue_end=row["cue"][1] if row["cue"] else None,
                    speaker_start=row["speaker"][0] if row["speaker"] else None,
                    speaker_end=row["speaker"][1] if row["speaker"] else None,
                    speaker_entity=by_name.get(row["speaker_entity"]),
                    speaker_type=row["speaker_type"],
                    reason="imported",
                    origin=origin,
                    status=status,
                )
                for (start, end), row in quote_rows.items()
            ],
            batch_size=1000,
        )
        article.tagging_state = TaggingState.DONE
        article.tagging_error = ""
        article.tagged_at = timezone.now()
        article.tagger_version = IMPORTED_TAGGER
        article.version += 1
        article.save()
        event_record(
            article=article,
            actor=actor,
            action="import",
            after={"mentions": len(mentions), "quotes": len(quote_rows), "status": status},
        )
