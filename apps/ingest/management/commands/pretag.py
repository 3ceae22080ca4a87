"""Run the pre-tagger on files or JSONL without touching the database (DESIGN.md contract)."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from apps.articles.normalise import (
    IngestError,
    canonical_body,
    canonical_text,
    decode_upload,
    format_for_filename,
)
from apps.nlp.pipeline import get_nlp, pretag_texts


class Command(BaseCommand):
    help = (
        "Pre-tag FILE... (.txt, .md, .html) or, with '-', JSONL on standard input "
        '({"id": ..., "text": ...} per line, optionally "blocks": [[start, end], ...], the '
        "paragraphs of the text set as block quotations). Prints entities and quotes as JSON."
    )
    requires_system_checks = []
    requires_migrations_checks = False

    def add_arguments(self, parser) -> None:
        parser.add_argument("inputs", nargs="+", metavar="FILE", help="files, or - for stdin")
        parser.add_argument(
            "--format",
            choices=["json", "jsonl"],
            default=None,
            help="default: json for files, jsonl for -",
        )

    def handle(self, *args, inputs: list[str], format: str | None, **options) -> None:
        from_stdin = inputs == ["-"]
        if "-" in inputs and not from_stdin:
            raise CommandError("Use '-' alone to read JSONL from standard input.")
        output_format = format or ("jsonl" if from_stdin else "json")
        self.failures = 0
        items = list(self._stdin_items() if from_stdin else self._file_items(inputs))
        if not items and self.failures:
            raise CommandError("No input could be read.")
        nlp = get_nlp(settings.NEWSDESK_SPACY_MODEL)
        results = (r.as_dict() for r in pretag_texts(items, nlp=nlp))
        if output_format == "jsonl":
            for result in results:
                self.stdout.write(json.dumps(result, ensure_ascii=False))
        else:
            collected = list(results)
            payload = collected[0] if len(collected) == 1 else collected
            self.stdout.write(json.dumps(payload, ensure_ascii=False, indent=2))
        if self.failures:
            raise CommandError(
                f"{self.failures} input(s) could not be read; see the messages above."
            )

    def _fail(self, message: str) -> None:
        self.failures += 1
        self.stderr.write(message)

    def _file_items(self, paths: list[str]) -> Iterator[tuple[str, str, list]]:
        for name in paths:
            path = Path(name)
            try:
                fmt = format_for_filename(path.name)
                if path.stat().st_size > settings.NEWSDESK_MAX_UPLOAD_BYTES:
                    raise IngestError("the file is larger than the upload limit")
                text = canonical_text(decode_upload(path.read_bytes()), fmt)
            except (OSError, IngestError) as exc:
                self._fail(f"{name}: {exc}")
                continue
            yield path.stem, text.body, list(text.blocks)

    def _stdin_items(self) -> Iterator[tuple[str, str, list]]:
        for number, line in enumerate(sys.stdin, start=1):
            if not line.strip():
                continue
            try:
                record = json.loads(line)
                if not isinstance(record, dict) or not isinstance(record.get("text"), str):
                    raise ValueError('each line must be an object with a "text" string')
                body = canonical_body(record["text"], "txt")
                blocks = _blocks(record, body)
            except (ValueError, IngestError) as exc:
                self._fail(f"line {number}: {exc}")
                continue
            yield str(record.get("id", number)), body, blocks


def _blocks(record: dict, body: str) -> list[list[int]]:
    """The optional "blocks" of a line: [start, end) ranges into its text, which must then
    be canonical already (else the offsets would point elsewhere in the body)."""
    blocks = record.get("blocks")
    if blocks is None:
        return []
    ranges = blocks if isinstance(blocks, list) else None
    if ranges is None or not all(
        isinstance(r, list) and len(r) == 2 and all(type(n) is int for n in r) for r in ranges
    ):
        raise ValueError('"blocks" must be a list of [start, end] pairs of integers')
    if body != record["text"]:
        raise ValueError('"blocks" index the text, so the text must be canonical already')
    if not all(0 <= start < end <= len(body) for start, end in ranges):
        raise ValueError('a range in "blocks" lies outside the text')
    return ranges
