"""CSV writing that is safe to open in a spreadsheet."""

from __future__ import annotations

import csv
from collections.abc import Iterable, Iterator

# A cell starting with one of these is run as a formula by Excel, LibreOffice and Sheets. Line
# feed and NUL are on the list because spreadsheets skip them before looking for "=": a mention
# that begins at a paragraph break ("\n\n=HYPERLINK(…)") would otherwise run.
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r", "\n", "\x00")


def spreadsheet_safe(value: object) -> str:
    """Return the cell text, prefixed with an apostrophe when it would run as a formula."""
    text = "" if value is None else str(value)
    if text.startswith(FORMULA_TRIGGERS):
        return "'" + text
    return text


class _Echo:
    def write(self, value: str) -> str:
        return value


def csv_lines(header: list[str], rows: Iterable[Iterable[object]]) -> Iterator[str]:
    """Yield RFC 4180 lines one at a time, so a response can stream them.

    Every cell is quoted, so no spreadsheet guesses a type (or a formula) from bare text.
    """
    writer = csv.writer(_Echo(), lineterminator="\r\n", quoting=csv.QUOTE_ALL)
    yield writer.writerow(header)
    for row in rows:
        yield writer.writerow([spreadsheet_safe(cell) for cell in row])
