"""Ingest benchmark: import articles from JSONL, then pre-tag them with 1 and with 2 workers.

    .venv/bin/python bench/ingest.py [--articles 1000] [--rounds 5] [--quick]

Two comparisons, each measured side by side in alternating rounds on a throwaway database:

- storing: the whole import without pre-tagging (the request that checks the file and the
  job that stores its articles) against a bare `bulk_create` of the same Article rows;
- pre-tagging: the pre-tag jobs run by 1 and by 2 procrastinate worker processes against
  bare `nlp.pipe` over the same texts (the model is the limit) in a process forked from
  this one, where the model is loaded. The workers are started, their tagger processes
  with the model loaded, before the clock starts, as running workers are; their CPU time
  is their own and their tagger processes'.

Each prints wall and CPU seconds (median, min–max) and speed as a ratio to its baseline.
"""

from __future__ import annotations

import argparse
import functools
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
from _measure import (  # noqa: E402
    COMPARISON_HEADERS,
    Side,
    alternate,
    comparison_rows,
    machine_note,
    ratio,
    walls,
)
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


def forked(work) -> int:
    """Start `work` in a forked process (the model, already loaded, is inherited); its pid."""
    pid = os.fork()
    if pid == 0:
        code = 0
        try:
            work()
        except BaseException:  # noqa: BLE001 - report and exit non-zero
            import traceback

            traceback.print_exc()
            code = 1
        finally:
            os._exit(code)
    return pid


def wait_for(pids: list[int]) -> None:
    """Wait for the processes (their CPU time is then counted); any failure stops the run."""
    for pid in pids:
        _, status = os.waitpid(pid, 0)
        if status != 0:
            raise SystemExit("a benchmark process failed")


def in_child(work) -> None:
    """Run `work` in a forked process and wait for it."""
    wait_for([forked(work)])


def process_cpu(pid: int) -> float:
    """CPU seconds (user and system) a running process has used so far."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


class Workers:
    """`count` procrastinate worker processes, started (each with its tagger process and
    model loaded, as a running worker has) and waiting for the word to go."""

    def __init__(self, count: int) -> None:
        from django.conf import settings
        from django.db import connections
        from procrastinate.contrib.django import app

        from apps.nlp.tagger_process import shared_tagger

        def work(go: int, report: int) -> None:
            tagger = shared_tagger(settings.NEWSDESK_SPACY_MODEL)
            tagger.start()
            os.write(report, b"ready\n")
            os.read(go, 1)
            before = time.process_time() + process_cpu(tagger.pid)
            with app.replace_connector(app.connector.get_worker_connector()):
                app.run_worker(
                    queues=["pretag"],
                    wait=False,
                    install_signal_handlers=False,
                    listen_notify=False,
                )
            used = time.process_time() + process_cpu(tagger.pid) - before
            tagger.close()
            os.write(report, f"{used}\n".encode())

        connections.close_all()
        self.pids, self.go, self.reports = [], [], []
        for _ in range(count):
            go_read, go_write = os.pipe()
            report_read, report_write = os.pipe()
            self.pids.append(forked(functools.partial(work, go_read, report_write)))
            os.close(go_read)
            os.close(report_write)
            self.go.append(go_write)
            self.reports.append(os.fdopen(report_read))
        for report in self.reports:
            assert report.readline() == "ready\n", "a worker did not start"

    def run(self) -> float:
        """Let them work until the queue is empty; the CPU seconds they and their tagger
        processes used."""
        for go in self.go:
            os.write(go, b"g")
            os.close(go)
        used = [float(report.readline()) for report in self.reports]
        wait_for(self.pids)
        for report in self.reports:
            report.close()
        return sum(used)


def empty_tables() -> None:
    """Back to an empty database (untimed), so that every round inserts into fresh tables."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "TRUNCATE articles_article, ingest_importbatch, procrastinate_jobs RESTART IDENTITY "
            "CASCADE"
        )


def requeue_all() -> None:
    """Back to the state right after import: no suggestions, pre-tag jobs queued as the
    importer queues them (several articles to a job)."""
    from django.db import connection, transaction

    from apps.articles.models import Article, TaggingState
    from apps.ingest.services import pretag_queue

    with connection.cursor() as cursor:
        cursor.execute(
            "TRUNCATE annotations_quote, annotations_entitymention, annotations_entity, "
            "annotations_annotationevent, procrastinate_jobs CASCADE"
        )
    with transaction.atomic():
        Article.objects.update(tagging_state=TaggingState.QUEUED)
        pretag_queue(
            articles=[
                (article_id, len(body))
                for article_id, body in Article.objects.order_by("id").values_list("id", "body")
            ]
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--rounds", type=int, default=5, help="rounds of the storing comparison")
    parser.add_argument("--pretag-rounds", type=int, default=3)
    parser.add_argument("--quick", action="store_true", help="150 articles, fewer rounds")
    parser.add_argument("--storing-only", action="store_true", help="skip the pre-tagging part")
    args = parser.parse_args()
    count = 150 if args.quick else args.articles
    rounds = 3 if args.quick else args.rounds
    pretag_rounds = 2 if args.quick else args.pretag_rounds

    django_setup()
    from django.conf import settings

    from apps.articles.models import Article, TaggingState
    from apps.articles.services import article_build
    from apps.ingest.models import ImportKind
    from apps.ingest.services import import_batch_create, import_batch_run
    from apps.nlp.pipeline import get_nlp
    from apps.nlp.tagger_process import libc_single_threaded

    articles = make_articles(count)
    data = "".join(json.dumps(a) + "\n" for a in articles).encode()
    nlp = get_nlp(settings.NEWSDESK_SPACY_MODEL)

    def import_file() -> None:
        batch = import_batch_create(kind=ImportKind.JSONL, data=data, created_by=None)
        import_batch_run(batch_id=batch.id)

    def bare_rows() -> list[Article]:
        return [
            article_build(
                title=a["title"], raw=a["body"], fmt="txt", source=a["source"], created_by=None
            )
            for a in articles
        ]

    rows: list[Article] = []

    def prepare_bare() -> None:
        empty_tables()
        rows[:] = bare_rows()

    with throwaway_database("bench_newsdesk_ingest"):
        storing = alternate(
            [
                Side(
                    "bare bulk_create of the rows (baseline)",
                    lambda: Article.objects.bulk_create(rows),
                    prepare_bare,
                ),
                Side("import, not pre-tagged (request + job)", import_file, empty_tables),
            ],
            rounds=rounds,
        )
        stored = Article.objects.count()
        assert stored == count, f"stored {stored} of {count}"
        bodies = list(Article.objects.order_by("id").values_list("body", flat=True))
        words = sum(len(body.split()) for body in bodies)

        def bare_pipe() -> None:
            # In a forked process too, as the workers are: both sides start alike. A process
            # that ever ran two threads parses slower (see apps/nlp/tagger_process.py), so
            # the baseline must be a single-threaded one.
            def parse() -> None:
                assert libc_single_threaded() is not False, "the baseline process had threads"
                for _doc in nlp.pipe(bodies, batch_size=8):
                    pass

            in_child(parse)

        started: list[Workers] = []

        def start_workers(n: int):
            def prepare() -> None:
                requeue_all()
                started[:] = [Workers(n)]

            return prepare

        def run_workers() -> float:
            used = started.pop().run()
            done = Article.objects.filter(tagging_state=TaggingState.DONE).count()
            assert done == count, f"{done} of {count} tagged"
            return used

        few = bodies[:16]
        if args.storing_only:
            pretagging = []
        else:
            pretagging = alternate(
                [
                    Side(
                        "bare nlp.pipe (baseline)",
                        bare_pipe,
                        warm=lambda: list(nlp.pipe(few, batch_size=8)),
                    ),
                    Side(
                        "pre-tag jobs, 1 worker",
                        run_workers,
                        start_workers(1),
                        reports_cpu=True,
                    ),
                    Side(
                        "pre-tag jobs, 2 workers",
                        run_workers,
                        start_workers(2),
                        reports_cpu=True,
                    ),
                ],
                rounds=pretag_rounds,
            )

    print(
        f"\n{count} articles, {words:,} words ({words // count} per article), "
        f"model {settings.NEWSDESK_SPACY_MODEL}, {machine_note()}"
    )
    concurrency = settings.PROCRASTINATE_WORKER_DEFAULTS.get("concurrency", 1)
    print(f"\nStoring ({rounds} rounds; goal: import ≥ 0.5 of bare bulk_create)\n")
    print(table(COMPARISON_HEADERS, comparison_rows(storing, baseline=storing[0])))
    imported = walls(storing[1]).median
    print(f"\nimport: {count / imported:,.0f} articles/s (median)")
    if not pretagging:
        return
    print(
        f"\nPre-tagging ({pretag_rounds} rounds; goals: 1 worker ≥ 0.85 of nlp.pipe, "
        "2 workers ≥ 1.8× 1 worker; each worker runs "
        f"{concurrency} jobs at a time, as configured, and one tagger process)\n"
    )
    print(table(COMPARISON_HEADERS, comparison_rows(pretagging, baseline=pretagging[0])))
    one, two = pretagging[1], pretagging[2]
    print(f"\n2 workers vs 1 (speed-up): {ratio(one, two).format('.2f')}")
    one_rate, two_rate = words / walls(one).median, words / walls(two).median
    print(f"words/s, 1 worker: {one_rate:,.0f}; 2 workers: {two_rate:,.0f}")


if __name__ == "__main__":
    main()
