from __future__ import annotations

import pytest
from django.contrib.auth.models import AbstractUser
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
    """Run every queued job through procrastinate's real worker, then return."""
    with procrastinate_app.replace_connector(procrastinate_app.connector.get_worker_connector()):
        procrastinate_app.run_worker(
            wait=False, install_signal_handlers=False, listen_notify=False
        )


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
