"""URL imports: fetched outside any transaction, on a queue and a worker of their own."""

import pytest
from django.db import connection
from procrastinate.contrib.django import app as procrastinate_app
from psycopg import pq

from apps.articles.models import Article
from apps.core.management.commands.serve import WORKER_QUEUES
from apps.ingest.fetch import RawResponse
from apps.ingest.models import ImportItem, ImportItemStatus, ImportKind
from apps.ingest.services import article_ingest, import_batch_create, import_batch_run

pytestmark = pytest.mark.django_db(transaction=True)

PAGE = (
    b"<html><head><title>Harbour talks resume</title></head><body><article>"
    b"<p>Dock workers and the port authority met again on Monday after a strike that closed "
    b"the harbour for nine days and stranded forty ships in the bay outside the city.</p>"
    b"<p>The port authority said it expected the first ships to leave by Wednesday evening "
    b"if the members approved the deal in a vote planned for Tuesday.</p>"
    b"</article></body></html>"
)


def public(host: str, port: int) -> list[str]:
    return ["93.184.216.34"]


def queues_of_todo_jobs() -> dict[str, str]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT task_name, queue_name FROM procrastinate_jobs WHERE status = 'todo'")
        return dict(cursor.fetchall())


def test_url_imports_have_a_queue_of_their_own(make_user):
    editor = make_user("editor")
    import_batch_create(kind=ImportKind.URLS, urls="https://news.example/a", created_by=editor)
    assert queues_of_todo_jobs() == {"apps.annotations.tasks.import_batch": "fetch"}
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM procrastinate_jobs")
    import_batch_create(kind=ImportKind.CSV, data=b"title,body\nA,Some text.\n", created_by=editor)
    article_ingest(title="T", raw="Jane Doe visited Paris.", fmt="txt", created_by=None)
    assert queues_of_todo_jobs() == {
        "apps.annotations.tasks.import_batch": "imports",
        "apps.annotations.tasks.pretag_articles": "pretag",
    }


def test_serve_runs_a_worker_for_fetching_alone_and_one_for_every_other_queue():
    queues = [set(entry.split(",")) for entry in WORKER_QUEUES]
    assert {"fetch"} in queues
    others = set().union(*(q for q in queues if q != {"fetch"}))
    # procrastinate's own maintenance tasks ("builtin") are never queued by Newsdesk.
    task_queues = {task.queue for task in procrastinate_app.tasks.values()} - {"fetch", "builtin"}
    assert task_queues <= others and "fetch" not in others


def test_the_page_is_fetched_outside_any_transaction_or_row_lock(make_user):
    seen = []

    def opener(request):
        seen.append((connection.in_atomic_block, connection.connection.info.transaction_status))
        return RawResponse(200, {"content-type": "text/html"}, iter([PAGE]))

    batch = import_batch_create(
        kind=ImportKind.URLS, urls="https://news.example/harbour", created_by=make_user("editor")
    )
    import_batch_run(batch_id=batch.id, resolver=public, opener=opener)
    assert seen == [(False, pq.TransactionStatus.IDLE)]
    assert ImportItem.objects.get(batch=batch).status == ImportItemStatus.STORED


def test_a_second_run_during_a_fetch_stores_nothing_twice(make_user):
    batch = import_batch_create(
        kind=ImportKind.URLS, urls="https://news.example/harbour", created_by=make_user("editor")
    )
    fetches = []

    def opener(request):
        fetches.append(request.target)
        if len(fetches) == 1:  # while the first run waits for the page, a second one runs
            import_batch_run(batch_id=batch.id, resolver=public, opener=opener)
        return RawResponse(200, {"content-type": "text/html"}, iter([PAGE]))

    import_batch_run(batch_id=batch.id, resolver=public, opener=opener)
    assert len(fetches) == 2
    assert Article.objects.count() == 1
    item = ImportItem.objects.get(batch=batch)
    assert (item.status, item.article) == (ImportItemStatus.STORED, Article.objects.get())
