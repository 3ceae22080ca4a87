"""How good the pre-tagger has been on this newsroom's own articles, from what people did.

Published articles are the gold. For each of the pre-tagger's suggestions in them, the
history says what people did to it: accepted as it was, relabelled, resized, re-attributed
(a quote's speaker), rejected (or deleted), or left unreviewed; what people added themselves
is what the pre-tagger missed. Counted per label (and for quotes), and per week of
publication, so that the effect of the learning loop shows.
"""

from __future__ import annotations

import datetime
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django.db.models import QuerySet

from apps.annotations.models import (
    AnnotationEvent,
    EntityMention,
    HistoryAction,
    Origin,
    Quote,
    Status,
)
from apps.publishing.models import PublishedVersion

OUTCOMES = (
    "accepted as suggested",
    "relabelled",
    "resized",
    "re-attributed",
    "rejected",
    "unreviewed",
)
QUOTES = "quotes"


@dataclass(slots=True)
class Tally:
    """What became of the suggestions of one label (or of the quotes)."""

    outcomes: Counter = field(default_factory=Counter)
    missed: int = 0

    @property
    def suggested(self) -> int:
        return sum(self.outcomes.values())

    def share(self, outcome: str) -> float:
        return round(100 * self.outcomes[outcome] / self.suggested, 1) if self.suggested else 0.0

    def row(self, name: str) -> dict:
        return {
            "label": name,
            "suggested": self.suggested,
            **{outcome: self.outcomes[outcome] for outcome in OUTCOMES},
            "shares": {outcome: self.share(outcome) for outcome in OUTCOMES},
            "missed": self.missed,
        }


@dataclass(slots=True)
class Accuracy:
    by_label: dict[str, Tally]
    # Week (its Monday) -> label or QUOTES -> tally.
    by_week: dict[datetime.date, dict[str, Tally]]

    def label_rows(self) -> list[dict]:
        labels = sorted(
            (k for k in self.by_label if k != QUOTES), key=lambda k: -self.by_label[k].suggested
        )
        return [self.by_label[k].row(k) for k in [*labels, QUOTES] if k in self.by_label]

    def week_rows(self) -> list[dict]:
        rows = []
        for week in sorted(self.by_week):
            entities, quotes = Tally(), self.by_week[week].get(QUOTES, Tally())
            for key, tally in self.by_week[week].items():
                if key != QUOTES:
                    entities.outcomes.update(tally.outcomes)
                    entities.missed += tally.missed
            rows.append(
                {
                    "week": week.isoformat(),
                    "entities_suggested": entities.suggested,
                    "entities_accepted_share": entities.share("accepted as suggested"),
                    "entities_missed": entities.missed,
                    "quotes_suggested": quotes.suggested,
                    "quotes_accepted_share": quotes.share("accepted as suggested"),
                    "quotes_missed": quotes.missed,
                }
            )
        return rows


def _published_weeks(since: datetime.date | None) -> dict[int, datetime.date]:
    """Article id -> the Monday of the week its current version was published."""
    versions: QuerySet = PublishedVersion.objects.public()
    if since is not None:
        versions = versions.filter(published_at__date__gte=since)
    weeks = {}
    for article_id, published_at in versions.values_list("article_id", "published_at"):
        day = published_at.date()
        weeks[article_id] = day - datetime.timedelta(days=day.weekday())
    return weeks


def _original_states(article_ids: list[int], kind: str) -> dict[int, dict]:
    """For each row people changed, the value each field had before the first change."""
    events = (
        AnnotationEvent.objects.filter(
            article_id__in=article_ids, actor__isnull=False, target__startswith=f"{kind}:"
        )
        .order_by("id")
        .values_list("target", "before")
    )
    original: dict[int, dict] = defaultdict(dict)
    for target, before in events.iterator(chunk_size=2000):
        if not isinstance(before, dict):
            continue
        row_id = target.partition(":")[2]
        if not row_id.isdigit():
            continue
        state = original[int(row_id)]
        for key, value in before.items():
            state.setdefault(key, value)
    return original


def _deleted_suggestions(article_ids: list[int], action: str) -> list[tuple[int, dict]]:
    states = AnnotationEvent.objects.filter(
        article_id__in=article_ids, actor__isnull=False, action=action
    ).values_list("article_id", "before")
    return [
        (article_id, before)
        for article_id, before in states
        if isinstance(before, dict) and before.get("origin") == Origin.MACHINE
    ]


def _mention_outcome(row: dict, first: dict) -> str:
    if row["status"] == Status.REJECTED:
        return "rejected"
    if "label" in first and first["label"] != row["label"]:
        return "relabelled"
    if ("start" in first and first["start"] != row["start"]) or (
        "end" in first and first["end"] != row["end"]
    ):
        return "resized"
    return "accepted as suggested" if row["status"] == Status.ACCEPTED else "unreviewed"


def _quote_outcome(row: dict, first: dict) -> str:
    if row["status"] == Status.REJECTED:
        return "rejected"
    for key in ("speaker", "speaker_entity"):
        if key in first and first[key] != _quote_field(row, key):
            return "re-attributed"
    if ("start" in first and first["start"] != row["start"]) or (
        "end" in first and first["end"] != row["end"]
    ):
        return "resized"
    return "accepted as suggested" if row["status"] == Status.ACCEPTED else "unreviewed"


def _quote_field(row: dict, key: str):
    if key == "speaker":
        start = row["speaker_start"]
        return [start, row["speaker_end"]] if start is not None else None
    return row["speaker_entity_id"]


def pretagger_accuracy(*, since: datetime.date | None = None) -> Accuracy:
    """The pre-tagger's record on the articles published now (since a day, if given)."""
    weeks = _published_weeks(since)
    ids = list(weeks)
    by_label: dict[str, Tally] = defaultdict(Tally)
    by_week: dict[datetime.date, dict[str, Tally]] = defaultdict(lambda: defaultdict(Tally))

    def count(article_id: int, key: str, outcome: str | None) -> None:
        for tally in (by_label[key], by_week[weeks[article_id]][key]):
            if outcome is None:
                tally.missed += 1
            else:
                tally.outcomes[outcome] += 1

    firsts = _original_states(ids, "mention")
    for row in EntityMention.objects.filter(article_id__in=ids).values(
        "id", "article_id", "label", "start", "end", "status", "origin"
    ):
        if row["origin"] == Origin.HUMAN:
            if row["status"] != Status.REJECTED:
                count(row["article_id"], row["label"], None)
            continue
        first = firsts.get(row["id"], {})
        count(row["article_id"], first.get("label", row["label"]), _mention_outcome(row, first))
    for article_id, before in _deleted_suggestions(ids, HistoryAction.MENTION_DELETE):
        count(article_id, before.get("label", ""), "rejected")

    firsts = _original_states(ids, "quote")
    for row in Quote.objects.filter(article_id__in=ids).values(
        "id", "article_id", "start", "end", "status", "origin",
        "speaker_start", "speaker_end", "speaker_entity_id",
    ):  # fmt: skip
        if row["origin"] == Origin.HUMAN:
            if row["status"] != Status.REJECTED:
                count(row["article_id"], QUOTES, None)
            continue
        count(row["article_id"], QUOTES, _quote_outcome(row, firsts.get(row["id"], {})))
    for article_id, _before in _deleted_suggestions(ids, HistoryAction.QUOTE_DELETE):
        count(article_id, QUOTES, "rejected")
    return Accuracy(by_label=dict(by_label), by_week=dict(by_week))
