"""/healthz: for load balancers, without signing in."""

import datetime

import pytest
from django.db import DatabaseError
from django.utils import timezone

from apps.annotations.tasks import pretag_articles

pytestmark = pytest.mark.django_db


def test_healthz_reports_database_and_queue(client, make_article):
    make_article()  # queues its pre-tagging
    make_article()
    response = client.get("/healthz")
    assert response.status_code == 200 and "no-cache" in response["Cache-Control"]
    data = response.json()
    assert data["status"] == "ok" and data["database"] is True
    assert data["queue_depth"] == 2
    assert 0 <= data["oldest_waiting_seconds"] < 60
    assert client.head("/healthz").status_code == 200


def test_a_job_scheduled_for_later_is_not_waiting(client):
    later = timezone.now() + datetime.timedelta(hours=1)
    pretag_articles.configure(schedule_at=later).defer(article_ids=[1])
    assert client.get("/healthz").json()["queue_depth"] == 0


def test_an_unreachable_database_is_503(client, monkeypatch):
    def down(*args, **kwargs):
        raise DatabaseError("connection refused")

    monkeypatch.setattr("django.db.backends.utils.CursorWrapper.execute", down)
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json() == {"status": "unavailable", "database": False, "queue_depth": None,
                               "oldest_waiting_seconds": None}  # fmt: skip
