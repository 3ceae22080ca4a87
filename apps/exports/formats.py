"""Every export format by its file name, and the one function that produces any of them."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

from apps.exports import csv_exports, documents
from apps.exports.selectors import (
    PUBLISHED,
    WORKING,
    ExportFilters,
    annotation_version_check,
    export_articles,
    export_mentions,
    export_quotes,
)

EXCEL_BOM = "\ufeff"


@dataclass(frozen=True, slots=True)
class ExportFormat:
    name: str
    title: str
    content_type: str
    # False: the file is built whole (a DocBin is one compressed blob); True: streamed.
    streamed: bool = True
    csv: bool = False


FORMATS: dict[str, ExportFormat] = {
    f.name: f
    for f in [
        ExportFormat("articles.csv", "Articles (CSV)", "text/csv; charset=utf-8", csv=True),
        ExportFormat("entities.csv", "Entity mentions (CSV)", "text/csv; charset=utf-8", csv=True),
        ExportFormat(
            "quotes.csv", "Quotes with speakers (CSV)", "text/csv; charset=utf-8", csv=True
        ),
        ExportFormat(
            "pretag.jsonl", "Pretag JSONL (re-importable)", "application/jsonl; charset=utf-8"
        ),
        ExportFormat("doccano.jsonl", "doccano JSONL", "application/jsonl; charset=utf-8"),
        ExportFormat("labelstudio.jsonl", "Label Studio JSONL", "application/jsonl; charset=utf-8"),
        ExportFormat("entities.spacy", "spaCy DocBin", "application/octet-stream", streamed=False),
        ExportFormat("entities.conll", "CoNLL-2003 (BIO)", "text/plain; charset=utf-8"),
    ]
}


def export_content(
    *,
    name: str,
    filters: ExportFilters,
    version: str = PUBLISHED,
    accepted_only: bool = False,
    excel_bom: bool = False,
) -> Iterator[str] | bytes:
    """The export `name` of the filtered articles, as text chunks to stream, or bytes.

    `version` is PUBLISHED (the current published version of each published article) or
    WORKING (the annotations as they are now, accepted and suggested; `accepted_only` drops
    the suggestions). Published versions hold accepted annotations only.
    """
    annotation_version_check(version)
    articles = export_articles(filters=filters)

    def docs() -> Iterator[documents.ArticleDocument]:
        return documents.article_documents(
            articles=articles, version=version, accepted_only=accepted_only
        )

    options = {"version": version, "accepted_only": accepted_only}
    producers: dict[str, Callable[[], Iterator[str] | bytes]] = {
        "pretag.jsonl": lambda: documents.pretag_lines(docs()),
        "doccano.jsonl": lambda: documents.doccano_lines(docs()),
        "labelstudio.jsonl": lambda: documents.label_studio_lines(docs()),
        "entities.spacy": lambda: documents.docbin_bytes(docs()),
        "entities.conll": lambda: documents.conll_lines(docs()),
    }
    if version == WORKING:
        # Straight from the annotation tables, one row per database row: the fastest path.
        producers |= {
            "articles.csv": lambda: csv_exports.article_rows(
                articles=articles, accepted_only=accepted_only
            ),
            "entities.csv": lambda: csv_exports.mention_rows(
                mentions=export_mentions(articles=articles, **options)
            ),
            "quotes.csv": lambda: csv_exports.quote_rows(
                quotes=export_quotes(articles=articles, **options)
            ),
        }
    else:
        producers |= {
            "articles.csv": lambda: documents.published_article_lines(docs()),
            "entities.csv": lambda: documents.published_mention_lines(docs()),
            "quotes.csv": lambda: documents.published_quote_lines(docs()),
        }
    content = producers[name]()
    if isinstance(content, bytes):
        return content
    if excel_bom and FORMATS[name].csv:
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
