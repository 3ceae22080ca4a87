"""API list pages: page 1 against page 200, by offset and by cursor.

    .venv/bin/python bench/api_pages.py [--rounds 9] [--articles 210]

Publishes `--articles` articles with 20 quotes each (4,200 quotes by default) on a
throwaway database, then times GET /api/v1/quotes and /api/v1/articles?page_size=1 on
page 1, on page 200 by `page=200` (offset) and on page 200 reached by `cursor` (keyset),
alternating the three for several rounds after a warm-up. Prints the medians (min, max) and
page 200 / page 1. Goal: the cursor page's ratio ~1.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _setup import django_setup, table, throwaway_database  # noqa: E402


def _publish(count: int) -> None:
    from apps.articles.services import article_create
    from apps.publishing.models import PublishedQuote, PublishedVersion, Stage, Workflow

    quotes = []
    for n in range(count):
        body = f"Article {n}. " + " ".join(f"“Line {q} of {n},” said Jane Doe." for q in range(20))
        article = article_create(title=f"Article {n:04d}", raw=body, fmt="txt", created_by=None)
        version = PublishedVersion.objects.create(
            article=article, number=1, source_version=1, title=article.title, body=body,
            annotations={"entities": [], "quotes": []}, speaker_names=["Jane Doe"],
        )  # fmt: skip
        Workflow.objects.create(article=article, stage=Stage.PUBLISHED, public_version=version)
        at = 0
        for _ in range(20):
            start = body.index("“", at) + 1
            end = body.index(",”", start)
            at = end
            quotes.append(PublishedQuote(
                version=version, article=article, start=start, end=end, text=body[start:end],
                kind="direct", cue="said", speaker="Jane Doe", speaker_entity="Jane Doe",
                speaker_type="named",
            ))  # fmt: skip
    PublishedQuote.objects.bulk_create(quotes, batch_size=1000)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=9)
    parser.add_argument("--articles", type=int, default=210)
    parser.add_argument("--quick", action="store_true", help="3 rounds")
    args = parser.parse_args()
    if args.quick:
        args.rounds = 3
    django_setup()
    from django.conf import settings
    from django.test import Client

    settings.ALLOWED_HOSTS = ["*"]
    with throwaway_database("newsdesk_bench_api_pages"):
        _publish(args.articles)
        client = Client()
        rows = []
        for path, size in [("/api/v1/quotes", 20), ("/api/v1/articles", 1)]:
            page = client.get(path, {"page_size": size}).json()
            for _ in range(198):
                page = client.get(page["next"]).json()
            assert page["page"] == 199
            cursor_url = page["next"]
            sides = {
                "page 1": lambda path=path, size=size: client.get(path, {"page_size": size}),
                "page=200 (offset)": lambda path=path, size=size: client.get(
                    path, {"page_size": size, "page": 200}
                ),
                "page 200 by cursor": lambda url=cursor_url: client.get(url),
            }
            times: dict[str, list[float]] = {name: [] for name in sides}
            for call in sides.values():  # warm-up, equally
                call()
            for _ in range(args.rounds):
                for name, call in sides.items():
                    started = time.perf_counter()
                    assert call().status_code == 200
                    times[name].append((time.perf_counter() - started) * 1000)
            first = statistics.median(times["page 1"])
            for name, values in times.items():
                median = statistics.median(values)
                rows.append([
                    f"{path} {name}", f"{median:.1f}", f"{min(values):.1f}", f"{max(values):.1f}",
                    f"{median / first:.2f}",
                ])  # fmt: skip
    print(table(["request", "median ms", "min", "max", "÷ page 1"], rows))


if __name__ == "__main__":
    main()
