"""The newsroom's view of its sources: the dashboard, each table as CSV, and speaker pages."""

from __future__ import annotations

import datetime
from urllib.parse import urlencode

from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from apps.accounts.permissions import can_see_insights
from apps.core.csv import csv_lines
from apps.insights import selectors
from apps.insights.accuracy import OUTCOMES, pretagger_accuracy
from apps.insights.forms import InsightFiltersForm

QUOTES_PAGE_SIZE = 50


def _require_insights(request: HttpRequest) -> None:
    if not can_see_insights(request.user):
        raise PermissionDenied


def _quick_ranges(request: HttpRequest) -> list[dict]:
    """One-click date ranges, keeping the other filters."""
    today = timezone.localdate()
    this_month = today.replace(day=1)
    last_month_end = this_month - datetime.timedelta(days=1)
    ranges = [
        ("Last month", last_month_end.replace(day=1), last_month_end),
        ("This month", this_month, today),
        ("Last 12 months", (this_month - datetime.timedelta(days=335)).replace(day=1), today),
        ("All time", None, None),
    ]
    kept = {k: v for k, v in request.GET.items() if k not in ("from", "to") and v}
    links = []
    for label, first, last in ranges:
        query = dict(kept)
        if first:
            query.update({"from": first.isoformat(), "to": last.isoformat()})
        current = request.GET.get("from", "") == (first.isoformat() if first else "") and (
            request.GET.get("to", "") == (last.isoformat() if last else "")
        )
        links.append({"label": label, "query": urlencode(query), "current": current})
    return links


def dashboard_view(request: HttpRequest) -> HttpResponse:
    _require_insights(request)
    form = InsightFiltersForm(request.GET)
    if not form.is_valid():
        context = {"form": form, "panels": [], "ranges": _quick_ranges(request)}
        return render(request, "insights/dashboard.html", context, status=400)
    filters = form.filters()
    panels = [selectors.panel_get(key=key, filters=filters) for key in selectors.PANELS]
    charts = {
        panel.key: {"chart": panel.chart, "columns": panel.columns, "rows": panel.rows}
        for panel in panels
    }
    context = {
        "form": form,
        "filters": filters,
        "panels": panels,
        "charts": charts,
        "query": urlencode({k: v for k, v in request.GET.items() if v}),
        "sources": selectors.source_choices(),
        "ranges": _quick_ranges(request),
    }
    return render(request, "insights/dashboard.html", context)


def panel_csv_view(request: HttpRequest, key: str) -> HttpResponse:
    _require_insights(request)
    if key not in selectors.PANELS:
        raise Http404("No such table.")
    form = InsightFiltersForm(request.GET)
    if not form.is_valid():
        return HttpResponse(form.error_text(), status=400, content_type="text/plain")
    panel = selectors.panel_get(key=key, filters=form.filters())
    fields = [name for name, _ in panel.columns]
    lines = csv_lines(
        [header for _, header in panel.columns], ([row[f] for f in fields] for row in panel.rows)
    )
    response = HttpResponse("".join(lines), content_type="text/csv; charset=utf-8")
    stamp = timezone.localdate().isoformat()
    response["Content-Disposition"] = f'attachment; filename="insights-{key}-{stamp}.csv"'
    return response


def speaker_view(request: HttpRequest, name: str) -> HttpResponse:
    _require_insights(request)
    quotes = selectors.speaker_quotes(name=name)
    page = Paginator(quotes, QUOTES_PAGE_SIZE).get_page(request.GET.get("page"))
    if not page.object_list:
        raise Http404("No published quote by this speaker.")
    timeline = selectors.speaker_timeline(name=name)
    context = {
        "name": name,
        "page": page,
        "timeline": timeline,
        "chart": {
            "chart": {"type": "bar", "label": "period", "value": "quotes", "vertical": True},
            "columns": [("period", "Month"), ("quotes", "Quotes")],
            "rows": timeline,
        },
        "names": selectors.speaker_names_written(name=name),
        "record": selectors.speaker_record(name=name),
    }
    return render(request, "insights/speaker.html", context)


def accuracy_view(request: HttpRequest) -> HttpResponse:
    """The pre-tagger's record on the newsroom's published articles (also as CSV)."""
    _require_insights(request)
    record = pretagger_accuracy()
    label_rows = record.label_rows()
    if request.GET.get("format") == "csv":
        header = ["label", "suggested", *OUTCOMES, "missed"]
        rows = (
            [r["label"], r["suggested"], *(r[o] for o in OUTCOMES), r["missed"]] for r in label_rows
        )
        response = HttpResponse(csv_lines(header, rows), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = 'attachment; filename="pretagger-accuracy.csv"'
        return response
    for row in label_rows:
        row["share_list"] = [row["shares"][outcome] for outcome in OUTCOMES]
    context = {"outcomes": OUTCOMES, "label_rows": label_rows, "week_rows": record.week_rows()}
    return render(request, "insights/accuracy.html", context)
