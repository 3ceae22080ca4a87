"""Pages anyone can read: the published articles, exactly as approved."""

from __future__ import annotations

from django.contrib.auth.decorators import login_not_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.cache import get_conditional_response, patch_vary_headers
from django.utils.http import http_date

from apps.publishing.models import PublishedVersion
from apps.publishing.selectors import (
    headline_html,
    public_article,
    public_quotes,
    public_version_stamp,
    public_versions,
    version_etag,
    version_highlighted,
)

PAGE_SIZE = 25


@login_not_required
def public_list_view(request: HttpRequest) -> HttpResponse:
    filters = {key: request.GET.get(key, "")[:200].strip() for key in ("q", "entity", "speaker")}
    versions = public_versions(
        query=filters["q"], entity=filters["entity"], speaker=filters["speaker"]
    )
    page = Paginator(versions, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "public/list.html", {"page": page, "filters": filters})


@login_not_required
def public_article_view(request: HttpRequest, pk: int) -> HttpResponse:
    workflow, version = public_article(article_id=pk)
    if version is None:
        # The app's own page even while DEBUG is on: readers never see a debug page.
        return render(request, "404.html", status=404)
    if workflow.public_version_id is None:
        context = {"version": version, "retraction_reason": workflow.retraction_reason}
        return render(request, "public/retracted.html", context, status=410)
    stamp = public_version_stamp(article_id=pk)
    if stamp is None:
        return render(request, "404.html", status=404)
    # The version never changes; the page around it differs only by who is signed in.
    etag = version_etag(stamp, variant=f"-u{request.user.pk or 0}")
    modified = stamp["published_at"]
    not_modified = get_conditional_response(
        request, etag=etag, last_modified=int(modified.timestamp())
    )
    if not_modified is not None:
        return _stamped(not_modified, etag, modified)
    version = PublishedVersion.objects.get(pk=stamp["id"])
    quotes = version.annotations["quotes"]
    entities: dict[tuple[str, str], int] = {}
    for mention in version.annotations["entities"]:
        key = (mention["entity"], mention["label"])
        entities[key] = entities.get(key, 0) + 1
    context = {
        "version": version,
        "body_html": version_highlighted(version),
        "quotes": quotes,
        "entities": sorted(entities.items(), key=lambda kv: (-kv[1], kv[0][0])),
    }
    return _stamped(render(request, "public/article.html", context), etag, modified)


def _stamped(response: HttpResponse, etag: str, modified) -> HttpResponse:
    response["ETag"] = etag
    response["Last-Modified"] = http_date(modified.timestamp())
    patch_vary_headers(response, ["Cookie"])
    return response


@login_not_required
def public_quotes_view(request: HttpRequest) -> HttpResponse:
    """Published quotes found by their words, best match first, the matching words marked."""
    query = request.GET.get("q", "")[:200].strip()
    page = None
    if query:
        page = Paginator(public_quotes(query=query), PAGE_SIZE).get_page(request.GET.get("page"))
        for quote in page.object_list:
            quote.highlight = headline_html(quote.headline)
    return render(request, "public/quotes.html", {"query": query, "page": page})
