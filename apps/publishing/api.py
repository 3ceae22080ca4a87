"""The read-only JSON API over published versions. Drafts and working annotations never appear."""

from __future__ import annotations

import datetime

from django.contrib.auth.decorators import login_not_required
from django.core.paginator import EmptyPage, Paginator
from django.http import HttpRequest, JsonResponse
from django.urls import reverse
from django.views.decorators.http import require_GET

from apps.publishing.models import PublishedVersion
from apps.publishing.openapi import openapi_document
from apps.publishing.selectors import (
    headline_html,
    public_quotes,
    public_versions,
    version_as_api,
)

MAX_PAGE_SIZE = 100
DEFAULT_PAGE_SIZE = 20
ARTICLE_ORDERINGS = {"published_at", "-published_at", "title", "-title"}


class BadRequest(ValueError):
    pass


def _error(message: str, status: int = 400) -> JsonResponse:
    return JsonResponse({"error": message}, status=status)


def _params(request: HttpRequest, allowed: set[str]) -> dict[str, str]:
    unknown = sorted(set(request.GET) - allowed - {"page", "page_size"})
    if unknown:
        raise BadRequest(f"Unknown parameter(s): {', '.join(unknown)}. Allowed: "
                         f"{', '.join(sorted(allowed | {'page', 'page_size'}))}.")  # fmt: skip
    for key in request.GET:
        if len(request.GET.getlist(key)) > 1:
            raise BadRequest(f"Give {key} once.")
    return {key: request.GET[key].strip()[:300] for key in request.GET}


def _date(value: str, name: str) -> datetime.date | None:
    if not value:
        return None
    try:
        return datetime.date.fromisoformat(value)
    except ValueError as exc:
        raise BadRequest(f"{name} must be a date like 2026-01-31.") from exc


def _page(request: HttpRequest, params: dict[str, str], items, serialise) -> dict:
    try:
        size = int(params.get("page_size") or DEFAULT_PAGE_SIZE)
        number = int(params.get("page") or 1)
    except ValueError as exc:
        raise BadRequest("page and page_size must be whole numbers.") from exc
    if not 1 <= size <= MAX_PAGE_SIZE:
        raise BadRequest(f"page_size must be between 1 and {MAX_PAGE_SIZE}.")
    if number < 1:
        raise BadRequest("page must be 1 or more.")
    paginator = Paginator(items, size)
    try:
        page = paginator.page(number)
    except EmptyPage:
        page = None
    query = request.GET.copy()

    def link(n: int) -> str:
        query["page"] = str(n)
        return f"{request.path}?{query.urlencode()}"

    return {
        "count": paginator.count,
        "page": number,
        "page_size": size,
        "next": link(number + 1) if page and page.has_next() else None,
        "previous": link(number - 1) if page and page.has_previous() else None,
        "results": [serialise(item) for item in page.object_list] if page else [],
    }


def _json_view(view):
    def wrapper(request: HttpRequest, *args, **kwargs) -> JsonResponse:
        try:
            return view(request, *args, **kwargs)
        except BadRequest as exc:
            return _error(str(exc))

    wrapper.__name__ = view.__name__
    wrapper.__doc__ = view.__doc__
    return login_not_required(require_GET(wrapper))


def _article_summary(version: PublishedVersion) -> dict:
    return {
        "id": version.article_id,
        "title": version.title,
        "source": version.source,
        "date": version.article_date.isoformat() if version.article_date else None,
        "version": version.number,
        "published_at": version.published_at.isoformat(),
        "entities": version.entity_names,
        "speakers": version.speaker_names,
        "url": reverse("api:article", args=[version.article_id]),
    }


@_json_view
def articles_view(request: HttpRequest) -> JsonResponse:
    params = _params(request, {"q", "entity", "speaker", "from", "to", "ordering"})
    ordering = params.get("ordering") or "-published_at"
    if ordering not in ARTICLE_ORDERINGS:
        raise BadRequest(f"ordering must be one of {', '.join(sorted(ARTICLE_ORDERINGS))}.")
    versions = public_versions(
        query=params.get("q", ""),
        entity=params.get("entity", ""),
        speaker=params.get("speaker", ""),
        date_from=_date(params.get("from", ""), "from"),
        date_to=_date(params.get("to", ""), "to"),
        ordering=ordering,
    )
    return JsonResponse(_page(request, params, versions, _article_summary))


@_json_view
def article_view(request: HttpRequest, pk: int) -> JsonResponse:
    _params(request, set())
    version = PublishedVersion.objects.public().filter(article_id=pk).first()
    if version is None:
        return _error("No published article with this id.", status=404)
    return JsonResponse(version_as_api(version))


@_json_view
def quotes_view(request: HttpRequest) -> JsonResponse:
    params = _params(request, {"q", "speaker", "kind", "article"})
    kind = params.get("kind", "")
    if kind and kind not in {"direct", "partial", "indirect"}:
        raise BadRequest("kind must be direct, partial or indirect.")
    article = params.get("article", "")
    if article and not article.isdigit():
        raise BadRequest("article must be an article id.")
    query = params.get("q", "")
    quotes = public_quotes(
        speaker=params.get("speaker", ""),
        kind=kind,
        article_id=int(article) if article else None,
        query=query,
    )

    def serialise(quote) -> dict:
        return {
            "article": quote.article_id,
            "version": quote.version.number,
            "start": quote.start,
            "end": quote.end,
            "text": quote.text,
            "kind": quote.kind,
            "cue": quote.cue or None,
            "speaker": quote.speaker or None,
            "speaker_entity": quote.speaker_entity or None,
            "speaker_type": quote.speaker_type,
        }

    def serialise_match(quote) -> dict:
        # The headline is HTML: the quote's text escaped, the matching words in <mark>.
        return {
            **serialise(quote),
            "rank": round(quote.rank, 6),
            "highlight": str(headline_html(quote.headline)),
        }

    return JsonResponse(_page(request, params, quotes, serialise_match if query else serialise))


@_json_view
def openapi_view(request: HttpRequest) -> JsonResponse:
    return JsonResponse(openapi_document(request.build_absolute_uri("/api/v1")))
