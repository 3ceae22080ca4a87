"""`manage.py export FORMAT [filters] [-o FILE]`: the downloads of the web pages, for exports
too large for a browser. Streams, so memory stays flat."""

from __future__ import annotations

import datetime
import sys

from django.core.management.base import BaseCommand, CommandError, CommandParser

from apps.articles.models import TaggingState
from apps.exports.formats import FORMATS, export_content
from apps.exports.selectors import PUBLISHED, VERSIONS, ExportFilters


def _date(value: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(value)
    except ValueError as exc:
        raise CommandError(f"Not a date (YYYY-MM-DD): {value!r}") from exc


class Command(BaseCommand):
    help = "Export articles and annotations: " + ", ".join(FORMATS)

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("format", choices=list(FORMATS))
        parser.add_argument("-o", "--output", help="file to write (default: standard output)")
        parser.add_argument("--article", type=int, action="append", default=[], help="article id")
        parser.add_argument("--query", default="", help="title contains")
        parser.add_argument("--state", choices=TaggingState.values)
        parser.add_argument("--source", default="")
        parser.add_argument("--since", type=_date, help="published (or added) on or after")
        parser.add_argument("--until", type=_date, help="published (or added) on or before")
        parser.add_argument(
            "--annotations",
            choices=VERSIONS,
            default=PUBLISHED,
            help="published versions (default) or the working annotations",
        )
        parser.add_argument("--accepted-only", action="store_true")
        spreadsheet = parser.add_mutually_exclusive_group()
        spreadsheet.add_argument("--excel", action="store_true", help="UTF-8 with a BOM (CSV only)")
        spreadsheet.add_argument(
            "--for-data-tools",
            action="store_true",
            help=(
                "CSV for data tools (pandas, R, a database): cells exactly as stored, WITHOUT "
                "the protection against spreadsheet formulas; do not open it in a spreadsheet"
            ),
        )

    def handle(self, *args, **options) -> None:
        filters = ExportFilters(
            article_ids=tuple(options["article"]),
            query=options["query"],
            state=options["state"] or "",
            source=options["source"],
            date_from=options["since"],
            date_to=options["until"],
        )
        content = export_content(
            name=options["format"],
            filters=filters,
            version=options["annotations"],
            accepted_only=options["accepted_only"],
            excel_bom=options["excel"],
            for_data_tools=options["for_data_tools"],
        )
        if isinstance(content, bytes):
            if not options["output"]:
                sys.stdout.buffer.write(content)
                return
            with open(options["output"], "wb") as out:
                out.write(content)
            return
        if not options["output"]:
            for chunk in content:
                self.stdout.write(chunk, ending="")
            return
        with open(options["output"], "w", encoding="utf-8", newline="") as out:
            for chunk in content:
                out.write(chunk)
