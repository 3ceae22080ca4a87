"""Every export format by its file name, and the one function that produces any of them."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet

from apps.articles.models import Article
from apps.exports import csv_exports, documents, tools
from apps.exports.selectors import (
    PUBLISHED,
    WORKING,
    ExportFilters,
    annotation_version_check,
    export_articles,
    export_mentions,
    export_published_quotes,
    export_quotes,
)

EXCEL_BOM = "\ufeff"
EXCEL_AND_DATA_TOOLS = (
    "A file for Excel keeps the formula protection; a file for data tools leaves it out. "
    "Choose one."
)


@dataclass(frozen=True, slots=True)
class ExportRequest:
    """What an export is made of: the filtered articles, and which of their annotations."""

    articles: QuerySet[Article]
    version: str
    accepted_only: bool
    # False for data tools: CSV cells exactly as stored, without the apostrophe that stops a
    # spreadsheet from running a cell as a formula.
    formula_safe: bool = True

    @property
    def working(self) -> bool:
        return self.version == WORKING

    def documents(self) -> Iterator[documents.ArticleDocument]:
        return documents.article_documents(
            articles=self.articles, version=self.version, accepted_only=self.accepted_only
        )

    def mentions(self):
        return export_mentions(
            articles=self.articles, version=self.version, accepted_only=self.accepted_only
        )

    def quotes(self):
        return export_quotes(
            articles=self.articles, version=self.version, accepted_only=self.accepted_only
        )

    def published_quotes(self):
        return export_published_quotes(articles=self.articles)


Writer = Callable[[ExportRequest], Iterator[str] | bytes]


@dataclass(frozen=True, slots=True)
class ExportFormat:
    name: str
    title: str
    content_type: str
    write: Writer
    # False: the file is built whole (a DocBin is one compressed blob); True: streamed.
    streamed: bool = True
    csv: bool = False


# The CSVs of working annotations come straight from the annotation tables, one row per
# database row (the fastest path); published versions are read as documents.
def _articles_csv(request: ExportRequest) -> Iterator[str]:
    safe = request.formula_safe
    if request.working:
        return csv_exports.article_rows(
            articles=request.articles, accepted_only=request.accepted_only, formula_safe=safe
        )
    return documents.published_article_lines(request.documents(), formula_safe=safe)


def _entities_csv(request: ExportRequest) -> Iterator[str]:
    safe = request.formula_safe
    if request.working:
        return csv_exports.mention_rows(mentions=request.mentions(), formula_safe=safe)
    return documents.published_mention_lines(request.documents(), formula_safe=safe)


def _quotes_csv(request: ExportRequest) -> Iterator[str]:
    safe = request.formula_safe
    if request.working:
        return csv_exports.quote_rows(quotes=request.quotes(), formula_safe=safe)
    return csv_exports.published_quote_rows(quotes=request.published_quotes(), formula_safe=safe)


def _from_documents(write: Callable[[Iterator[documents.ArticleDocument]], Any]) -> Writer:
    return lambda request: write(request.documents())


CSV = "text/csv; charset=utf-8"
JSONL = "application/jsonl; charset=utf-8"

FORMATS: dict[str, ExportFormat] = {
    f.name: f
    for f in [
        ExportFormat("articles.csv", "Articles (CSV)", CSV, _articles_csv, csv=True),
        ExportFormat("entities.csv", "Entity mentions (CSV)", CSV, _entities_csv, csv=True),
        ExportFormat("quotes.csv", "Quotes with speakers (CSV)", CSV, _quotes_csv, csv=True),
        ExportFormat(
            "pretag.jsonl",
            "Pretag JSONL (re-importable)",
            JSONL,
            _from_documents(documents.pretag_lines),
        ),
        ExportFormat(
            "doccano.jsonl",
            "doccano JSONL (entities)",
            JSONL,
            _from_documents(documents.doccano_lines),
        ),
        ExportFormat(
            "doccano-relations.jsonl",
            "doccano JSONL with quotes and speaker relations",
            JSONL,
            _from_documents(tools.doccano_relation_lines),
        ),
        ExportFormat(
            "labelstudio.json",
            "Label Studio JSON (entities, quotes and speaker relations)",
            "application/json; charset=utf-8",
            _from_documents(tools.label_studio_json),
        ),
        ExportFormat(
            "labelstudio.jsonl",
            "Label Studio JSONL (entities)",
            JSONL,
            _from_documents(documents.label_studio_lines),
        ),
        ExportFormat(
            "entities.spacy",
            "spaCy DocBin",
            "application/octet-stream",
            _from_documents(documents.docbin_bytes),
            streamed=False,
        ),
        ExportFormat(
            "entities.conll",
            "CoNLL-2003 (BIO)",
            "text/plain; charset=utf-8",
            _from_documents(documents.conll_lines),
        ),
    ]
}


def export_content(
    *,
    name: str,
    filters: ExportFilters,
    version: str = PUBLISHED,
    accepted_only: bool = False,
    excel_bom: bool = False,
    for_data_tools: bool = False,
) -> Iterator[str] | bytes:
    """The export `name` of the filtered articles, as text chunks to stream, or bytes.

    `version` is PUBLISHED (the current published version of each published article) or
    WORKING (the annotations as they are now, accepted and suggested; `accepted_only` drops
    the suggestions). Published versions hold accepted annotations only. `for_data_tools`
    writes CSV cells exactly as stored, without the spreadsheet-formula protection; it cannot
    be combined with `excel_bom`, which is for opening the file in a spreadsheet.
    """
    if excel_bom and for_data_tools:
        raise ValueError(EXCEL_AND_DATA_TOOLS)
    annotation_version_check(version)
    export = FORMATS[name]
    request = ExportRequest(
        articles=export_articles(filters=filters),
        version=version,
        accepted_only=accepted_only,
        formula_safe=not for_data_tools,
    )
    content = export.write(request)
    if isinstance(content, bytes):
        return content
    if excel_bom and export.csv:
        content = _with_bom(content)
    return text_blocks(content)


def text_blocks(pieces: Iterable[str], size: int = 64 * 1024) -> Iterator[str]:
    """Join small pieces (one CSV line each) into blocks: one write per block, not per row."""
    block: list[str] = []
    length = 0
    for piece in pieces:
        block.append(piece)
        length += len(piece)
        if length >= size:
            yield "".join(block)
            block, length = [], 0
    if block:
        yield "".join(block)


def _with_bom(lines: Iterator[str]) -> Iterator[str]:
    yield EXCEL_BOM
    yield from lines
