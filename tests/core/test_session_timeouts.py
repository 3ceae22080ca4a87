"""Sessions end after a while without a request, and after a fixed time however active."""

import pytest
from django.urls import reverse

from apps.core import sessions
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db


class Clock:
    def __init__(self) -> None:
        self.moment = 1_800_000_000.0

    def __call__(self) -> float:
        return self.moment


@pytest.fixture
def clock(monkeypatch, settings):
    settings.NEWSDESK_SESSION_IDLE_SECONDS = 30 * 60
    settings.NEWSDESK_SESSION_MAX_SECONDS = 8 * 3600
    clock = Clock()
    monkeypatch.setattr(sessions, "now", clock)
    return clock


def signed_in(client, make_user):
    make_user("editor")
    response = client.post(reverse("login"), {"username": "editor", "password": PASSWORD})
    assert response.status_code == 302
    assert client.get(reverse("articles:list")).status_code == 200


def test_an_idle_session_is_signed_out(client, make_user, clock):
    signed_in(client, make_user)
    clock.moment += 29 * 60
    assert client.get(reverse("articles:list")).status_code == 200
    clock.moment += 29 * 60  # active 29 minutes ago: still in
    assert client.get(reverse("articles:list")).status_code == 200
    clock.moment += 31 * 60
    response = client.get(reverse("articles:list"))
    assert response.status_code == 302 and reverse("login") in response["Location"]
    assert client.get(reverse("articles:list")).status_code == 302  # signed out for good


def test_an_active_session_ends_at_the_absolute_limit(client, make_user, clock):
    signed_in(client, make_user)
    for _ in range(8 * 3):
        clock.moment += 20 * 60
        assert client.get(reverse("articles:list")).status_code == 200
    clock.moment += 20 * 60  # 8 h 20 min after signing in, never idle for long
    response = client.get(reverse("articles:list"))
    assert response.status_code == 302 and reverse("login") in response["Location"]


def test_the_session_cookie_does_not_outlive_the_absolute_limit(client, make_user, settings):
    signed_in(client, make_user)
    assert client.cookies[settings.SESSION_COOKIE_NAME]["max-age"] <= 12 * 3600
