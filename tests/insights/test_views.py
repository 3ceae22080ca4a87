"""The dashboard, its CSV tables, the speaker page and the JSON endpoints, as people use them."""

from __future__ import annotations

import csv
import io

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db

PAGES = [
    reverse("insights:dashboard"),
    reverse("insights:panel_csv", args=["speakers"]),
    reverse("insights:speaker", args=["Sharon Graham"]),
]
ENDPOINTS = [
    reverse("api:insight_speakers"),
    reverse("api:insight_speaker_types"),
    reverse("api:insight_entities"),
]


@pytest.mark.parametrize("role", ["editor", "reviewer", "admin"])
def test_editors_reviewers_and_admins_see_insights(client, make_user, small_set, role):
    client.force_login(make_user(role))
    for url in PAGES + ENDPOINTS:
        assert client.get(url).status_code == 200, url
    assert b'href="/insights/"' in client.get(reverse("public:list")).content


def test_readers_without_an_account_and_annotators_see_no_insights(client, make_user, small_set):
    for url in PAGES:
        response = client.get(url)
        assert response.status_code == 302 and response["Location"].startswith(reverse("login"))
    for url in ENDPOINTS:
        response = client.get(url)
        assert response.status_code == 403
        assert "results" not in response.json()
    client.force_login(make_user("annotator"))
    for url in PAGES + ENDPOINTS:
        assert client.get(url).status_code == 403, url
    assert b'href="/insights/"' not in client.get(reverse("public:list")).content


def test_dashboard_shows_each_panel_with_its_table(client, make_user, small_set):
    client.force_login(make_user("editor"))
    response = client.get(reverse("insights:dashboard"))
    html = response.content.decode()
    for key in ("speakers", "speaker-types", "speaker-type-trend", "quotes-per-article",
                "quote-kinds", "entities", "roles", "genders"):  # fmt: skip
        assert f'id="panel-{key}"' in html
        assert reverse("insights:panel_csv", args=[key]) in html
    assert 'href="/insights/speakers/Sharon%20Graham/"' in html
    assert 'id="insights-charts"' in html
    assert "Last month" in html


def test_csv_has_the_table_figures_and_the_filters_apply(client, make_user, small_set):
    client.force_login(make_user("editor"))
    response = client.get(reverse("insights:panel_csv", args=["speakers"]))
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows == [
        ["Speaker", "Quotes", "Articles", "Share of all quotes (%)"],
        ["Michael Knights", "2", "2", "28.6"],
        ["Sharon Graham", "2", "2", "28.6"],
        ["Unite", "1", "1", "14.3"],
    ]
    url = reverse("insights:panel_csv", args=["speaker-types"])
    rows = list(
        csv.reader(io.StringIO(client.get(url, {"source": "Evening Star"}).content.decode()))
    )
    assert ["anonymous", "1", "50.0"] in rows
    assert client.get(url, {"from": "2026-05-01", "to": "2026-04-01"}).status_code == 400
    assert client.get(reverse("insights:panel_csv", args=["nothing"])).status_code == 404


def test_api_answers_with_the_same_numbers_as_the_table(client, make_user, small_set):
    client.force_login(make_user("reviewer"))
    data = client.get(
        reverse("api:insight_speakers"), {"from": "2026-03-01", "to": "2026-03-31"}
    ).json()
    assert data["filters"]["from"] == "2026-03-01"
    assert data["total"] == 5
    assert data["results"][0] == {
        "speaker": "Sharon Graham",
        "quotes": 2,
        "articles": 2,
        "share": 40.0,
    }
    types = client.get(reverse("api:insight_speaker_types"), {"entity_type": "ORG"}).json()
    assert {r["speaker_type"]: r["quotes"] for r in types["results"]}["organisation"] == 1
    entities = client.get(reverse("api:insight_entities"), {"source": "Evening Star"}).json()
    assert [r["entity"] for r in entities["results"]] == ["Baghdad", "Michael Knights"]


@pytest.mark.parametrize(
    "params",
    [{"colour": "red"}, {"from": "yesterday"}, {"entity_type": "SHIP"}, {"limit": "0"},
     {"period": "year"}, {"page": "2"}],
)  # fmt: skip
def test_api_refuses_bad_parameters_with_a_message(client, make_user, small_set, params):
    client.force_login(make_user("editor"))
    response = client.get(reverse("api:insight_speakers"), params)
    assert response.status_code == 400
    assert response.json()["error"]


def test_speaker_page_lists_quotes_names_and_record(client, make_user, small_set):
    client.force_login(make_user("editor"))
    html = client.get(reverse("insights:speaker", args=["Sharon Graham"])).content.decode()
    assert html.index("Workers deserve a fair deal") < html.index("We will not back down on pay")
    assert "Retracted words" not in html and "back down</q>" not in html
    assert "politician" in html and "woman" in html
    assert reverse("public:article", args=[small_set["articles"][0].article_id]) in html
    assert client.get(reverse("insights:speaker", args=["Nobody"])).status_code == 404


def test_openapi_describes_the_insights_and_the_quote_search(client, make_user, small_set):
    schemas = client.get(reverse("api:openapi")).json()["components"]["schemas"]
    client.force_login(make_user("editor"))
    for url in ENDPOINTS:
        data = client.get(url).json()
        assert set(data) == set(schemas["InsightTable"]["properties"])
        filters = schemas["InsightTable"]["properties"]["filters"]
        if "$ref" in filters:  # a schema of its own, referred to
            filters = schemas[filters["$ref"].rsplit("/", 1)[-1]]
        assert set(data["filters"]) == set(filters["properties"])
        assert {c["name"] for c in data["columns"]} == set(data["results"][0])
    match = client.get(reverse("api:quotes"), {"q": "fair deal"}).json()["results"][0]
    assert set(match) == set(schemas["QuoteMatch"]["properties"])


def test_each_panel_is_one_query_whatever_the_data(
    client, make_user, small_set, django_assert_max_num_queries
):
    client.force_login(make_user("editor"))
    client.get(reverse("insights:dashboard"))  # the session and permissions, cached below
    # 8 panels, the outlets for the filter, the session, the user and their permissions.
    with django_assert_max_num_queries(13):
        assert client.get(reverse("insights:dashboard")).status_code == 200
    # The count and a page of quotes, the timeline, the names, the registry record.
    with django_assert_max_num_queries(9):
        assert client.get(reverse("insights:speaker", args=["Sharon Graham"])).status_code == 200
