"""A job whose worker died is put back in the queue by the periodic recovery task."""

import asyncio
import threading
from types import SimpleNamespace

import pytest
from django.db import connection, connections
from procrastinate.contrib.django import app as procrastinate_app

from apps.annotations.models import EntityMention
from apps.annotations.tasks import retry_stalled_jobs
from apps.articles.models import Article, TaggingState
from tests.conftest import run_jobs

pytestmark = pytest.mark.django_db(transaction=True)


def recover() -> None:
    async def run() -> None:
        worker_app = procrastinate_app.with_connector(
            procrastinate_app.connector.get_worker_connector()
        )
        async with worker_app.open_async():
            await retry_stalled_jobs.func(SimpleNamespace(app=worker_app), timestamp=0)

    # Its own thread, as in a worker: Playwright may hold an event loop in this one.
    failures = []

    def work() -> None:
        try:
            asyncio.run(run())
        except BaseException as exc:
            failures.append(exc)
        finally:
            connections.close_all()

    thread = threading.Thread(target=work)
    thread.start()
    thread.join(60)
    if failures:
        raise failures[0]


def test_a_job_whose_worker_died_is_retried_without_duplicates(make_article):
    article = make_article("Jane Doe visited Paris on Monday.")
    with connection.cursor() as cursor:
        # A worker took the job, claimed the article, then stopped sending heartbeats.
        cursor.execute(
            "INSERT INTO procrastinate_workers (last_heartbeat) "
            "VALUES (now() - interval '1 hour') RETURNING id"
        )
        (worker_id,) = cursor.fetchone()
        cursor.execute(
            "UPDATE procrastinate_jobs SET status = 'doing', worker_id = %s, attempts = 1 "
            "WHERE task_name LIKE %s",
            [worker_id, "%pretag_articles"],
        )
    Article.objects.filter(pk=article.pk).update(tagging_state=TaggingState.RUNNING)
    run_jobs()
    assert Article.objects.get(pk=article.pk).tagging_state == TaggingState.RUNNING

    recover()
    run_jobs()
    article.refresh_from_db()
    assert article.tagging_state == TaggingState.DONE
    mentions = list(EntityMention.objects.filter(article=article).values_list("start", "label"))
    assert mentions and len(mentions) == len(set(mentions))

    recover()  # nothing stalled any more: nothing happens
    run_jobs()
    assert EntityMention.objects.filter(article=article).count() == len(mentions)


def test_a_stalled_job_is_queued_again_within_a_minute():
    import datetime

    from croniter import croniter

    from apps.annotations.tasks import STALLED_AFTER_SECONDS

    [periodic] = [
        p
        for p in procrastinate_app.periodic_registry.periodic_tasks.values()
        if p.periodic_id == "retry_stalled_jobs"
    ]
    runs = croniter(periodic.cron, datetime.datetime(2026, 1, 1))
    first, second = runs.get_next(datetime.datetime), runs.get_next(datetime.datetime)
    interval = (second - first).total_seconds()
    # The last heartbeat may be up to one heartbeat interval (10 s) before the worker died.
    assert STALLED_AFTER_SECONDS + interval < 60
    assert STALLED_AFTER_SECONDS >= 3 * 10  # never a live worker between two heartbeats
