"""Insights as JSON, with the dashboard's filters, for editors, reviewers and admins."""

from __future__ import annotations

from django.http import HttpRequest, JsonResponse

from apps.accounts.permissions import can_see_insights
from apps.insights import selectors
from apps.insights.forms import InsightFiltersForm
from apps.publishing.api import BadRequest, _error, _json_view, _params

FILTER_PARAMS = {"from", "to", "source", "entity_type", "period"}


def _panel_response(request: HttpRequest, key: str, extra: set[str] = frozenset()) -> JsonResponse:
    if not can_see_insights(request.user):
        return _error("Insights are for editors, reviewers and admins; sign in.", status=403)
    params = _params(request, FILTER_PARAMS | extra)
    for name in ("page", "page_size"):
        if name in params and name not in extra:
            raise BadRequest(f"{name} is not a parameter here.")
    form = InsightFiltersForm({k: v for k, v in params.items() if k in FILTER_PARAMS})
    if not form.is_valid():
        raise BadRequest(form.error_text())
    filters = form.filters()
    if key == "speakers":
        limit = params.get("limit") or "20"
        if not limit.isdigit() or not 1 <= int(limit) <= 100:
            raise BadRequest("limit must be a whole number from 1 to 100.")
        panel = selectors.top_speakers(filters=filters, limit=int(limit))
    else:
        panel = selectors.panel_get(key=key, filters=filters)
    return JsonResponse(
        {
            "filters": filters.as_dict(),
            "total": panel.total,
            "columns": [{"name": name, "title": title} for name, title in panel.columns],
            "results": panel.rows,
        }
    )


@_json_view
def speakers_view(request: HttpRequest) -> JsonResponse:
    """The most-quoted speakers: quotes, articles, share of all counted quotes (%)."""
    return _panel_response(request, "speakers", {"limit"})


@_json_view
def speaker_types_view(request: HttpRequest) -> JsonResponse:
    """Quotes by speaker type, with shares (%)."""
    return _panel_response(request, "speaker-types")


@_json_view
def entities_view(request: HttpRequest) -> JsonResponse:
    """The most-mentioned entities of each type."""
    return _panel_response(request, "entities")
