"""While the database is unreachable, pages answer 503 with Retry-After, not 500."""

import pytest
from django.contrib.sessions.backends.db import SessionStore
from django.db import OperationalError
from django.test import Client

from apps.publishing import api, public_views

pytestmark = pytest.mark.django_db


def unreachable(*args, **kwargs):
    raise OperationalError("connection to server failed: No such file or directory")


def test_a_public_page_answers_503_with_retry_after(client, monkeypatch):
    monkeypatch.setattr(public_views, "public_versions", unreachable)
    response = client.get("/public/")
    assert response.status_code == 503
    assert int(response["Retry-After"]) > 0
    assert b"database is unavailable" in response.content


def test_the_api_answers_503_in_json(client, monkeypatch):
    monkeypatch.setattr(api, "public_versions", unreachable)
    response = client.get("/api/v1/articles")
    assert response.status_code == 503
    assert int(response["Retry-After"]) > 0
    assert "database" in response.json()["error"]


def test_a_signed_in_page_answers_503_when_the_session_cannot_be_read(
    make_user, monkeypatch, settings
):
    client = Client(raise_request_exception=False)
    client.force_login(make_user("editor"))
    monkeypatch.setattr(SessionStore, "load", unreachable)
    response = client.get("/articles/")
    assert response.status_code == 503
    assert int(response["Retry-After"]) > 0
    workspace_action = client.post("/workspace/1/actions/", "{}", content_type="application/json")
    assert workspace_action.status_code == 503
    assert "database" in workspace_action.json()["error"]


def test_a_failure_in_any_middleware_is_a_503_too(make_user, monkeypatch):
    from django.contrib.auth import middleware

    client = Client(raise_request_exception=False)
    client.force_login(make_user("editor"))
    # The user is loaded lazily, first by whichever layer asks.
    monkeypatch.setattr(middleware, "get_user", unreachable)
    monkeypatch.setattr("apps.core.sessions.SessionTimeoutMiddleware._check", lambda *a: None)
    response = client.get("/api/v1/articles", HTTP_ACCEPT="application/json")
    assert response.status_code == 503
    assert response.json()["error"]


def test_other_errors_are_still_errors(client, monkeypatch):
    def broken(*args, **kwargs):
        raise ValueError("a bug")

    monkeypatch.setattr(public_views, "public_versions", broken)
    with pytest.raises(ValueError):
        client.get("/public/")
