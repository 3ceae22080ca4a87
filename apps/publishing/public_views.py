"""Pages anyone can read: the published articles, exactly as approved."""

from __future__ import annotations

from django.contrib.auth.decorators import login_not_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from apps.publishing.selectors import public_article, public_versions, version_highlighted

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
    return render(request, "public/article.html", context)
