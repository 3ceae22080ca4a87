from __future__ import annotations

import threading

import pytest
from django.contrib.auth.models import AbstractUser, Group
from django.db import connection, connections
from procrastinate.contrib.django import app as procrastinate_app

from apps.accounts.services import roles_ensure, user_create_with_role
from apps.annotations.models import Entity, EntityMention, Origin, Quote, Status
from apps.articles.models import Article, TaggingState
from apps.ingest.services import article_ingest

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

    # A worker that does not wait stops when it finds no job, even while another of its jobs
    # is still queueing more (an import queues pre-tagging): run it again until none is left.
    for _ in range(20):
        thread = threading.Thread(target=work)
        thread.start()
        thread.join(timeout=300)
        if failures:
            raise failures[0]
        if not _ready_jobs():
            return


def _ready_jobs() -> int:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM procrastinate_jobs WHERE status = 'todo' "
            "AND (scheduled_at IS NULL OR scheduled_at <= clock_timestamp())"
        )
        return cursor.fetchone()[0]


@pytest.fixture
def make_user(db):
    def make(role: str, username: str | None = None) -> AbstractUser:
        if not Group.objects.filter(name=role).exists():
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
        return article_ingest(
            title=title or f"Article {n}", raw=body, fmt=fmt, created_by=None, **metadata
        )

    return make


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    # The production hasher is slow on purpose; tests create many users.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


QUOTED_TEXT = (
    "“We will rebuild the bridge,” said Michael Knights, an analyst. "
    "Officials in Baghdad disagreed."
)


@pytest.fixture
def tagged_article(make_article):
    """An article as the pre-tagger leaves it: suggestions, one accepted mention and quote."""

    def make(text: str = QUOTED_TEXT, **kwargs):
        article = make_article(text, **kwargs)
        article.tagging_state = TaggingState.DONE
        article.save()
        knights = Entity.objects.create(article=article, name="Michael Knights", label="PERSON")
        baghdad = Entity.objects.create(article=article, name="Baghdad", label="GPE")
        start = text.index("Michael Knights")
        EntityMention.objects.create(
            article=article,
            entity=knights,
            start=start,
            end=start + 15,
            label="PERSON",
            text="Michael Knights",
            status=Status.ACCEPTED,
        )
        city = text.index("Baghdad")
        EntityMention.objects.create(
            article=article,
            entity=baghdad,
            start=city,
            end=city + 7,
            label="GPE",
            text="Baghdad",
        )  # left as a suggestion: never published
        quote_end = text.index("”")
        cue = text.index("said")
        Quote.objects.create(
            article=article,
            start=1,
            end=quote_end - 1,
            text=text[1 : quote_end - 1],
            kind="direct",
            cue_start=cue,
            cue_end=cue + 4,
            speaker_start=start,
            speaker_end=start + 15,
            speaker_entity=knights,
            speaker_type="named",
            status=Status.ACCEPTED,
            origin=Origin.MACHINE,
        )
        return article

    return make
