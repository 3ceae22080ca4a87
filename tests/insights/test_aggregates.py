"""Every panel against figures worked out by hand on the small published set."""

from __future__ import annotations

import datetime

import pytest

from apps.insights import selectors
from apps.insights.selectors import InsightFilters

pytestmark = pytest.mark.django_db
ALL = InsightFilters()


def test_most_quoted_speakers_with_share_of_all_quotes(small_set):
    panel = selectors.top_speakers(filters=ALL)
    assert panel.total == 7
    assert panel.rows == [
        {"speaker": "Michael Knights", "quotes": 2, "articles": 2, "share": 28.6},
        {"speaker": "Sharon Graham", "quotes": 2, "articles": 2, "share": 28.6},
        {"speaker": "Unite", "quotes": 1, "articles": 1, "share": 14.3},
    ]


def test_speaker_types(small_set):
    rows = {
        r["speaker_type"]: (r["quotes"], r["share"])
        for r in selectors.speaker_types(filters=ALL).rows
    }
    assert rows["named person"] == (4, 57.1)
    assert rows["anonymous"] == (2, 28.6)
    assert rows["organisation"] == (1, 14.3)
    assert rows["unknown"] == (0, 0.0)
    assert len(rows) == 7


def test_speaker_type_trend_per_month_and_week(small_set):
    rows = selectors.speaker_type_trend(filters=ALL).rows
    assert [
        (r["period"], r["quotes"], r["named"], r["anonymous"], r["organisation"]) for r in rows
    ] == [
        ("2026-03-01", 5, 60.0, 20.0, 20.0),
        ("2026-04-01", 2, 50.0, 50.0, 0.0),
    ]
    weekly = selectors.speaker_type_trend(filters=InsightFilters(period="week")).rows
    # Weeks start on Monday; the empty weeks between are shown as zero.
    assert [(r["period"], r["quotes"]) for r in weekly] == [
        ("2026-03-02", 2), ("2026-03-09", 3), ("2026-03-16", 0), ("2026-03-23", 0),
        ("2026-03-30", 2),
    ]  # fmt: skip


def test_quotes_per_article(small_set):
    rows = {r["quotes"]: r["articles"] for r in selectors.quotes_per_article(filters=ALL).rows}
    assert rows == {
        "0": 1,
        "1": 0,
        "2": 2,
        "3": 1,
        **{str(n): 0 for n in range(4, 10)},
        "10 or more": 0,
    }


def test_quote_kinds_count_a_nested_partial_once(small_set):
    rows = {r["kind"]: r["quotes"] for r in selectors.quote_kinds(filters=ALL).rows}
    assert rows == {"direct": 4, "partial": 1, "indirect": 2}


def test_most_mentioned_entities_by_type(small_set):
    rows = selectors.top_entities(filters=ALL).rows
    assert rows == [
        {"type": "GPE", "entity": "Baghdad", "mentions": 5, "articles": 2},
        {"type": "ORG", "entity": "Unite", "mentions": 3, "articles": 2},
        {"type": "PERSON", "entity": "Sharon Graham", "mentions": 5, "articles": 2},
        {"type": "PERSON", "entity": "Michael Knights", "mentions": 2, "articles": 2},
    ]


def test_roles_and_genders_show_not_recorded_as_a_share(small_set):
    roles = {
        r["role"]: (r["quotes"], r["share"]) for r in selectors.speakers_by_role(filters=ALL).rows
    }
    assert roles == {"politician": (2, 40.0), "expert": (1, 20.0), "not recorded": (2, 40.0)}
    genders = selectors.speakers_by_gender(filters=ALL).rows
    assert [(r["gender"], r["quotes"], r["share"]) for r in genders] == [
        ("woman", 2, 50.0), ("man", 1, 25.0), ("non-binary", 0, 0.0), ("another gender", 0, 0.0),
        ("not recorded", 1, 25.0),
    ]  # fmt: skip


def test_filters_by_outlet_entity_type_and_dates(small_set):
    star = InsightFilters(source="evening star")
    assert selectors.quote_kinds(filters=star).total == 2
    assert [r["speaker"] for r in selectors.top_speakers(filters=star).rows] == ["Michael Knights"]
    orgs = InsightFilters(entity_label="ORG")
    assert [(r["speaker"], r["share"]) for r in selectors.top_speakers(filters=orgs).rows] == [
        ("Unite", 100.0)
    ]
    assert [r["entity"] for r in selectors.top_entities(filters=orgs).rows] == ["Unite"]
    april = InsightFilters(date_from=datetime.date(2026, 4, 1), date_to=datetime.date(2026, 4, 30))
    assert selectors.speaker_types(filters=april).total == 2
    per_article = {
        r["quotes"]: r["articles"] for r in selectors.quotes_per_article(filters=april).rows
    }
    assert (per_article["0"], per_article["2"], per_article["3"]) == (1, 1, 0)
    march = InsightFilters(date_to=datetime.date(2026, 3, 31))
    assert [r["entity"] for r in selectors.top_entities(filters=march).rows] == [
        "Unite", "Sharon Graham", "Michael Knights",
    ]  # fmt: skip


def test_speaker_page_figures(small_set):
    quotes = list(selectors.speaker_quotes(name="Sharon Graham"))
    assert [q.text for q in quotes] == [
        "Workers deserve a fair deal",
        "We will not back down on pay",
    ]
    assert selectors.speaker_timeline(name="Sharon Graham") == [
        {"period": "2026-03-01", "quotes": 2}
    ]
    assert selectors.speaker_record(name="Sharon Graham")["role"] == "politician"
    assert selectors.speaker_record(name="Unite") is None
