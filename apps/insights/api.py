"""Insights as JSON, with the dashboard's filters, for editors, reviewers and admins.

A router of the one JSON API (config/api.py mounts it at /api/v1/insights/). The signed-in
session decides who may read: the figures are the newsroom's own, not for readers.
"""

from __future__ import annotations

import datetime
from typing import Annotated, Literal

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema
from ninja.errors import HttpError

from apps.accounts.permissions import can_see_insights
from apps.annotations.models import MENTION_LABELS
from apps.core.api import COMMON_ERRORS, Error
from apps.insights import selectors
from apps.insights.forms import InsightFiltersForm
from apps.publishing.api import IsoDate

router = Router(tags=["insights"])

EntityType = Literal[tuple(MENTION_LABELS)]  # type: ignore[valid-type]


class Column(Schema):
    name: str
    title: str


class Filters(Schema):
    """The filters the figures were counted with."""

    model_config = {"populate_by_name": True}

    date_from: datetime.date | None = Field(alias="from")
    date_to: datetime.date | None = Field(alias="to")
    source: str | None
    entity_type: str | None
    period: Literal["month", "week"]


class InsightTable(Schema):
    """One table of the dashboard: its columns, and a row per line of the table."""

    filters: Filters
    total: int = Field(description="the quotes (or mentions) counted")
    columns: list[Column]
    results: list[dict]


RESPONSES = {200: InsightTable, 403: Error, **COMMON_ERRORS}


def _panel(
    request: HttpRequest,
    key: str,
    *,
    date_from: datetime.date | None,
    date_to: datetime.date | None,
    source: str,
    entity_type: str | None,
    period: str,
    limit: int | None = None,
) -> dict:
    if not can_see_insights(request.user):
        raise HttpError(403, "Insights are for editors, reviewers and admins; sign in.")
    form = InsightFiltersForm(
        {
            "from": date_from.isoformat() if date_from else "",
            "to": date_to.isoformat() if date_to else "",
            "source": source,
            "entity_type": entity_type or "",
            "period": period,
        }
    )
    if not form.is_valid():
        raise HttpError(400, form.error_text())
    filters = form.filters()
    if limit is not None:
        panel = selectors.top_speakers(filters=filters, limit=limit)
    else:
        panel = selectors.panel_get(key=key, filters=filters)
    return {
        "filters": filters.as_dict(),
        "total": panel.total,
        "columns": [{"name": name, "title": title} for name, title in panel.columns],
        "results": panel.rows,
    }


DateFrom = Annotated[IsoDate | None, Query(None, alias="from", description="on or after")]
DateTo = Annotated[IsoDate | None, Query(None, alias="to", description="on or before")]
Source = Annotated[
    str, Query("", max_length=200, pattern=r"^[^\x00-\x1f]*$", description="the outlet")
]
EntityTypeQuery = Annotated[EntityType | None, Query(None, description="entity type")]
Period = Annotated[Literal["month", "week"], Query("month", description="trend period")]


@router.get(
    "/speakers",
    response=RESPONSES,
    by_alias=True,
    operation_id="insightSpeakers",
    summary="The most-quoted speakers: quotes, articles, share of all counted quotes (%)",
    url_name="insight_speakers",
)
def speakers(
    request: HttpRequest,
    date_from: DateFrom,
    date_to: DateTo,
    source: Source,
    entity_type: EntityTypeQuery,
    period: Period,
    limit: Annotated[int, Query(20, ge=1, le=100, description="how many speakers")],
):
    return _panel(
        request, "speakers", date_from=date_from, date_to=date_to, source=source,
        entity_type=entity_type, period=period, limit=limit,
    )  # fmt: skip


@router.get(
    "/speaker-types",
    response=RESPONSES,
    by_alias=True,
    operation_id="insightSpeakerTypes",
    summary="Quotes by speaker type, with shares (%)",
    url_name="insight_speaker_types",
)
def speaker_types(
    request: HttpRequest,
    date_from: DateFrom,
    date_to: DateTo,
    source: Source,
    entity_type: EntityTypeQuery,
    period: Period,
):
    return _panel(
        request, "speaker-types", date_from=date_from, date_to=date_to, source=source,
        entity_type=entity_type, period=period,
    )  # fmt: skip


@router.get(
    "/entities",
    response=RESPONSES,
    by_alias=True,
    operation_id="insightEntities",
    summary="The most-mentioned entities of each type",
    url_name="insight_entities",
)
def entities(
    request: HttpRequest,
    date_from: DateFrom,
    date_to: DateTo,
    source: Source,
    entity_type: EntityTypeQuery,
    period: Period,
):
    return _panel(
        request, "entities", date_from=date_from, date_to=date_to, source=source,
        entity_type=entity_type, period=period,
    )  # fmt: skip
