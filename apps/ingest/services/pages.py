"""The article on a fetched web page."""

from __future__ import annotations

from apps.articles.normalise import IngestError
from apps.articles.pages import page_article
from apps.ingest import fetch


def page_payload(page: fetch.FetchedPage) -> dict:
    """The article on a fetched page: its main text (trafilatura) and what is known about it."""
    if page.content_type == "text/plain":
        return {"raw": _decode_page(page), "fmt": "txt", "url": page.url, "title": ""}
    found = page_article(_decode_page(page), url=page.url)
    if found is None:
        raise IngestError("No article text was found on the page.")
    return {
        "raw": found.html,
        "fmt": "html",
        "url": page.url,
        "title": found.title,
        "byline": found.byline,
        "source": found.source,
        "published_at": found.published_at,
    }


def _decode_page(page: fetch.FetchedPage) -> str:
    for charset in [page.charset] if page.charset else ["utf-8", "cp1252"]:
        try:
            return page.body.decode(charset)
        except (LookupError, UnicodeDecodeError):
            continue
    raise IngestError("The page's text could not be decoded.")
