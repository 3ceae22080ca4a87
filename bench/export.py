"""Export benchmark: entities.csv of a million entity mentions, streamed.

    .venv/bin/python bench/export.py [--mentions 1000000] [--rounds 3] [--quick]

Reports rows per second against PostgreSQL's own `COPY ... TO STDOUT (FORMAT csv)` of the
same rows in the same run (the floor any exporter pays), and the process's peak memory after
a quarter of the rows and after all of them: flat means the export does not grow with size.
The exports and COPY alternate round by round after one warm-up run each (wall and CPU
time, median with min–max). Runs on a throwaway database.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import threading
import time
from pathlib import Path

import psutil

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _measure import (  # noqa: E402
    COMPARISON_HEADERS,
    Side,
    Spread,
    alternate,
    comparison_rows,
    machine_note,
    walls,
)
from _setup import django_setup, table, throwaway_database  # noqa: E402

MENTIONS_PER_ARTICLE = 500
SENTENCE = "Nouri Al Maliki met officials of the United Nations in Baghdad on Monday. "


class PeakMemory:
    """Samples this process's resident memory every 20 ms."""

    def __init__(self) -> None:
        self.process = psutil.Process()
        self.peak = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        while not self._stop.is_set():
            self.peak = max(self.peak, self.process.memory_info().rss)
            time.sleep(0.02)

    def __enter__(self) -> PeakMemory:
        self.peak = self.process.memory_info().rss
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()
        self.peak = max(self.peak, self.process.memory_info().rss)


def fill(mentions: int) -> None:
    """Articles with bodies long enough for their mentions, written by PostgreSQL itself."""
    from django.db import connection

    articles = -(-mentions // MENTIONS_PER_ARTICLE)
    with connection.cursor() as cursor:
        cursor.execute(
            """
            INSERT INTO articles_article
              (title, byline, source, url, body, body_sha256, original, original_format,
               original_filename, created_at, updated_at, tagging_state, tagging_error,
               tagger_version, version, blocks)
            SELECT 'Article ' || n, '', 'Bench', '', %(lead)s || n || '. ' || repeat(%(s)s, %(k)s),
                   md5(n::text) || md5((n + 1)::text), '', 'paste', '', now(), now(), 'done', '',
                   'bench', 1, '[]'
            FROM generate_series(1, %(articles)s) AS n
            """,
            {
                "lead": "Dispatch ",
                "s": SENTENCE,
                "k": MENTIONS_PER_ARTICLE // 3 + 1,
                "articles": articles,
            },
        )
        cursor.execute(
            """
            INSERT INTO annotations_entity (article_id, name, label, origin)
            SELECT id, 'Nouri Al Maliki', 'PERSON', 'machine' FROM articles_article
            """
        )
        # The offsets below are inside the bodies by construction; the per-row trigger that
        # checks this is paused for the bulk load only (it is a throwaway database).
        cursor.execute("ALTER TABLE annotations_entitymention DISABLE TRIGGER USER")
        # Three mentions per sentence: the person, the organisation and the place.
        cursor.execute(
            """
            INSERT INTO annotations_entitymention
              (article_id, entity_id, start, "end", label, text, origin, status,
               created_at, updated_at)
            SELECT a.id, e.id, base + off.s, base + off.e, off.label, off.text, 'machine',
                   CASE WHEN i %% 7 = 0 THEN 'accepted' ELSE 'suggested' END, now(), now()
            FROM articles_article a
            JOIN annotations_entity e ON e.article_id = a.id
            CROSS JOIN generate_series(0, %(per)s - 1) AS i
            CROSS JOIN LATERAL (
              SELECT length('Dispatch ' || a.id || '. ') + (i / 3) * %(len)s AS base
            ) b
            CROSS JOIN LATERAL (
              SELECT * FROM (VALUES
                (0, 0, 15, 'PERSON', 'Nouri Al Maliki'),
                (1, 33, 51, 'ORG', 'the United Nations'),
                (2, 55, 62, 'GPE', 'Baghdad')) AS v(k, s, e, label, text)
              WHERE v.k = i %% 3
            ) off
            """,
            {"per": MENTIONS_PER_ARTICLE, "len": len(SENTENCE)},
        )
        cursor.execute("ALTER TABLE annotations_entitymention ENABLE TRIGGER USER")
        cursor.execute("ANALYZE")


def export_rows(limit_articles: int | None) -> tuple[int, int, float]:
    from apps.articles.models import Article
    from apps.exports.csv_exports import mention_rows
    from apps.exports.selectors import ExportFilters, export_articles, export_mentions

    articles = export_articles(filters=ExportFilters())
    if limit_articles:
        articles = Article.objects.filter(id__in=articles.values("id")[:limit_articles])
    lines = size = 0
    started = time.perf_counter()
    for line in mention_rows(mentions=export_mentions(articles=articles)):
        lines += 1
        size += len(line)
    return lines - 1, size, time.perf_counter() - started


def view_rows() -> tuple[int, float]:
    """The same export as a person downloads it: the view's streamed response, encoded."""
    from django.contrib.auth import get_user_model
    from django.test import Client

    user, _ = get_user_model().objects.get_or_create(username="bench-reader")
    client = Client(SERVER_NAME="localhost")
    client.force_login(user)
    started = time.perf_counter()
    response = client.get("/exports/", {"format": "entities.csv", "version": "working"})
    size = sum(len(chunk) for chunk in response.streaming_content)
    return size, time.perf_counter() - started


def copy_rows() -> tuple[int, float]:
    from django.db import connection

    sql = """COPY (SELECT m.article_id, a.title, m.text, m.label, e.name, m.start, m."end",
                          m.status
                   FROM annotations_entitymention m
                   JOIN articles_article a ON a.id = m.article_id
                   LEFT JOIN annotations_entity e ON e.id = m.entity_id
                   WHERE m.status <> 'rejected'
                   ORDER BY m.article_id, m.start, m."end", m.id) TO STDOUT (FORMAT csv, HEADER)"""
    size = 0
    started = time.perf_counter()
    connection.ensure_connection()
    with connection.connection.cursor() as cursor, cursor.copy(sql) as copy:
        for block in copy:
            size += len(block)
    return size, time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--mentions", type=int, default=1_000_000)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--quick", action="store_true", help="200,000 mentions")
    args = parser.parse_args()
    mentions = 200_000 if args.quick else args.mentions
    django_setup()
    peaks: dict[str, list[int]] = {}

    def with_peak(name: str, run):
        def measured() -> None:
            with PeakMemory() as memory:
                run()
            peaks.setdefault(name, []).append(memory.peak)

        return measured

    with throwaway_database("bench_newsdesk_export"):
        started = time.perf_counter()
        fill(mentions)
        print(f"made {mentions:,} mentions in {time.perf_counter() - started:.0f} s")
        articles = -(-mentions // MENTIONS_PER_ARTICLE)
        rows = export_rows(None)[0]
        rss_start = psutil.Process().memory_info().rss
        names = ["PostgreSQL COPY to CSV (baseline)", "entities.csv, a quarter of the rows",
                 "entities.csv, all rows", "entities.csv through the download view"]  # fmt: skip
        sides = alternate(
            [
                Side(names[0], with_peak(names[0], copy_rows)),
                Side(names[1], with_peak(names[1], lambda: export_rows(max(1, articles // 4)))),
                Side(names[2], with_peak(names[2], lambda: export_rows(None))),
                Side(names[3], with_peak(names[3], view_rows)),
            ],
            rounds=args.rounds,
        )
    mb = 1024 * 1024
    print(f"\nentities.csv: {rows:,} rows; {args.rounds} rounds, alternating; {machine_note()}\n")
    baseline, quarter = sides[0], sides[1]
    table_rows = comparison_rows([baseline, *sides[2:]], baseline=baseline)
    for row, side in zip(table_rows, [baseline, *sides[2:]], strict=True):
        row.append(f"{rows / walls(side).median:,.0f}")
        row.append(Spread.of([p / mb for p in peaks[side.name][-args.rounds :]]).format(".0f"))
    print(table([*COMPARISON_HEADERS, "rows/s", "peak RSS MB"], table_rows))
    quarter_peak = statistics.median(peaks[quarter.name][-args.rounds :])
    full_peak = statistics.median(peaks[names[2]][-args.rounds :])
    print(
        f"\nRSS before exporting {rss_start / mb:.0f} MB; peak growth from a quarter of the rows "
        f"({walls(quarter).median:.1f} s) to all of them: {(full_peak - quarter_peak) / mb:+.0f} MB"
    )


if __name__ == "__main__":
    main()
