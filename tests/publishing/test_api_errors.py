"""The API answers every error as JSON, and its OpenAPI document comes from the code."""

import json

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def _json_error(response, status: int) -> str:
    assert response.status_code == status
    assert response["Content-Type"].startswith("application/json")
    return response.json()["error"]


def test_unknown_path_under_the_api_is_a_json_404(client):
    assert "Nothing here" in _json_error(client.get("/api/v1/nothing/here"), 404)
    assert "No published article" in _json_error(client.get("/api/v1/articles/424242"), 404)


def test_a_method_the_path_does_not_take_is_a_json_405_with_allow(client):
    response = client.delete("/api/v1/quotes")
    assert "not allowed" in _json_error(response, 405)
    assert response["Allow"] == "GET, HEAD, OPTIONS"
    assert _json_error(client.put("/api/v1/openapi.json"), 405)


def test_head_and_options_need_no_declaring(client):
    get = client.get("/api/v1/articles")
    head = client.head("/api/v1/articles")
    assert head.status_code == 200 and head.content == b""
    assert int(head["Content-Length"]) == len(get.content)
    options = client.options("/api/v1/articles/1")
    assert options.status_code == 204 and "GET" in options["Allow"] and "HEAD" in options["Allow"]


def test_validation_errors_name_each_parameter(client):
    response = client.get("/api/v1/articles", {"page_size": "x", "from": "yesterday"})
    assert "whole numbers" in _json_error(response, 400)
    assert {d["parameter"] for d in response.json()["detail"]} == {"page_size", "from"}
    assert "once" in _json_error(client.get("/api/v1/quotes?kind=direct&kind=partial"), 400)
    assert "control character" in _json_error(client.get("/api/v1/quotes?speaker=a%00b"), 400)
    assert "whole numbers" in _json_error(client.get("/api/v1/articles/abc"), 400)
    assert "or less" in _json_error(client.get(f"/api/v1/articles/{2**64}"), 400)


def test_an_unexpected_failure_is_a_logged_json_500(client, monkeypatch, caplog):
    def broken(**kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr("apps.publishing.api.public_quotes", broken)
    response = client.get("/api/v1/quotes")
    assert "went wrong" in _json_error(response, 500)
    assert "boom" not in response.content.decode()
    assert "API error on GET /api/v1/quotes" in caplog.text


def test_errors_before_any_view_are_json_under_the_api(client, rf, settings):
    from apps.core.api import server_error

    settings.DEBUG = False
    assert _json_error(client.get("/api/v1/articles", HTTP_HOST="elsewhere.example"), 400)
    assert json.loads(server_error(rf.get("/api/v1/articles")).content)["error"]
    assert server_error(rf.get("/public/"))["Content-Type"].startswith("text/html")


def test_openapi_document_has_operation_ids_required_fields_and_error_shapes(client):
    document = client.get(reverse("api:openapi")).json()
    operations = {
        (path, method): operation
        for path, item in document["paths"].items()
        for method, operation in item.items()
    }
    ids = [operation["operationId"] for operation in operations.values()]
    assert len(ids) == len(set(ids)) and {"listArticles", "getArticle", "listQuotes"} <= set(ids)
    article = document["components"]["schemas"]["Article"]
    assert {"id", "text", "entities", "quotes", "version"} <= set(article["required"])
    for operation in operations.values():
        error = operation["responses"]["400"]["content"]["application/json"]["schema"]
        assert error == {"$ref": "#/components/schemas/Error"}
    assert document["servers"][0]["url"].endswith("/api/v1")
    parameters = {p["name"] for p in operations[("/articles", "get")]["parameters"]}
    assert parameters == {"q", "entity", "speaker", "from", "to", "ordering", "page", "page_size",
                          "cursor"}  # fmt: skip
