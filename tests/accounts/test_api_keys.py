"""API keys: made and shown once on the account page, used on the API, scoped, revoked, limited."""

import hashlib

import pytest
from django.urls import reverse

from apps.accounts.models import ApiKey
from apps.accounts.services import api_key_create
from apps.articles.models import Article, TaggingState
from tests.conftest import run_jobs

pytestmark = pytest.mark.django_db


def _bearer(token: str) -> dict:
    return {"HTTP_AUTHORIZATION": f"Bearer {token}"}


def test_a_key_is_made_named_shown_once_and_stored_hashed(client, make_user):
    user = make_user("editor", "eddie")
    client.force_login(user)
    response = client.post(reverse("api_keys"), {"name": "CMS hook", "scopes": ["read", "import"]})
    assert response.status_code == 201
    assert "no-store" in response["Cache-Control"]
    token = response.context["token"]
    assert token.startswith("nd_") and token in response.content.decode()
    key = ApiKey.objects.get(user=user)
    assert key.name == "CMS hook" and sorted(key.scopes) == ["import", "read"]
    assert key.hashed == hashlib.sha256(token.encode()).hexdigest()
    assert token not in str(ApiKey.objects.filter(pk=key.pk).values().get())
    page = client.get(reverse("api_keys")).content.decode()
    assert "CMS hook" in page and f"nd_{key.prefix}_" in page and token not in page


def test_only_people_who_bring_in_articles_make_import_keys(client, make_user):
    client.force_login(make_user("annotator", "ann"))
    response = client.post(reverse("api_keys"), {"name": "mine", "scopes": ["import"]})
    assert response.status_code == 400 and not ApiKey.objects.exists()
    assert client.post(reverse("api_keys"), {"name": "r", "scopes": ["read"]}).status_code == 201


def test_the_account_page_needs_signing_in(client):
    assert client.get(reverse("api_keys")).status_code == 302


def test_a_read_key_reads_and_cannot_import(client, make_user):
    key, token = api_key_create(user=make_user("editor"), name="reader", scopes=["read"])
    assert client.get("/api/v1/articles", **_bearer(token)).status_code == 200
    response = client.post(
        "/api/v1/articles", {"body": "Text."}, content_type="application/json", **_bearer(token)
    )
    assert response.status_code == 403 and "import scope" in response.json()["error"]
    key.refresh_from_db()
    assert key.last_used_at is not None


def test_a_wrong_or_malformed_key_is_refused_even_where_no_key_is_needed(client):
    for header in ["Bearer nd_0000_nothing", "Bearer ", "Basic dXNlcjpwYXNz", "Bearer x y"]:
        response = client.get("/api/v1/articles", HTTP_AUTHORIZATION=header)
        assert response.status_code == 401, header
        assert response["WWW-Authenticate"] == "Bearer"
        assert "API key" in response.json()["error"]


@pytest.mark.django_db(transaction=True)
def test_an_import_key_brings_articles_in_and_follows_the_job(client, make_user, make_article):
    user = make_user("editor")
    existing = make_article("An article that is already here, about Jane Doe in Paris.")
    _, token = api_key_create(user=user, name="cms", scopes=["import"])
    one = client.post(
        "/api/v1/articles",
        {"title": "Bridge", "body": "“We will build it,” said Jane Doe, the mayor of Paris."},
        content_type="application/json",
        **_bearer(token),
    )
    assert one.status_code == 202 and one.json()["total"] == 1
    batch = client.post(
        "/api/v1/articles",
        {
            "articles": [
                {"body": "Officials in Rome met on Monday to discuss the port.", "format": "txt"},
                {"body": existing.body},
                {"body": "A page.", "url": "javascript:alert(1)"},
            ]
        },
        content_type="application/json",
        **_bearer(token),
    )
    assert batch.status_code == 202
    job_url = batch.json()["url"]
    assert job_url == reverse("api:job", args=[batch.json()["id"]])
    run_jobs()
    job = client.get(job_url, **_bearer(token)).json()
    statuses = [item["status"] for item in job["items"]]
    assert statuses == ["stored", "duplicate", "failed"]
    assert job["items"][1]["article"] == existing.pk
    assert "http" in job["items"][2]["reason"]
    stored = Article.objects.get(pk=job["items"][0]["article"])
    assert stored.created_by == user
    assert stored.tagging_state == TaggingState.DONE
    assert job["items"][0]["tagging"] == "done" and job["finished"]


def test_a_job_is_seen_only_by_its_owner(client, make_user):
    _, mine = api_key_create(user=make_user("editor", "e1"), name="a", scopes=["import"])
    _, theirs = api_key_create(user=make_user("admin", "e2"), name="b", scopes=["import"])
    job = client.post(
        "/api/v1/articles", {"body": "Some text."}, content_type="application/json", **_bearer(mine)
    ).json()
    assert client.get(job["url"], **_bearer(mine)).status_code == 200
    assert client.get(job["url"], **_bearer(theirs)).status_code == 404
    assert client.get(job["url"]).status_code == 401


def test_import_bodies_are_validated_like_the_ui(client, make_user):
    _, token = api_key_create(user=make_user("editor"), name="cms", scopes=["import"])

    def post(data):
        return client.post(
            "/api/v1/articles", data, content_type="application/json", **_bearer(token)
        )

    assert "body" in post({"title": "No body"}).json()["error"]
    assert "not a field" in post({"body": "x", "colour": "red"}).json()["error"]
    assert post({"articles": []}).status_code == 400
    assert post({"body": "x", "format": "pdf"}).status_code == 400
    assert post({"body": "x", "published_at": "last week"}).status_code == 400
    bad_json = client.post(
        "/api/v1/articles", "{not json", content_type="application/json", **_bearer(token)
    )
    assert bad_json.status_code == 400 and bad_json.json()["error"]


def test_a_revoked_key_stops_working(client, make_user):
    user = make_user("editor", "eddie")
    key, token = api_key_create(user=user, name="old", scopes=["read"])
    client.force_login(user)
    assert client.post(reverse("api_key_revoke", args=[key.pk])).status_code == 302
    key.refresh_from_db()
    assert key.revoked_at is not None
    client.logout()
    assert client.get("/api/v1/quotes", **_bearer(token)).status_code == 401


def test_nobody_revokes_someone_elses_key(client, make_user):
    key, _ = api_key_create(user=make_user("editor", "owner"), name="k", scopes=["read"])
    client.force_login(make_user("editor", "other"))
    assert client.post(reverse("api_key_revoke", args=[key.pk])).status_code == 404
    key.refresh_from_db()
    assert key.revoked_at is None


def test_an_import_key_stops_when_its_owner_loses_the_role(client, make_user):
    user = make_user("editor")
    _, token = api_key_create(user=user, name="cms", scopes=["import"])
    user.groups.clear()
    response = client.post(
        "/api/v1/articles", {"body": "x"}, content_type="application/json", **_bearer(token)
    )
    assert response.status_code == 403


def test_each_key_has_a_rate_limit_per_minute(client, make_user, settings):
    settings.NEWSDESK_API_RATE_PER_MINUTE = 3
    user = make_user("editor")
    _, token = api_key_create(user=user, name="busy", scopes=["read"])
    _, other = api_key_create(user=user, name="calm", scopes=["read"])
    codes = [client.get("/api/v1/quotes", **_bearer(token)).status_code for _ in range(4)]
    assert codes == [200, 200, 200, 429]
    limited = client.get("/api/v1/quotes", **_bearer(token))
    assert 1 <= int(limited["Retry-After"]) <= 60
    assert "3 requests a minute" in limited.json()["error"]
    assert client.get("/api/v1/quotes", **_bearer(other)).status_code == 200
    assert client.get("/api/v1/quotes").status_code == 200  # readers without a key
    ApiKey.objects.filter(name="busy").update(rate_per_minute=100)
    assert client.get("/api/v1/quotes", **_bearer(token)).status_code == 200


def test_a_request_too_large_is_a_json_413(client, make_user, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 2048
    _, token = api_key_create(user=make_user("editor"), name="cms", scopes=["import"])
    response = client.post(
        "/api/v1/articles", {"body": "x" * 5000}, content_type="application/json", **_bearer(token)
    )
    assert response.status_code == 413 and "2 KB" in response.json()["error"]
