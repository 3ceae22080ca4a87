import pytest
from django.urls import reverse

from apps.publishing import services
from tests.conftest import QUOTED_TEXT

pytestmark = pytest.mark.django_db


@pytest.fixture
def published(tagged_article, make_user):
    def publish(**kwargs):
        article = tagged_article(**kwargs)
        annotator, reviewer = make_user("annotator", "ann"), make_user("reviewer", "rev")
        services.annotation_start(article=article, actor=annotator)
        services.review_request(article=article, actor=annotator)
        services.review_approve(article=article, actor=reviewer)
        return article

    return publish


def test_public_pages_need_no_sign_in_and_show_only_published(client, published, tagged_article):
    article = published(title="Bridge plan")
    draft = tagged_article(
        "“Not yet,” said Michael Knights, an analyst. Officials in Baghdad disagreed.",
        title="Secret draft",
    )
    listing = client.get(reverse("public:list")).content.decode()
    assert "Bridge plan" in listing and "Secret draft" not in listing
    page = client.get(reverse("public:article", args=[article.pk]))
    html = page.content.decode()
    assert page.status_code == 200
    assert "version 1" in html and "Michael Knights" in html
    assert 'data-label="PERSON">Michael Knights</mark>' in html
    assert "Baghdad</mark>" not in html  # an unaccepted suggestion is never published
    assert client.get(reverse("public:article", args=[draft.pk])).status_code == 404
    assert client.get(reverse("public:article", args=[999999])).status_code == 404


def test_public_search_by_title_entity_and_speaker(client, published):
    published(title="Bridge plan")
    assert "Bridge plan" in client.get(reverse("public:list"), {"q": "bridge"}).content.decode()
    by_entity = client.get(reverse("public:list"), {"entity": "Michael Knights"}).content.decode()
    assert "Bridge plan" in by_entity
    by_speaker = client.get(reverse("public:list"), {"speaker": "Nobody"}).content.decode()
    assert "Bridge plan" not in by_speaker


def test_retracted_article_leaves_public_pages_with_its_reason(client, published, make_user):
    article = published(title="Bridge plan")
    services.article_retract(article=article, actor=make_user("editor"), reason="Misquoted source")
    assert "Bridge plan" not in client.get(reverse("public:list")).content.decode()
    page = client.get(reverse("public:article", args=[article.pk]))
    assert page.status_code == 410
    assert "Misquoted source" in page.content.decode()
    assert client.get(reverse("api:article", args=[article.pk])).status_code == 404


def test_api_article_has_the_pretag_shape_plus_metadata(client, published):
    article = published(title="Bridge plan", source="Wire")
    data = client.get(reverse("api:article", args=[article.pk])).json()
    assert {"id", "text", "entities", "quotes", "title", "version", "published_at"} <= set(data)
    assert data["version"] == 1 and data["source"] == "Wire"
    for entity in data["entities"]:
        assert data["text"][entity["start"] : entity["end"]] == entity["text"]
    quote = data["quotes"][0]
    assert set(quote) == {"start", "end", "text", "kind", "cue", "speaker", "speaker_entity",
                          "speaker_type"}  # fmt: skip
    assert quote["speaker"]["text"] == "Michael Knights"


def test_api_lists_filters_and_paginates(client, published):
    for n in range(3):
        published(text=QUOTED_TEXT.replace("We will", f"Fine {n}: we will"), title=f"Story {n}")
    data = client.get(reverse("api:articles"), {"page_size": 2}).json()
    assert data["count"] == 3 and len(data["results"]) == 2 and data["next"]
    assert [r["title"] for r in data["results"]] == ["Story 2", "Story 1"]
    second = client.get(data["next"]).json()
    assert [r["title"] for r in second["results"]] == ["Story 0"]
    quotes = client.get(reverse("api:quotes"), {"speaker": "Michael Knights"}).json()
    assert quotes["count"] == 3
    assert all(q["speaker_entity"] == "Michael Knights" for q in quotes["results"])
    assert client.get(reverse("api:quotes"), {"speaker": "Nobody"}).json()["count"] == 0
    today = client.get(reverse("api:articles"), {"from": "2000-01-01", "to": "2999-01-01"}).json()
    assert today["count"] == 3


@pytest.mark.parametrize(
    ("url_name", "params", "message"),
    [
        ("api:articles", {"sort": "title"}, "Unknown parameter"),
        ("api:articles", {"ordering": "body"}, "ordering must be"),
        ("api:articles", {"page_size": "1000"}, "page_size must be"),
        ("api:articles", {"page_size": "x"}, "whole numbers"),
        ("api:articles", {"page": "0"}, "page must be"),
        ("api:articles", {"from": "yesterday"}, "from must be a date"),
        ("api:quotes", {"kind": "rumour"}, "kind must be"),
        ("api:quotes", {"article": "1 OR 1=1"}, "article must be"),
        ("api:quotes", {"speaker__startswith": "M"}, "Unknown parameter"),
    ],
)
def test_api_refuses_unknown_or_bad_parameters(client, url_name, params, message):
    response = client.get(reverse(url_name), params)
    assert response.status_code == 400
    assert message in response.json()["error"]


def test_api_is_read_only_without_an_import_key(client, published):
    article = published()
    refused = client.post(reverse("api:articles"), {"body": "x"}, content_type="application/json")
    assert refused.status_code == 401 and refused["WWW-Authenticate"] == "Bearer"
    assert client.delete(reverse("api:article", args=[article.pk])).status_code == 405


def test_openapi_description_lists_every_endpoint(client):
    document = client.get(reverse("api:openapi")).json()
    assert document["openapi"].startswith("3.1")
    assert set(document["paths"]) == {
        "/articles", "/articles/{id}", "/quotes", "/jobs/{id}",
        "/insights/speakers", "/insights/speaker-types", "/insights/entities",
    }  # fmt: skip


def test_api_and_public_lists_use_a_bounded_number_of_queries(
    client, published, django_assert_max_num_queries
):
    for n in range(12):
        published(text=QUOTED_TEXT.replace("We will", f"Line {n}: we will"), title=f"Story {n}")
    with django_assert_max_num_queries(3):
        assert client.get(reverse("api:articles"), {"page_size": 100}).status_code == 200
    with django_assert_max_num_queries(3):
        assert client.get(reverse("api:quotes"), {"page_size": 100}).status_code == 200
    with django_assert_max_num_queries(4):
        assert client.get(reverse("public:list")).status_code == 200


def test_openapi_schemas_name_exactly_the_fields_the_api_returns(client, published):
    article = published()
    schemas = client.get(reverse("api:openapi")).json()["components"]["schemas"]

    def resolved(schema: dict) -> dict:
        return schemas[schema["$ref"].rsplit("/", 1)[1]] if "$ref" in schema else schema

    one = client.get(reverse("api:article", args=[article.pk])).json()
    assert set(one) == set(schemas["Article"]["properties"])
    assert set(schemas["Article"]["required"]) == set(one)
    entity_schema = resolved(schemas["Article"]["properties"]["entities"]["items"])["properties"]
    assert set(one["entities"][0]) == set(entity_schema)
    listing = client.get(reverse("api:articles")).json()
    assert set(listing["results"][0]) == set(schemas["ArticleSummary"]["properties"])
    quotes = client.get(reverse("api:quotes")).json()
    assert set(quotes["results"][0]) == set(schemas["Quote"]["properties"])


@pytest.mark.parametrize("url_name", ["api:articles", "api:quotes"])
@pytest.mark.parametrize("ordering", ["-published_at", "title", "-title", "published_at"])
def test_cursor_pages_walk_every_item_once(client, published, url_name, ordering):
    for n in range(5):
        published(text=QUOTED_TEXT.replace("We will", f"Plan {n}: we will"), title=f"Story {n % 3}")
    params = {"page_size": 2} | ({"ordering": ordering} if url_name == "api:articles" else {})
    everything = client.get(reverse(url_name), {"page_size": 100, **params} | {"page_size": 100})
    seen, page = [], client.get(reverse(url_name), params).json()
    numbers = [page["page"]]
    while True:
        seen += page["results"]
        if not page["next"]:
            break
        assert "cursor=" in page["next"] and "page=" not in page["next"].replace("page_size", "")
        page = client.get(page["next"]).json()
        numbers.append(page["page"])
    assert seen == everything.json()["results"] and len(seen) == 5
    assert numbers == [1, 2, 3] and page["previous"]


def test_a_cursor_from_elsewhere_is_refused(client, published):
    for n in range(3):
        published(text=QUOTED_TEXT.replace("We will", f"Plan {n}: we will"))
    cursor = client.get(reverse("api:articles"), {"page_size": 1}).json()["next_cursor"]
    other = client.get(reverse("api:articles"), {"cursor": cursor, "ordering": "title"})
    assert other.status_code == 404 and "cursor" in other.json()["error"]
    assert client.get(reverse("api:articles"), {"cursor": "bm9wZQ"}).status_code == 404
    both = client.get(reverse("api:articles"), {"cursor": cursor, "page": 7, "page_size": 1})
    both = both.json()
    assert both["page"] == 2 and len(both["results"]) == 1


def test_the_quotes_endpoint_loads_no_version_body(client, published, django_assert_num_queries):
    published()
    with django_assert_num_queries(2) as captured:
        assert client.get(reverse("api:quotes")).status_code == 200
    selects = " ".join(q["sql"] for q in captured.captured_queries)
    assert '"publishing_publishedversion"."body"' not in selects
    assert '"publishing_publishedversion"."annotations"' not in selects
