"""The article on a fetched web page."""

from __future__ import annotations

import datetime

from apps.articles.normalise import IngestError
from apps.ingest import fetch


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
