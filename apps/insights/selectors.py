"""Source analytics over the published annotations: each panel is one grouped query.

Only the current published version of each article counts (retracted articles never do),
and each utterance counts once: a quote nested inside another quote of the same version
(a partial quote within a direct one) is skipped. An article's date is the date the
article carries, or the day it was published when it has none.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Literal

from django.db import connection
from django.db.models import (
    Count,
    DateField,
    F,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
    Window,
)
from django.db.models.functions import Coalesce, Least, RowNumber, Trunc, TruncDate

from apps.annotations.models import QuoteKind, RecordedGender, SpeakerType
from apps.publishing.models import (
    PublishedEntity,
    PublishedQuote,
    PublishedVersion,
    Workflow,
)

Period = Literal["week", "month"]
NOT_RECORDED = "not recorded"
# Quotes per article: counts from this number up share one bucket.
QUOTES_PER_ARTICLE_CAP = 10
SPEAKER_TYPE_LABELS = {
    SpeakerType.NAMED: "named person",
    SpeakerType.PRONOUN: "pronoun (he, she, they)",
    SpeakerType.ORGANISATION: "organisation",
    SpeakerType.GROUP: "group",
    SpeakerType.DOCUMENT: "document",
    SpeakerType.ANONYMOUS: "anonymous",
    SpeakerType.UNKNOWN: "unknown",
}


@dataclass(frozen=True, slots=True)
class InsightFilters:
    date_from: datetime.date | None = None
    date_to: datetime.date | None = None
    source: str = ""
    # An entity label (PERSON, ORG, …): speakers of that type, entities of that type.
    entity_label: str = ""
    period: Period = "month"

    def as_dict(self) -> dict:
        return {
            "from": self.date_from.isoformat() if self.date_from else None,
            "to": self.date_to.isoformat() if self.date_to else None,
            "source": self.source or None,
            "entity_type": self.entity_label or None,
            "period": self.period,
        }


@dataclass(slots=True)
class Panel:
    """One panel's figures: the same rows feed the chart, the table, the CSV and the API."""

    key: str
    title: str
    columns: list[tuple[str, str]]
    rows: list[dict]
    total: int = 0
    # How the page draws it: which column names the bars and which holds the numbers.
    chart: dict = field(default_factory=dict)
    caption: str = ""

    @property
    def table(self) -> list[list[tuple[object, bool]]]:
        """The rows in column order, each cell with whether it is a number (aligned right)."""
        return [
            [(row[name], isinstance(row[name], int | float)) for name, _ in self.columns]
            for row in self.rows
        ]


def _article_day():
    return Coalesce(
        "version__article_date", TruncDate("version__published_at"), output_field=DateField()
    )


def _current_versions(filters: InsightFilters, prefix: str = "") -> Q:
    """The filters on the published version, from a model that points at it via `prefix`."""
    # The version readers see now (kept while the article is corrected again, gone once it is
    # retracted): a semi-join on the workflow; the article table itself is never read.
    public = Workflow.objects.filter(public_version__isnull=False).values("public_version_id")
    q = Q(**{f"{prefix}id__in": public})
    if filters.source:
        q &= Q(**{f"{prefix}source__iexact": filters.source})
    return q


def _dated(queryset: QuerySet, filters: InsightFilters) -> QuerySet:
    if filters.date_from or filters.date_to:
        queryset = queryset.annotate(day=_article_day())
    if filters.date_from:
        queryset = queryset.filter(day__gte=filters.date_from)
    if filters.date_to:
        queryset = queryset.filter(day__lte=filters.date_to)
    return queryset


def counted_quotes(*, filters: InsightFilters) -> QuerySet[PublishedQuote]:
    """The quotes the figures count: published now, each utterance once, filtered."""
    quotes = PublishedQuote.objects.filter(_current_versions(filters, "version__"), nested=False)
    if filters.entity_label:
        quotes = quotes.filter(speaker_label=filters.entity_label)
    return _dated(quotes, filters).order_by()


def _share(count: int, total: int) -> float:
    return round(100 * count / total, 1) if total else 0.0


def top_speakers(*, filters: InsightFilters, limit: int = 20) -> Panel:
    """The most-quoted speakers, with their share of all counted quotes."""
    # Counted per article (its one current version) and speaker first, so that the article
    # count needs no DISTINCT (a sort of every quote) and the total of all groups comes out
    # beside each row.
    per_article = (
        counted_quotes(filters=filters)
        .values("version_id", "speaker_entity")
        .annotate(n=Count("*"))
        .order_by()
    )
    inner, params = per_article.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(
            f"""
            SELECT speaker_entity, SUM(n)::bigint AS quotes, COUNT(*) AS articles,
                   (SUM(SUM(n)) OVER ())::bigint AS total
            FROM ({inner}) AS per_article
            GROUP BY speaker_entity
            ORDER BY quotes DESC, speaker_entity
            LIMIT %s
            """,  # noqa: S608 - the inner query is the ORM's, its values passed as parameters
            [*params, limit + 1],
        )
        names = [column.name for column in cursor.description]
        rows = [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]
    total = rows[0]["total"] if rows else 0
    named = [r for r in rows if r["speaker_entity"]][:limit]
    return Panel(
        key="speakers",
        title="Most-quoted speakers",
        columns=[
            ("speaker", "Speaker"),
            ("quotes", "Quotes"),
            ("articles", "Articles"),
            ("share", "Share of all quotes (%)"),
        ],
        rows=[
            {
                "speaker": r["speaker_entity"],
                "quotes": r["quotes"],
                "articles": r["articles"],
                "share": _share(r["quotes"], total),
            }
            for r in named
        ],
        total=total,
        chart={"type": "bar", "label": "speaker", "value": "quotes"},
    )


def speaker_types(*, filters: InsightFilters) -> Panel:
    counts = dict(
        counted_quotes(filters=filters)
        .values("speaker_type")
        .annotate(quotes=Count("*"))
        .values_list("speaker_type", "quotes")
    )
    total = sum(counts.values())
    return Panel(
        key="speaker-types",
        title="Quotes by speaker type",
        columns=[("speaker_type", "Speaker type"), ("quotes", "Quotes"), ("share", "Share (%)")],
        rows=[
            {
                "speaker_type": SPEAKER_TYPE_LABELS.get(kind, kind),
                "quotes": counts.get(kind, 0),
                "share": _share(counts.get(kind, 0), total),
            }
            for kind in [*SPEAKER_TYPE_LABELS, *sorted(set(counts) - set(SPEAKER_TYPE_LABELS))]
        ],
        total=total,
        chart={"type": "bar", "label": "speaker_type", "value": "share"},
    )


def _periods(first: datetime.date, last: datetime.date, period: Period) -> list[datetime.date]:
    days = []
    current = first
    while current <= last:
        days.append(current)
        if period == "week":
            current += datetime.timedelta(days=7)
        else:
            current = (current.replace(day=1) + datetime.timedelta(days=32)).replace(day=1)
    return days


def speaker_type_trend(*, filters: InsightFilters) -> Panel:
    """Each speaker type's share of the quotes per week or month, empty periods included."""
    grouped = (
        counted_quotes(filters=filters)
        .annotate(period=Trunc(_article_day(), filters.period, output_field=DateField()))
        .values("period", "speaker_type")
        .annotate(quotes=Count("*"))
        .values_list("period", "speaker_type", "quotes")
    )
    counts: dict[datetime.date, dict[str, int]] = {}
    for period, kind, quotes in grouped:
        counts.setdefault(period, {})[kind] = quotes
    periods = _periods(min(counts), max(counts), filters.period) if counts else []
    rows = []
    for period in periods:
        row_counts = counts.get(period, {})
        total = sum(row_counts.values())
        row = {"period": period.isoformat(), "quotes": total}
        for kind in SPEAKER_TYPE_LABELS:
            row[kind] = _share(row_counts.get(kind, 0), total)
        rows.append(row)
    return Panel(
        key="speaker-type-trend",
        title=f"Share of quotes by speaker type, per {filters.period}",
        columns=[
            ("period", "Week of" if filters.period == "week" else "Month"),
            ("quotes", "Quotes"),
            *((kind, f"{label} (%)") for kind, label in SPEAKER_TYPE_LABELS.items()),
        ],
        rows=rows,
        total=sum(r["quotes"] for r in rows),
        chart={"type": "line", "label": "period", "series": list(SPEAKER_TYPE_LABELS)},
    )


def quotes_per_article(*, filters: InsightFilters) -> Panel:
    """How many articles carry 0, 1, 2, … quotes."""
    quotes = PublishedQuote.objects.filter(version=OuterRef("pk"), nested=False)
    if filters.entity_label:
        quotes = quotes.filter(speaker_label=filters.entity_label)
    per_version = quotes.order_by().values("version").annotate(n=Count("*")).values("n")
    versions = PublishedVersion.objects.filter(_current_versions(filters))
    if filters.date_from or filters.date_to:
        versions = versions.annotate(
            day=Coalesce("article_date", TruncDate("published_at"), output_field=DateField())
        )
        if filters.date_from:
            versions = versions.filter(day__gte=filters.date_from)
        if filters.date_to:
            versions = versions.filter(day__lte=filters.date_to)
    counts = dict(
        versions.order_by()
        .annotate(
            n=Least(
                Coalesce(Subquery(per_version, output_field=IntegerField()), Value(0)),
                Value(QUOTES_PER_ARTICLE_CAP),
            )
        )
        .values("n")
        .annotate(articles=Count("id"))
        .values_list("n", "articles")
    )
    total = sum(counts.values())
    rows = [
        {
            "quotes": f"{n} or more" if n == QUOTES_PER_ARTICLE_CAP else str(n),
            "articles": counts.get(n, 0),
            "share": _share(counts.get(n, 0), total),
        }
        for n in range(QUOTES_PER_ARTICLE_CAP + 1)
    ]
    return Panel(
        key="quotes-per-article",
        title="Quotes per article",
        columns=[
            ("quotes", "Quotes in the article"),
            ("articles", "Articles"),
            ("share", "Share (%)"),
        ],
        rows=rows,
        total=total,
        chart={"type": "bar", "label": "quotes", "value": "articles", "vertical": True},
    )


def quote_kinds(*, filters: InsightFilters) -> Panel:
    counts = dict(
        counted_quotes(filters=filters)
        .values("kind")
        .annotate(quotes=Count("*"))
        .values_list("kind", "quotes")
    )
    total = sum(counts.values())
    return Panel(
        key="quote-kinds",
        title="Quote kinds",
        columns=[("kind", "Kind"), ("quotes", "Quotes"), ("share", "Share (%)")],
        rows=[
            {
                "kind": kind,
                "quotes": counts.get(kind, 0),
                "share": _share(counts.get(kind, 0), total),
            }
            for kind in QuoteKind.values
        ],
        total=total,
        chart={"type": "bar", "label": "kind", "value": "quotes"},
    )


def top_entities(*, filters: InsightFilters, per_type: int = 10) -> Panel:
    """The most-mentioned entities of each type (mentions, and articles they appear in)."""
    entities = PublishedEntity.objects.filter(_current_versions(filters, "version__"))
    if filters.entity_label:
        entities = entities.filter(label=filters.entity_label)
    ranked = (
        _dated(entities, filters)
        .order_by()
        .values("label", "name")
        .annotate(mention_total=Sum("mentions"), articles=Count("id"))
        .annotate(
            rank=Window(
                RowNumber(),
                partition_by=[F("label")],
                order_by=[F("mention_total").desc(), F("name").asc()],
            ),
        )
        .filter(rank__lte=per_type)
        .order_by("label", "rank")
        .values("label", "name", "mention_total", "articles")
    )
    rows = [
        {
            "type": r["label"],
            "entity": r["name"],
            "mentions": r["mention_total"],
            "articles": r["articles"],
        }
        for r in ranked
    ]
    return Panel(
        key="entities",
        title="Most-mentioned entities by type",
        columns=[
            ("type", "Type"),
            ("entity", "Entity"),
            ("mentions", "Mentions"),
            ("articles", "Articles"),
        ],
        rows=rows,
        total=sum(r["mentions"] for r in rows),
        chart={"type": "bar", "label": "entity", "value": "mentions", "group": "type"},
    )


def _recorded(panel_key: str, title: str, column: str, counts: dict[str, int], order: list[str]):
    total = sum(counts.values())
    names = [*order, *sorted(set(counts) - set(order) - {NOT_RECORDED}), NOT_RECORDED]
    return Panel(
        key=panel_key,
        title=title,
        columns=[(column, column.capitalize()), ("quotes", "Quotes"), ("share", "Share (%)")],
        rows=[
            {
                column: name,
                "quotes": counts.get(name, 0),
                "share": _share(counts.get(name, 0), total),
            }
            for name in names
            if name in counts or name == NOT_RECORDED or name in order
        ],
        total=total,
        chart={"type": "bar", "label": column, "value": "share"},
    )


def speakers_by_role(*, filters: InsightFilters) -> Panel:
    """Quotes with a named speaker, by the role the newsroom recorded in the registry."""
    counts = dict(
        counted_quotes(filters=filters)
        .exclude(speaker_entity="")
        .annotate(role=Coalesce("speaker_registry__role__name", Value(NOT_RECORDED)))
        .values("role")
        .annotate(quotes=Count("*"))
        .values_list("role", "quotes")
    )
    panel = _recorded("roles", "Quotes by the speaker's role", "role", counts, [])
    panel.caption = "Quotes with a named speaker, by the role recorded in the entity registry."
    return panel


def speakers_by_gender(*, filters: InsightFilters) -> Panel:
    """Quotes by people (PERSON speakers), by the gender the newsroom recorded."""
    counts: dict[str, int] = {}
    grouped = (
        counted_quotes(filters=filters)
        .filter(speaker_label="PERSON")
        .annotate(gender=Coalesce("speaker_registry__gender", Value("")))
        .values("gender")
        .annotate(quotes=Count("*"))
        .values_list("gender", "quotes")
    )
    labels = dict(RecordedGender.choices)
    for gender, quotes in grouped:
        name = labels.get(gender, gender) if gender else NOT_RECORDED
        counts[name] = counts.get(name, 0) + quotes
    order = [label for value, label in RecordedGender.choices if value]
    panel = _recorded("genders", "Quotes by people, by recorded gender", "gender", counts, order)
    panel.caption = (
        "Quotes whose speaker is a person, by the gender the newsroom recorded in the entity "
        "registry; Newsdesk never infers it."
    )
    return panel


PANELS = {
    "speakers": top_speakers,
    "speaker-types": speaker_types,
    "speaker-type-trend": speaker_type_trend,
    "quotes-per-article": quotes_per_article,
    "quote-kinds": quote_kinds,
    "entities": top_entities,
    "roles": speakers_by_role,
    "genders": speakers_by_gender,
}


def panel_get(*, key: str, filters: InsightFilters) -> Panel:
    return PANELS[key](filters=filters)


def source_choices() -> list[str]:
    """The outlets of the articles published now, for the filter."""
    return list(
        PublishedVersion.objects.public()
        .exclude(source="")
        .order_by("source")
        .values_list("source", flat=True)
        .distinct()
    )


# The speaker page.


def speaker_quotes(*, name: str) -> QuerySet[PublishedQuote]:
    """Every counted published quote of one speaker, newest article first."""
    return (
        PublishedQuote.objects.filter(
            _current_versions(InsightFilters(), "version__"), nested=False, speaker_entity=name
        )
        .select_related("version")
        .annotate(day=_article_day())
        .order_by("-day", "-version__published_at", "article_id", "start")
    )


def speaker_timeline(*, name: str, period: Period = "month") -> list[dict]:
    grouped = dict(
        speaker_quotes(name=name)
        .annotate(period=Trunc(_article_day(), period, output_field=DateField()))
        .order_by()
        .values("period")
        .annotate(quotes=Count("*"))
        .values_list("period", "quotes")
    )
    if not grouped:
        return []
    return [
        {"period": p.isoformat(), "quotes": grouped.get(p, 0)}
        for p in _periods(min(grouped), max(grouped), period)
    ]


def speaker_names_written(*, name: str) -> list[dict]:
    """The words the articles named this speaker with ("Ms Graham", "she", …), most used first."""
    return list(
        speaker_quotes(name=name)
        .exclude(speaker="")
        .order_by()
        .values("speaker")
        .annotate(quotes=Count("*"))
        .order_by("-quotes", "speaker")
    )


def speaker_record(*, name: str) -> dict | None:
    """The registry entry most of the speaker's quotes link to, with what is recorded."""
    entry = (
        speaker_quotes(name=name)
        .exclude(speaker_registry__isnull=True)
        .order_by()
        .values(
            "speaker_registry_id",
            "speaker_registry__name",
            "speaker_registry__role__name",
            "speaker_registry__gender",
        )
        .annotate(quotes=Count("*"))
        .order_by("-quotes")
        .first()
    )
    if entry is None or entry["speaker_registry__name"] is None:
        return None
    gender = entry["speaker_registry__gender"]
    return {
        "id": entry["speaker_registry_id"],
        "name": entry["speaker_registry__name"],
        "role": entry["speaker_registry__role__name"] or NOT_RECORDED,
        "gender": RecordedGender(gender).label if gender else NOT_RECORDED,
    }
