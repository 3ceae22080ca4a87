"""The JSON API over published versions: drafts and working annotations never appear.

Mounted at /api/v1/ by config/api.py. Parameters and responses are typed here, and the
OpenAPI document is generated from these declarations.
"""

from __future__ import annotations

import datetime
import json
import re
from typing import Annotated, Literal

from django.http import HttpRequest
from django.urls import reverse
from django.utils.cache import get_conditional_response
from django.utils.http import http_date
from ninja import Field, Path, Query, Router, Schema, Status
from ninja.errors import HttpError
from pydantic import BeforeValidator

from apps.accounts.api_auth import IMPORT, READ_OR_ANONYMOUS
from apps.articles.normalise import IngestError
from apps.core.api import COMMON_ERRORS, Error, api_response
from apps.core.pagination import BadCursor, after, cursor_decode, cursor_encode, row_values
from apps.ingest.models import ImportBatch, ImportKind
from apps.ingest.selectors import import_item_states, import_progress
from apps.ingest.services import import_batch_create
from apps.nlp.wire import EntityWire, QuoteWire
from apps.publishing.models import PublishedVersion
from apps.publishing.selectors import (
    QUOTE_ORDER,
    QUOTE_SEARCH_ORDER,
    headline_html,
    public_quotes,
    public_version_stamp,
    public_versions,
    version_as_api,
    version_etag,
)

MAX_PAGE_SIZE = 100
DEFAULT_PAGE_SIZE = 20
MAX_ID = 2**63 - 1  # the largest id PostgreSQL's bigint holds

# Text parameters are searched for in PostgreSQL, which cannot hold NUL or other C0 controls.
_TEXT = r"^[^\x00-\x08\x0b\x0c\x0e-\x1f]*$"
Page = Annotated[int, Query(1, ge=1, le=1_000_000, description="page number, from 1")]
Cursor = Annotated[
    str | None,
    Query(
        None,
        max_length=1000,
        pattern=r"^[A-Za-z0-9_-]+$",
        description="from `next_cursor`: the next page at the cost of the first (it names "
        "its page, so `page` is not read); one the API did not give is a 404",
    ),
]
PageSize = Annotated[
    int, Query(DEFAULT_PAGE_SIZE, ge=1, le=MAX_PAGE_SIZE, description="items per page")
]


def _iso_date(value: object) -> object:
    # pydantic would also take numbers (Unix time) and other ISO 8601 forms; the schema says
    # a date like 2026-01-31, and that is all that is accepted.
    if isinstance(value, datetime.date):
        return value
    if not isinstance(value, str) or not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        raise ValueError("must be a date like 2026-01-31.")
    return value


IsoDate = Annotated[datetime.date, BeforeValidator(_iso_date)]
ArticleOrdering = Literal["-published_at", "published_at", "title", "-title"]
QuoteKind = Literal["direct", "partial", "indirect"]

router = Router(tags=["published"])

# Reading needs no key; a key that is sent must be valid, have the read scope and keep to
# its rate limit. The document says so with an empty alternative ({}: no key at all).
READ = {
    "auth": READ_OR_ANONYMOUS,
    "openapi_extra": {"security": [{}]},  # added to the key's own entry
}
KEY_ERRORS: dict[int, type[Schema]] = {401: Error, 403: Error, 429: Error}


class ArticleSummary(Schema):
    id: int
    title: str
    source: str
    date: datetime.date | None
    version: int
    published_at: datetime.datetime
    entities: list[str] = Field(description="canonical names of the entities mentioned")
    speakers: list[str] = Field(description="canonical names of the quoted speakers")
    url: str = Field(description="the article's address in this API")


class Article(Schema):
    """One published article in the shape of the `pretag` command, with its metadata."""

    id: int
    title: str
    byline: str
    source: str
    url: str = Field(description="where the article was first published, if known")
    date: datetime.date | None
    version: int
    published_at: datetime.datetime
    text: str = Field(description="the canonical text; offsets are code-point indices into it")
    entities: list[EntityWire]
    quotes: list[QuoteWire]


class Quote(Schema):
    article: int
    version: int
    start: int
    end: int
    text: str
    kind: QuoteKind
    cue: str | None
    speaker: str | None
    speaker_entity: str | None
    speaker_type: str


class ArticlePage(Schema):
    count: int
    page: int
    page_size: int
    next: str | None = Field(description="the next page's address (by cursor)")
    next_cursor: str | None = Field(description="give as `cursor` for the next page")
    previous: str | None
    results: list[ArticleSummary]


class QuoteMatch(Quote):
    rank: float = Field(description="how well the quote matches `q` (higher is better)")
    highlight: str = Field(
        description="the quote as HTML: its text escaped, the matching words in <mark>"
    )


class QuotePage(Schema):
    count: int
    page: int
    page_size: int
    next: str | None = Field(description="the next page's address (by cursor)")
    next_cursor: str | None = Field(description="give as `cursor` for the next page")
    previous: str | None
    results: list[QuoteMatch | Quote]


def _page(
    request: HttpRequest,
    items,
    *,
    order: list[str],
    page: int,
    page_size: int,
    cursor: str | None,
    serialise,
) -> dict:
    """A page of `items`, by `page` (an offset) or by `cursor` (keyset: the same cost on any
    page). `next` always carries a cursor, so a client that follows it never pays an offset."""
    count = items.count()
    if cursor:  # it names its own page; `page` is then not read
        try:
            page, values = cursor_decode(cursor, order=order)
        except BadCursor as exc:
            # A cursor names a page; one this API never gave names no page.
            raise HttpError(404, f"No such page: {exc}") from exc
        rows = list(after(items, order=order, values=values)[: page_size + 1])
    else:
        offset = (page - 1) * page_size
        rows = list(items[offset : offset + page_size + 1]) if offset < count else []
    more = len(rows) > page_size
    rows = rows[:page_size]
    next_cursor = (
        cursor_encode(page=page + 1, order=order, values=row_values(rows[-1], order))
        if more
        else None
    )

    def link(name: str, value: str) -> str:
        query = request.GET.copy()
        query.pop("page", None)
        query.pop("cursor", None)
        query[name] = value
        return f"{request.path}?{query.urlencode()}"

    return {
        "count": count,
        "page": page,
        "page_size": page_size,
        "next": link("cursor", next_cursor) if next_cursor else None,
        "next_cursor": next_cursor,
        "previous": link("page", str(page - 1))
        if page > 1 and (page - 2) * page_size < count
        else None,
        "results": [serialise(row) for row in rows],
    }


def _article_summary(version: PublishedVersion) -> dict:
    return {
        "id": version.article_id,
        "title": version.title,
        "source": version.source,
        "date": version.article_date,
        "version": version.number,
        "published_at": version.published_at,
        "entities": version.entity_names,
        "speakers": version.speaker_names,
        "url": reverse("api:article", args=[version.article_id]),
    }


def _quote(quote) -> dict:
    return {
        "article": quote.article_id,
        "version": quote.version_number,
        "start": quote.start,
        "end": quote.end,
        "text": quote.text,
        "kind": quote.kind,
        "cue": quote.cue or None,
        "speaker": quote.speaker or None,
        "speaker_entity": quote.speaker_entity or None,
        "speaker_type": quote.speaker_type,
    }


@router.get(
    "/articles",
    response={200: ArticlePage, 404: Error, **KEY_ERRORS, **COMMON_ERRORS},
    **READ,
    operation_id="listArticles",
    summary="Published articles, newest first",
    url_name="articles",
)
def list_articles(
    request: HttpRequest,
    q: Annotated[str, Query("", max_length=300, pattern=_TEXT, description="words in the title")],
    entity: Annotated[
        str, Query("", max_length=300, pattern=_TEXT, description="canonical entity name, exact")
    ],
    speaker: Annotated[
        str, Query("", max_length=300, pattern=_TEXT, description="canonical speaker name, exact")
    ],
    date_from: Annotated[
        IsoDate | None, Query(None, alias="from", description="published on or after")
    ],
    date_to: Annotated[
        IsoDate | None, Query(None, alias="to", description="published on or before")
    ],
    ordering: Annotated[ArticleOrdering, Query("-published_at", description="sort order")],
    page: Page,
    page_size: PageSize,
    cursor: Cursor,
):
    versions = public_versions(
        query=q.strip(),
        entity=entity.strip(),
        speaker=speaker.strip(),
        date_from=date_from,
        date_to=date_to,
        ordering=ordering,
    )
    return _page(
        request,
        versions,
        order=[ordering, "-id"],
        page=page,
        page_size=page_size,
        cursor=cursor,
        serialise=_article_summary,
    )


@router.get(
    "/articles/{id}",
    response={200: Article, 304: None, 404: Error, **KEY_ERRORS, **COMMON_ERRORS},
    **READ,
    operation_id="getArticle",
    summary="One published article in the pre-tagger's shape",
    url_name="article",
)
def get_article(request: HttpRequest, id: Annotated[int, Path(ge=1, le=MAX_ID)]):  # noqa: A002
    stamp = public_version_stamp(article_id=id)
    if stamp is None:
        raise HttpError(404, "No published article with this id.")
    # A published version never changes: a client holding it is told so without the body.
    etag, modified = version_etag(stamp), stamp["published_at"]
    not_modified = get_conditional_response(
        request, etag=etag, last_modified=int(modified.timestamp())
    )
    if not_modified is None:
        version = PublishedVersion.objects.get(pk=stamp["id"])
        response = api_response(request, Article, version_as_api(version))
    else:
        response = not_modified
    response["ETag"] = etag
    response["Last-Modified"] = http_date(modified.timestamp())
    return response


@router.get(
    "/quotes",
    response={200: QuotePage, 404: Error, **KEY_ERRORS, **COMMON_ERRORS},
    **READ,
    operation_id="listQuotes",
    summary="Published quotes across articles",
    url_name="quotes",
)
def list_quotes(
    request: HttpRequest,
    q: Annotated[
        str,
        Query(
            "",
            max_length=300,
            pattern=_TEXT,
            description='words of the quote (English stemming; "phrases", -word, or): '
            "best match first, each with `rank` and `highlight`",
        ),
    ],
    speaker: Annotated[
        str, Query("", max_length=300, pattern=_TEXT, description="canonical speaker name, exact")
    ],
    kind: Annotated[QuoteKind | None, Query(None, description="quote kind")],
    article: Annotated[int | None, Query(None, ge=1, le=MAX_ID, description="article id")],
    page: Page,
    page_size: PageSize,
    cursor: Cursor,
):
    query = q.strip()
    quotes = public_quotes(
        speaker=speaker.strip(), kind=kind or "", article_id=article, query=query
    )
    return _page(
        request,
        quotes,
        order=QUOTE_SEARCH_ORDER if query else QUOTE_ORDER,
        page=page,
        page_size=page_size,
        cursor=cursor,
        serialise=_quote_match if query else _quote,
    )


def _quote_match(quote) -> dict:
    return {
        **_quote(quote),
        "rank": round(quote.rank, 6),
        "highlight": str(headline_html(quote.headline)),
    }


# Bringing articles in with an import key: the same path as the editors' imports (validation,
# duplicates, pre-tagging), as one job to follow.


class ArticleIn(Schema):
    """One article to bring in; the fields of a CSV or JSONL import."""

    model_config = {"extra": "forbid"}

    body: str = Field(min_length=1, description="the text, in `format`")
    format: Literal["txt", "md", "html"] = "txt"
    title: str = Field("", max_length=300, description="made from the text when empty")
    byline: str = Field("", max_length=300)
    source: str = Field("", max_length=200)
    url: str = Field("", max_length=2000, description="an http:// or https:// address")
    published_at: IsoDate | None = None


class ArticleBatchIn(Schema):
    model_config = {"extra": "forbid"}

    articles: list[ArticleIn] = Field(min_length=1, max_length=5000)


class JobItem(Schema):
    position: int
    label: str
    status: Literal["pending", "stored", "duplicate", "failed"]
    reason: str = Field(description="why the item failed, or which article it duplicates")
    article: int | None = Field(description="the article stored, or the one it duplicates")
    tagging: Literal["queued", "running", "done", "failed"] | None = Field(
        description="the pre-tagging of the article stored"
    )


class Job(Schema):
    id: int
    url: str
    created_at: datetime.datetime
    finished: bool = Field(description="every item is stored (or refused) and pre-tagged")
    total: int
    pending: int
    stored: int
    duplicates: int
    failed: int
    tagged: int
    tagging_failed: int
    items: list[JobItem]


def _job(batch: ImportBatch) -> dict:
    progress = import_progress(batch=batch)
    return {
        "id": batch.pk,
        "url": reverse("api:job", args=[batch.pk]),
        "created_at": batch.created_at,
        "finished": progress.finished,
        "total": progress.total,
        "pending": progress.pending,
        "stored": progress.stored,
        "duplicates": progress.duplicates,
        "failed": progress.failed,
        "tagged": progress.tagged,
        "tagging_failed": progress.tagging_failed,
        "items": [
            {
                "position": item["position"],
                "label": item["label"],
                "status": item["status"],
                "reason": item["reason"],
                "article": item["article_id"],
                "tagging": item["article__tagging_state"] if item["status"] == "stored" else None,
            }
            for item in import_item_states(batch=batch)
        ],
    }


@router.post(
    "/articles",
    response={202: Job, 413: Error, **KEY_ERRORS, **COMMON_ERRORS},
    auth=IMPORT,
    operation_id="importArticles",
    summary="Bring in one article or a batch; follow the job until they are pre-tagged",
    url_name="articles",
)
def import_articles(request: HttpRequest, payload: ArticleIn | ArticleBatchIn):
    articles = payload.articles if isinstance(payload, ArticleBatchIn) else [payload]
    lines = [json.dumps(article.model_dump(mode="json")) for article in articles]
    try:
        batch = import_batch_create(
            kind=ImportKind.JSONL,
            created_by=request.api_key.user,
            data="\n".join(lines).encode(),
            filename=f"API key {request.api_key.name}"[:255],
        )
    except IngestError as exc:
        raise HttpError(400, str(exc)) from exc
    return Status(202, _job(batch))


@router.get(
    "/jobs/{id}",
    response={200: Job, 404: Error, **KEY_ERRORS, **COMMON_ERRORS},
    auth=IMPORT,
    operation_id="getJob",
    summary="What became of each article sent, and whether it is pre-tagged yet",
    url_name="job",
)
def get_job(request: HttpRequest, id: Annotated[int, Path(ge=1, le=MAX_ID)]):  # noqa: A002
    batch = ImportBatch.objects.filter(pk=id, created_by=request.api_key.user).first()
    if batch is None:
        raise HttpError(404, "No job of yours with this id.")
    return _job(batch)
