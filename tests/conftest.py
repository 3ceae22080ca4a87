from __future__ import annotations

import threading

import pytest
from django.contrib.auth.models import AbstractUser
from django.db import connections
from procrastinate.contrib.django import app as procrastinate_app

from apps.accounts.services import roles_ensure, user_create_with_role
from apps.articles.models import Article
from apps.articles.services import article_create

PASSWORD = "correct-horse-battery-staple"

SAMPLE_TEXT = (
    "Nouri Al Maliki, the former prime minister, met reporters in Baghdad on Monday. "
    "Mr Al Maliki said the talks with the United Nations had gone well.\n\n"
    "Maliki's allies in Iraq welcomed the news."
)


def run_jobs() -> None:
    """Run every queued job through procrastinate's real worker, then return.

    The worker runs in its own thread, as it would in its own process, so it also works
    beside Playwright's event loop.
    """
    failures: list[BaseException] = []

    def work() -> None:
        try:
            with procrastinate_app.replace_connector(
                procrastinate_app.connector.get_worker_connector()
            ):
                procrastinate_app.run_worker(
                    wait=False, install_signal_handlers=False, listen_notify=False
                )
        except BaseException as exc:  # re-raised in the test's thread
            failures.append(exc)
        finally:
            connections.close_all()

    thread = threading.Thread(target=work)
    thread.start()
    thread.join(timeout=300)
    if failures:
        raise failures[0]


@pytest.fixture
def make_user(db):
    def make(role: str, username: str | None = None) -> AbstractUser:
        roles_ensure()
        return user_create_with_role(username=username or role, password=PASSWORD, role=role)

    return make


@pytest.fixture
def make_article(db):
    counter = iter(range(1_000_000))

    def make(
        text: str | None = None, *, title: str | None = None, fmt: str = "txt", **metadata
    ) -> Article:
        n = next(counter)
        body = text if text is not None else f"Article number {n} about Jane Doe in Paris."
        return article_create(
            title=title or f"Article {n}", raw=body, fmt=fmt, created_by=None, **metadata
        )

    return make
