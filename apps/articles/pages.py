"""The article in a whole web page: its main text and what the page says about it.

A saved or fetched page carries navigation, sidebars and footers around the story;
trafilatura finds the story. Pure functions, no Django.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass

import lxml.html

# A page, rather than a fragment of one: a document type, an <html> or a <body> tag.
_PAGE_RE = re.compile(r"<(?:!doctype\s+html|html|body)\b", re.IGNORECASE)
_HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})


@dataclass(frozen=True, slots=True)
class PageArticle:
    # The main content as an HTML fragment (paragraphs, headings, block quotations),
    # without the headline when it repeats the title.
    html: str
    title: str
    byline: str
    source: str
    published_at: str | None  # ISO date


def looks_like_page(html: str) -> bool:
    return _PAGE_RE.search(html) is not None


def page_article(html: str, *, url: str = "") -> PageArticle | None:
    """The article on the page `html`, or None when trafilatura finds no main text in it."""
    import trafilatura  # loaded on the first page, not with the app

    main = trafilatura.extract(
        html,
        url=url or None,
        output_format="html",
        include_comments=False,
        include_tables=False,
        include_images=False,
        favor_precision=True,
        # trafilatura's deduplication remembers text across calls, process-wide: the same
        # page read twice would lose its paragraphs the second time (and escape the
        # duplicate check). A canonical body depends on its input alone.
        deduplicate=False,
    )
    if not main or not main.strip():
        return None
    meta = trafilatura.extract_metadata(html, default_url=url or None)
    title = " ".join(((meta.title if meta else "") or "").split())
    fragment = _main_fragment(main, title)
    if fragment is None:
        return None
    return PageArticle(
        html=fragment,
        title=title,
        byline=(meta.author if meta else "") or "",
        source=(meta.sitename if meta else "") or "",
        published_at=_iso_date(meta.date if meta else None),
    )


def _main_fragment(main: str, title: str) -> str | None:
    """trafilatura's document as a fragment; a leading heading that repeats the title goes."""
    root = lxml.html.document_fromstring(main)
    body = root.find("body")
    container = body if body is not None else root
    children = list(container)
    if children and children[0].tag in _HEADINGS:
        heading = " ".join(children[0].text_content().split())
        if title and heading.casefold() == title.casefold():
            container.remove(children[0])
    fragment = (container.text or "") + "".join(
        lxml.html.tostring(child, encoding="unicode") for child in container
    )
    return fragment if fragment.strip() else None


def _iso_date(value: str | None) -> str | None:
    if not value:
        return None
    try:
        return datetime.date.fromisoformat(value[:10]).isoformat()
    except ValueError:
        return None
