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


def _exact(value: object) -> str:
    return "" if value is None else str(value)


def csv_lines(
    header: list[str], rows: Iterable[Iterable[object]], *, formula_safe: bool = True
) -> Iterator[str]:
    """Yield RFC 4180 lines one at a time, so a response can stream them.

    Every cell is quoted, so no spreadsheet guesses a type (or a formula) from bare text.
    `formula_safe=False` writes every cell exactly as stored, for data tools (pandas, R, a
    database) that would otherwise keep the protecting apostrophe as part of the value; such
    a file must not be opened in a spreadsheet.
    """
    writer = csv.writer(_Echo(), lineterminator="\r\n", quoting=csv.QUOTE_ALL)
    cell = spreadsheet_safe if formula_safe else _exact
    yield writer.writerow(header)
    for row in rows:
        yield writer.writerow([cell(value) for value in row])
