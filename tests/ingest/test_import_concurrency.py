"""Two runs of one import at the same time store every item exactly once and finish the batch."""

import json
import threading

import pytest
from django.db import connections

from apps.articles.models import Article
from apps.ingest.models import ImportBatch, ImportItem, ImportItemStatus, ImportKind
from apps.ingest.services import import_batch_create, import_batch_run

pytestmark = pytest.mark.django_db(transaction=True)


def run_at_once(count: int, target) -> None:
    """Run `target` in `count` threads that start together, each with its own connection."""
    start = threading.Barrier(count)
    failures: list[BaseException] = []

    def work() -> None:
        try:
            start.wait(timeout=30)
            target()
        except BaseException as exc:  # re-raised in the test's thread
            failures.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=work) for _ in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=300)
    if failures:
        raise failures[0]


def test_two_runs_of_one_import_store_every_item_once_and_finish(make_user):
    count = 400
    lines = [
        json.dumps({"title": f"Story {n}", "body": f"Story {n}: Jane Doe reported from Oslo."})
        for n in range(count)
    ]
    lines.insert(7, json.dumps({"title": "Again", "body": "Story 3: Jane Doe reported from Oslo."}))
    batch = import_batch_create(
        kind=ImportKind.JSONL, data="\n".join(lines).encode(), created_by=make_user("editor")
    )

    run_at_once(2, lambda: import_batch_run(batch_id=batch.id))

    items = ImportItem.objects.filter(batch=batch)
    assert items.count() == count + 1
    assert not items.filter(status=ImportItemStatus.PENDING).exists()
    assert items.filter(status=ImportItemStatus.STORED).count() == count
    duplicate = items.get(status=ImportItemStatus.DUPLICATE)
    original = Article.objects.get(body="Story 3: Jane Doe reported from Oslo.")
    assert duplicate.reason == f"duplicate of #{original.pk}"
    stored = list(items.filter(status=ImportItemStatus.STORED).values_list("article_id", flat=True))
    assert len(set(stored)) == count == Article.objects.count()
    assert ImportBatch.objects.get(pk=batch.pk).finished_at is not None
