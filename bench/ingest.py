"""Ingest benchmark: import articles from JSONL, then pre-tag them with 1 and with 2 workers.

    .venv/bin/python bench/ingest.py [--articles 1000] [--quick]

Throughput is reported as articles per minute and words per second, and as a ratio to bare
`nlp.pipe` over the same texts in the same run (the model is the limit; the ratio shows
what the pre-tagger, the queue and the database add). Runs on a throwaway database.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sys
import time
from pathlib import Path

# One thread per process: the workers, not BLAS, are how this scales.
for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _setup import ROOT, django_setup, table, throwaway_database  # noqa: E402

SOURCES = [
    ROOT / "apps/articles/demo/maliki-sanctions.txt",
    *sorted((ROOT / "tests/data").glob("*.txt")),
]
CITIES = ["Rotterdam", "Sydney", "Baghdad", "Nairobi", "Lima", "Oslo", "Manila", "Accra"]
WORDS_PER_ARTICLE = 650  # a typical news story


def make_articles(count: int, seed: int = 7) -> list[dict]:
    """News-length articles made from real news paragraphs, each with a unique lead."""
    paragraphs = []
    for path in SOURCES:
        text = path.read_text(encoding="utf-8")
        paragraphs += [p.strip() for p in text.split("\n") if 12 <= len(p.split()) <= 150]
    rng = random.Random(seed)
    articles = []
    for n in range(count):
        city = rng.choice(CITIES)
        body = [f"{city}, dispatch {n + 1}: reporters followed the story through the week."]
        words = len(body[0].split())
        while words < WORDS_PER_ARTICLE:
            paragraph = rng.choice(paragraphs)
            body.append(paragraph)
            words += len(paragraph.split())
        articles.append(
            {"title": f"Dispatch {n + 1} from {city}", "body": "\n\n".join(body), "source": "Bench"}
        )
    return articles


def run_workers(count: int) -> None:
    """Fork `count` procrastinate workers; each exits when the queue is empty."""
    from django.db import connections
    from procrastinate.contrib.django import app

    connections.close_all()
    children = []
    for _ in range(count):
        pid = os.fork()
        if pid == 0:  # the worker process: the model is already loaded (inherited)
            code = 0
            try:
                with app.replace_connector(app.connector.get_worker_connector()):
                    app.run_worker(
                        queues=["pretag"],
                        wait=False,
                        install_signal_handlers=False,
                        listen_notify=False,
                        concurrency=1,
                    )
            except BaseException:  # noqa: BLE001 - report and exit non-zero
                import traceback

                traceback.print_exc()
                code = 1
            finally:
                os._exit(code)
        children.append(pid)
    for pid in children:
        _, status = os.waitpid(pid, 0)
        if status != 0:
            raise SystemExit("a worker failed")


def requeue_all() -> None:
    """Back to the state right after import: no suggestions, pretag jobs queued as the importer
    queues them (several articles to a job)."""
    from django.db import transaction

    from apps.annotations.models import AnnotationEvent, Entity, EntityMention, Quote
    from apps.annotations.tasks import pretag_articles
    from apps.articles.models import Article, TaggingState
    from apps.ingest.services import PRETAG_CHUNK

    with transaction.atomic():
        Quote.objects.all().delete()
        EntityMention.objects.all().delete()
        Entity.objects.all().delete()
        AnnotationEvent.objects.all().delete()
        Article.objects.update(tagging_state=TaggingState.QUEUED)
        ids = list(Article.objects.order_by("id").values_list("id", flat=True))
        for start in range(0, len(ids), PRETAG_CHUNK):
            pretag_articles.defer(article_ids=ids[start : start + PRETAG_CHUNK])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--quick", action="store_true", help="150 articles")
    args = parser.parse_args()
    count = 150 if args.quick else args.articles

    django_setup()
    from django.conf import settings

    from apps.articles.models import Article, TaggingState
    from apps.ingest.models import ImportKind
    from apps.ingest.services import import_batch_create, import_batch_run
    from apps.nlp.pipeline import get_nlp, pretag_texts

    articles = make_articles(count)
    data = "".join(json.dumps(a) + "\n" for a in articles).encode()
    nlp = get_nlp(settings.NEWSDESK_SPACY_MODEL)
    nlp("Warm up the model once.")

    with throwaway_database("bench_newsdesk_ingest"):
        rows = []
        started = time.perf_counter()
        batch = import_batch_create(kind=ImportKind.JSONL, data=data, created_by=None)
        import_batch_run(batch_id=batch.id)
        import_seconds = time.perf_counter() - started
        stored = Article.objects.count()
        assert stored == count, f"stored {stored} of {count}"
        bodies = list(Article.objects.order_by("id").values_list("id", "body"))
        words = sum(len(body.split()) for _, body in bodies)

        started = time.perf_counter()
        for _doc in nlp.pipe((body for _, body in bodies), batch_size=8):
            pass
        baseline = time.perf_counter() - started

        started = time.perf_counter()
        for _result in pretag_texts(((str(i), body) for i, body in bodies), nlp=nlp):
            pass
        pretagger = time.perf_counter() - started

        timings = {}
        for workers in (1, 2):
            if workers > 1:
                requeue_all()
            started = time.perf_counter()
            run_workers(workers)
            timings[workers] = time.perf_counter() - started
            done = Article.objects.filter(tagging_state=TaggingState.DONE).count()
            assert done == count, f"{done} of {count} tagged with {workers} worker(s)"

        def row(name: str, seconds: float, with_ratio: bool = True) -> list[object]:
            return [
                name,
                count,
                f"{seconds:.1f}",
                f"{count / seconds * 60:,.0f}",
                f"{words / seconds:,.0f}",
                f"{baseline / seconds:.2f}" if with_ratio else "",
            ]

        rows.append(row("import from JSONL (store only)", import_seconds, with_ratio=False))
        rows.append(row("bare nlp.pipe (baseline)", baseline))
        rows.append(row("pre-tagger, no database", pretagger))
        rows.append(row("pre-tag jobs, 1 worker", timings[1]))
        rows.append(row("pre-tag jobs, 2 workers", timings[2]))
    print(
        f"\n{count} articles, {words:,} words ({words // count} per article), "
        f"model {settings.NEWSDESK_SPACY_MODEL}, {os.cpu_count()} CPUs\n"
    )
    print(
        table(
            ["stage", "articles", "seconds", "articles/min", "words/s", "ratio to nlp.pipe"], rows
        )
    )
    print(f"\n2 workers vs 1: {timings[1] / timings[2]:.2f}×")


if __name__ == "__main__":
    main()
