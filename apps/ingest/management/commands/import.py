"""Import a file the way the import page does: CSV, JSONL, a zip of .txt/.md/.html files, or a
list of web addresses (one per line), from a path or standard input (`-`).

Every item goes through the same services as the page (validation, duplicates, one
transaction per item); the command stores them now, with a progress bar, and prints a
summary. Pre-tagging is queued for the workers, as on the page.
"""

from __future__ import annotations

import sys
import threading
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import connections
from tqdm import tqdm

from apps.articles.normalise import IngestError
from apps.ingest.models import AnnotationMode, ImportKind
from apps.ingest.parsers import tools
from apps.ingest.selectors import import_labels, import_problems, import_progress
from apps.ingest.services import import_batch_create, import_batch_map, import_batch_run

# JSON arrays (doccano, Label Studio, pretag records) are read by the JSONL import too.
KIND_BY_SUFFIX = {".csv": ImportKind.CSV, ".jsonl": ImportKind.JSONL, ".ndjson": ImportKind.JSONL,
                  ".json": ImportKind.JSONL, ".zip": ImportKind.ZIP,
                  ".urls": ImportKind.URLS}  # fmt: skip


def _sniff(data: bytes) -> str:
    """The kind of an import from its first bytes, for standard input or an unknown suffix."""
    if data.startswith(b"PK\x03\x04"):
        return ImportKind.ZIP
    head = data.lstrip(b"\xef\xbb\xbf \t\r\n")[:1]
    if head in (b"{", b"["):
        return ImportKind.JSONL
    first = data.lstrip().split(b"\n", 1)[0].strip().lower()
    if first.startswith((b"http://", b"https://")):
        return ImportKind.URLS
    return ImportKind.CSV


class Command(BaseCommand):
    help = (
        "Import FILE (CSV, JSONL, zip of .txt/.md/.html, or web addresses one per line), "
        "or '-' for standard input; prints a summary of what was imported."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("file", metavar="FILE", help="a file, or - for standard input")
        parser.add_argument("--kind", choices=ImportKind.values, help="default: from the name")
        parser.add_argument(
            "--annotations",
            choices=AnnotationMode.values,
            default=AnnotationMode.PRETAG,
            help="for JSONL in the pretag shape: what to do with its entities and quotes",
        )
        parser.add_argument("--user", help="the username recorded as the importer")
        parser.add_argument("--no-progress", action="store_true", help="no progress bar")

    def handle(self, *args, file: str, kind: str | None, annotations: str, user: str | None,
               no_progress: bool, **options) -> None:  # fmt: skip
        if file == "-":
            data, name = sys.stdin.buffer.read(), "standard input"
        else:
            path = Path(file)
            if not path.is_file():
                raise CommandError(f"No file {file}.")
            data, name = path.read_bytes(), path.name
            kind = kind or KIND_BY_SUFFIX.get(path.suffix.lower())
        kind = kind or _sniff(data)
        importer = None
        if user:
            importer = get_user_model().objects.filter(username=user).first()
            if importer is None:
                raise CommandError(f"No user {user!r}.")
        try:
            batch = import_batch_create(
                kind=kind,
                created_by=importer,
                data=b"" if kind == ImportKind.URLS else data,
                urls=data.decode("utf-8-sig", errors="replace") if kind == ImportKind.URLS else "",
                filename=name,
                annotation_mode=annotations,
            )
            if batch.awaiting_mapping:
                # A doccano or Label Studio file: its labels are mapped as the import page
                # proposes (exact names, PER→PERSON, …; anything else is left out).
                mapping = tools.default_mapping(*import_labels(batch=batch))
                self.stdout.write(f"Label mapping: {self._mapping_text(mapping)}")
                import_batch_map(
                    batch=batch,
                    label_mapping=mapping,
                    annotation_mode=annotations
                    if annotations != AnnotationMode.PRETAG
                    else AnnotationMode.SUGGESTED,
                )
                batch.refresh_from_db()
        except IngestError as exc:
            raise CommandError(str(exc)) from exc
        self._store(batch, progress=not no_progress)
        self._summary(batch)

    @staticmethod
    def _mapping_text(mapping: dict) -> str:
        pairs = [f"{k} → {v or 'left out'}" for k, v in sorted(mapping["labels"].items())]
        pairs += [f"{k} → {v or 'left out'}" for k, v in sorted(mapping["relations"].items())]
        return ", ".join(pairs) or "nothing to map"

    def _store(self, batch, *, progress: bool) -> None:
        """Store the items now, in a thread, while the bar follows the batch's progress. (The
        job queued for the batch finds nothing left to do: running it twice stores nothing
        twice.)"""
        failures: list[BaseException] = []

        def run() -> None:
            try:
                import_batch_run(batch_id=batch.pk)
            except BaseException as exc:  # shown in the main thread
                failures.append(exc)
            finally:
                connections.close_all()

        worker = threading.Thread(target=run)
        worker.start()
        total = import_progress(batch=batch).total
        bar = tqdm(total=total, unit="article", disable=not progress, file=self.stderr._out)
        while True:
            worker.join(timeout=0.3)
            done = import_progress(batch=batch).processed
            bar.update(done - bar.n)
            if not worker.is_alive():
                break
        bar.close()
        if failures:
            raise CommandError(f"The import stopped: {failures[0]}")

    def _summary(self, batch) -> None:
        progress = import_progress(batch=batch)
        self.stdout.write(
            f"Import #{batch.pk}: {progress.stored} imported, {progress.duplicates} "
            f"duplicate(s), {progress.failed} failed, of {progress.total}; "
            "pre-tagging is queued for the workers."
        )
        for item in import_problems(batch=batch):
            what = "duplicate" if item.status == "duplicate" else "failed"
            self.stdout.write(f"  {item.label}: {what} — {item.reason}")
