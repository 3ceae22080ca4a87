"""Imports: a file or a list of addresses becomes a batch of items, for the job to store.

A file is checked whole in the request, so a broken one is refused at once and nothing is
stored. A doccano or Label Studio export waits, with its file and no items, until a person
has mapped its label names to ours.
"""

from __future__ import annotations

import json

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.utils import timezone
from psycopg.types.json import Jsonb

from apps.articles.normalise import IngestError
from apps.core.bulk import insert_columns
from apps.ingest import parsers
from apps.ingest.models import (
    AnnotationMode,
    ImportBatch,
    ImportItem,
    ImportItemStatus,
    ImportKind,
    ImportUpload,
)
from apps.ingest.parsers import tools

# The job queues of imports; workers choose theirs with `procrastinate worker --queues=…`.
IMPORTS_QUEUE = "imports"
FETCH_QUEUE = "fetch"


def import_batch_create(
    *,
    kind: str,
    created_by: AbstractBaseUser | None,
    data: bytes = b"",
    urls: str = "",
    filename: str = "",
    annotation_mode: str = AnnotationMode.PRETAG,
    label_mapping: dict | None = None,
) -> ImportBatch:
    """Check the whole file now (so a broken file is refused at once), record its items and
    queue the job that stores the articles. Raises IngestError; nothing is stored then.

    The file itself is kept beside the batch (`ImportUpload`) for the job to read, so its
    text is written once, not copied into every item.

    A doccano or Label Studio export needs its label names mapped to ours: without
    `label_mapping`, the batch is kept with its file and no items, waiting for a person to
    confirm one (`import_batch_map`).
    """
    text = ""
    tool = ""
    if kind == ImportKind.CSV:
        text = parsers.decode_csv(data)
        parsed = parsers.parse_csv_text(text)
    elif kind == ImportKind.JSONL:
        text = parsers.decode_jsonl(data)
        records = parsers.json_records(text)  # read once, for the tool and the items
        tool = parsers.file_tool(records)
        if tool and label_mapping is None:
            return _batch_awaiting_mapping(
                text=text,
                tool=tool,
                filename=filename,
                annotation_mode=annotation_mode,
                created_by=created_by,
            )
        if tool:
            label_mapping = tools.mapping_check(label_mapping)
        parsed = parsers.parse_json_records(records, label_mapping)
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
            tool=tool,
            label_mapping=label_mapping if tool else None,
            created_by=created_by,
        )
        _items_create(batch, parsed, text=text, data=data)
    return batch


def _batch_awaiting_mapping(
    *,
    text: str,
    tool: str,
    filename: str,
    annotation_mode: str,
    created_by: AbstractBaseUser | None,
) -> ImportBatch:
    if annotation_mode not in AnnotationMode.values:
        raise IngestError(f"Unknown annotation mode {annotation_mode!r}.")
    with transaction.atomic():
        batch = ImportBatch.objects.create(
            kind=ImportKind.JSONL,
            filename=filename[:255],
            annotation_mode=annotation_mode,
            tool=tool,
            awaiting_mapping=True,
            created_by=created_by,
        )
        _upload_keep(batch, text=text)
    return batch


def import_batch_map(*, batch: ImportBatch, label_mapping: dict, annotation_mode: str) -> bool:
    """Start a batch that waited for its label mapping: its items are recorded from the kept
    file with the mapping applied, and its job queued. False when it waits no longer (it
    was started meanwhile, say, by a second click). Raises IngestError."""
    if annotation_mode not in AnnotationMode.values:
        raise IngestError(f"Unknown annotation mode {annotation_mode!r}.")
    with transaction.atomic():
        batch = (
            ImportBatch.objects.select_for_update()
            .filter(pk=batch.pk, awaiting_mapping=True)
            .first()
        )
        if batch is None:
            return False
        label_mapping = tools.mapping_check(label_mapping)
        upload = ImportUpload.objects.get(batch=batch)
        parsed = parsers.parse_jsonl_text(upload.text, label_mapping)
        batch.awaiting_mapping = False
        batch.label_mapping = label_mapping
        batch.annotation_mode = annotation_mode
        batch.save(update_fields=["awaiting_mapping", "label_mapping", "annotation_mode"])
        upload.delete()  # written again beside the items, as for any import
        _items_create(batch, parsed, text=upload.text, data=b"")
    return True


def _items_create(
    batch: ImportBatch, parsed: list[parsers.ParsedItem], *, text: str, data: bytes
) -> None:
    """Record a new batch's items and queue its job (in the caller's transaction)."""
    from apps.ingest.tasks import import_batch  # the task module imports this one

    kind = batch.kind
    # PostgreSQL cannot keep a NUL character in text or JSON; no article has one. Most files
    # have none anywhere, which one look at the whole file tells.
    may_hold_nul = kind not in (ImportKind.CSV, ImportKind.JSONL) or (
        "\x00" in text or "\\u0000" in text
    )
    statuses, reasons, payloads = [], [], []
    for entry in parsed:
        error = entry.error
        if not error and may_hold_nul and "\\u0000" in json.dumps(entry.payload):
            error = "The text contains NUL characters; it looks binary."
        statuses.append((ImportItemStatus.FAILED if error else ImportItemStatus.PENDING).value)
        reasons.append(error)
        # A file's articles are read from the file again by the job.
        payloads.append(Jsonb({} if error or text else entry.payload))
    # Bound as arrays (a 1,000-line file's items cost less than its articles).
    insert_columns(
        ImportItem,
        {
            "batch_id": [batch.id] * len(parsed),
            "position": list(range(1, len(parsed) + 1)),
            "label": [entry.label[:500] for entry in parsed],
            "payload": payloads,
            "status": statuses,
            "reason": reasons,
        },
    )
    if ImportItemStatus.PENDING in statuses:
        if text:
            _upload_keep(batch, text=text)
        elif kind == ImportKind.ZIP:  # unpacked by the job, not in the request
            _upload_keep(batch, data=data)
        # Fetching pages waits on other people's servers: those batches have a queue and
        # a worker of their own, so pre-tagging never waits behind them.
        queue = FETCH_QUEUE if kind == ImportKind.URLS else IMPORTS_QUEUE
        import_batch.configure(queue=queue).defer(batch_id=batch.id)
    else:
        batch.finished_at = timezone.now()
        batch.save(update_fields=["finished_at"])


def _upload_keep(batch: ImportBatch, **content: str | bytes) -> None:
    """Keep a batch's file for its job: bound by the server, as one value (megabytes of text
    quoted into the statement by the client took half the time of the insert)."""
    insert_columns(ImportUpload, {"batch_id": [batch.id], **{k: [v] for k, v in content.items()}})
