"""Insights benchmark: every panel and endpoint over 10,000 published articles, 200,000 quotes.

    .venv/bin/python bench/insights.py [--articles 10000] [--quotes 200000] [--rounds 7]

Builds the published set with bulk inserts in a throwaway database (one current version per
article, some older versions and retracted articles beside them, nested partial quotes, a
registry with roles and genders), then times each insights panel, the dashboard page, each
JSON endpoint, the speaker page and the quote search. Every figure is reported as a ratio
to one plain `SELECT COUNT(*)` over the quotes table, measured in the same rounds: the
rounds alternate the baseline and the measured items, and the table gives median, min and
max in milliseconds.
"""

from __future__ import annotations

import argparse
import datetime
import io
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _setup import django_setup, table, throwaway_database  # noqa: E402

OUTLETS = ["Daily Post", "Evening Star", "Harbour Gazette", "Wire Service", "City Herald"]
WORDS = [
    "strike",
    "pay",
    "workers",
    "union",
    "talks",
    "bridge",
    "harbour",
    "council",
    "budget",
    "housing",
    "police",
    "court",
    "election",
    "minister",
    "rates",
    "schools",
    "hospital",
    "rebuild",
    "fair",
    "deal",
    "offer",
    "wages",
    "fragile",
    "economy",
    "port",
    "dockers",
    "inflation",
    "energy",
    "prices",
    "climate",
    "flood",
    "transport",
    "rail",
    "safety",
    "investigation",
]
SPEAKER_TYPES = [("named", 55), ("pronoun", 15), ("anonymous", 10), ("organisation", 12),
                 ("group", 3), ("document", 2), ("unknown", 3)]  # fmt: skip
KINDS = [("direct", 50), ("indirect", 35), ("partial", 15)]
FIRST = ["Sharon", "Michael", "Amara", "Jonas", "Priya", "Tomás", "Zoë", "Liam", "Mei", "Omar"]
LAST = ["Graham", "Knights", "Okafor", "Berg", "Nair", "García", "Ångström", "Walsh", "Chen"]
START_DAY = datetime.date(2025, 1, 1)
DAYS = 700


def _weighted(choices: list[tuple[str, int]], rng: random.Random) -> str:
    return rng.choices([c for c, _ in choices], weights=[w for _, w in choices])[0]


def fill(articles: int, quotes: int, seed: int = 7) -> None:
    from django.db import connection

    from apps.annotations.models import SpeakerRole
    from apps.core.text import search_key

    rng = random.Random(seed)
    speakers = [f"{rng.choice(FIRST)} {rng.choice(LAST)} {n}" for n in range(3000)]
    # A few sources are quoted again and again (roughly Zipf), most rarely.
    speaker_weights = [1 / (rank + 1) for rank in range(len(speakers))]
    with connection.cursor() as cursor:
        cursor.execute(
            """
            INSERT INTO articles_article
              (title, byline, source, url, body, body_sha256, original, original_format,
               original_filename, created_at, updated_at, tagging_state, tagging_error,
               tagger_version, version, published_at, blocks)
            SELECT 'Story ' || n, '', (%(outlets)s::text[])[1 + n %% 5], '',
                   'Dispatch ' || n || '. ' || repeat(%(text)s, 12),
                   md5(n::text) || md5((n + 1)::text), '', 'paste', '', now(), now(), 'done',
                   '', 'bench', 1, %(start)s::date + (n * 7919 %% %(days)s), '[]'
            FROM generate_series(1, %(articles)s) AS n
            """,
            {
                "outlets": OUTLETS,
                "text": " ".join(WORDS) + ". ",
                "start": START_DAY,
                "days": DAYS,
                "articles": articles,
            },
        )
        # 3 % retracted; the rest published.
        cursor.execute(
            """
            INSERT INTO publishing_workflow
              (article_id, stage, review_comment, retraction_reason, stage_changed_at)
            SELECT id, CASE WHEN id % 33 = 0 THEN 'retracted' ELSE 'published' END, '',
                   CASE WHEN id % 33 = 0 THEN 'bench' ELSE '' END, now()
            FROM articles_article
            """
        )
        # One in ten articles has an older, superseded version (number 1) beside the current.
        cursor.execute(
            """
            INSERT INTO publishing_publishedversion
              (article_id, number, is_current, published_at, source_version, title, byline,
               source, url, article_date, body, annotations, entity_names, speaker_names)
            SELECT a.id, v.number, v.number = 2 OR a.id % 10 <> 0,
                   a.published_at + time '12:00', 1, a.title, '', a.source, '', a.published_at,
                   a.body, '{"entities": [], "quotes": []}', '[]', '[]'
            FROM articles_article a
            CROSS JOIN (VALUES (1), (2)) AS v(number)
            WHERE v.number = 2 OR a.id % 10 = 0
            """
        )
        # What readers see: the current version, unless the article was retracted.
        cursor.execute(
            """
            UPDATE publishing_workflow w SET public_version_id = v.id
            FROM publishing_publishedversion v
            WHERE v.article_id = w.article_id AND v.number = 2 AND w.stage = 'published'
            """
        )
        cursor.execute(
            "SELECT id, article_id FROM publishing_publishedversion ORDER BY article_id, number"
        )
        versions = cursor.fetchall()
        roles = list(SpeakerRole.objects.values_list("id", flat=True))
        cursor.execute(
            """
            INSERT INTO annotations_registryentity
              (name, label, aliases, created_at, updated_at, role_id, gender)
            SELECT s.name, 'PERSON', '[]', now(), now(),
                   CASE WHEN s.n %% 4 = 0 THEN NULL
                        ELSE (%(roles)s::bigint[])[1 + s.n %% %(k)s] END,
                   (ARRAY['woman', 'man', '', 'woman', 'man', 'non_binary'])[1 + s.n %% 6]
            FROM unnest(%(names)s::text[]) WITH ORDINALITY AS s(name, n)
            """,
            {"roles": roles, "k": len(roles), "names": speakers[:600]},
        )
        cursor.execute("SELECT name, id FROM annotations_registryentity")
        registry = dict(cursor.fetchall())

    per_version = _spread(quotes, len(versions), rng)
    quote_buffer, entity_buffer = io.StringIO(), io.StringIO()
    for (version_id, article_id), count in zip(versions, per_version, strict=True):
        offset, left = 0, count
        while left > 0:
            speaker_type = _weighted(SPEAKER_TYPES, rng)
            named = speaker_type in ("named", "pronoun", "organisation")
            speaker = rng.choices(speakers, weights=speaker_weights)[0] if named else ""
            label = "ORG" if speaker_type == "organisation" else ("PERSON" if speaker else "")
            registry_id = registry.get(speaker, r"\N") if label == "PERSON" else r"\N"
            text = " ".join(rng.choices(WORDS, k=rng.randint(6, 30)))
            end = offset + len(text)
            spans = [(offset, end, _weighted(KINDS, rng), "f")]
            # One quote in ten has a partial quote nested inside it (a row of its own).
            if left > 1 and rng.random() < 0.1:
                spans.append((offset + 2, offset + 9, "partial", "t"))
            for start, stop, kind, is_nested in spans:
                quote_buffer.write(
                    f"{version_id}\t{article_id}\t{start}\t{stop}\t{text}\t{kind}\tsaid\t"
                    f"{speaker}\t{speaker}\t{search_key(speaker)}\t{speaker_type}\t{label}\t"
                    f"{registry_id}\t{is_nested}\n"
                )
            left -= len(spans)
            offset = end + 2
        for name in set(rng.choices(speakers[:800], k=rng.randint(5, 12))):
            entity_buffer.write(
                f"{version_id}\t{article_id}\t{name}\t{search_key(name)}\tPERSON\t"
                f"{rng.randint(1, 6)}\n"
            )
        for name in rng.sample(OUTLETS + ["Unite", "City Council", "Port Authority"], 3):
            entity_buffer.write(
                f"{version_id}\t{article_id}\t{name}\t{search_key(name)}\tORG\t"
                f"{rng.randint(1, 4)}\n"
            )
        entity_buffer.write(
            f"{version_id}\t{article_id}\tBaghdad\tbaghdad\tGPE\t{rng.randint(1, 3)}\n"
        )

    with connection.cursor() as cursor:
        with cursor.copy(
            'COPY publishing_publishedquote (version_id, article_id, start, "end", text, kind, '
            "cue, speaker, speaker_entity, speaker_key, speaker_type, speaker_label, "
            "speaker_registry_id, nested) FROM STDIN"
        ) as copy:
            copy.write(quote_buffer.getvalue())
        with cursor.copy(
            "COPY publishing_publishedentity (version_id, article_id, name, name_key, label, "
            "mentions) FROM STDIN"
        ) as copy:
            copy.write(entity_buffer.getvalue())
    # What autovacuum does to rows that never change once frozen: statistics, and the
    # visibility map that lets the counting index answer without reading the rows.
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")


def _spread(total: int, buckets: int, rng: random.Random) -> list[int]:
    """`total` split over `buckets` unevenly (some articles quote nobody), summing exactly."""
    weights = [rng.random() ** 2 for _ in range(buckets)]
    scale = total / sum(weights)
    counts = [int(w * scale) for w in weights]
    for i in rng.sample(range(buckets), total - sum(counts)):
        counts[i] += 1
    return counts


def measure(rounds: int) -> tuple[list[list[object]], dict]:
    from django.db import connection
    from django.test import Client
    from django.urls import reverse

    from apps.accounts.services import roles_ensure, user_create_with_role
    from apps.insights import selectors
    from apps.insights.selectors import InsightFilters

    roles_ensure()
    editor = user_create_with_role(username="bench-editor", password="x" * 20, role="editor")
    client = Client()
    client.force_login(editor)
    everything = InsightFilters()
    last = START_DAY + datetime.timedelta(days=DAYS)
    narrow = InsightFilters(
        date_from=last.replace(day=1) - datetime.timedelta(days=60),
        date_to=last,
        source="Evening Star",
        period="week",
    )
    top = selectors.top_speakers(filters=everything).rows[0]["speaker"]

    def count_quotes() -> None:
        with connection.cursor() as cursor:
            cursor.execute("SELECT COUNT(*) FROM publishing_publishedquote")
            cursor.fetchone()

    def get(url: str, params: dict | None = None):
        def run() -> None:
            response = client.get(url, params or {})
            assert response.status_code == 200, (url, response.status_code)
            if hasattr(response, "streaming_content"):
                b"".join(response.streaming_content)

        return run

    items: list[tuple[str, object]] = []
    for key, panel in selectors.PANELS.items():
        items.append((f"panel {key}", lambda p=panel: p(filters=everything)))
    for key, panel in selectors.PANELS.items():
        items.append((f"panel {key}, 2 months, 1 outlet", lambda p=panel: p(filters=narrow)))
    items += [
        ("page /insights/", get(reverse("insights:dashboard"))),
        ("page /insights/ filtered", get(reverse("insights:dashboard"), {
            "from": narrow.date_from.isoformat(), "to": narrow.date_to.isoformat(),
            "source": "Evening Star", "period": "week"})),
        ("csv speakers", get(reverse("insights:panel_csv", args=["speakers"]))),
        ("api insights/speakers", get(reverse("api:insight_speakers"))),
        ("api insights/speaker-types", get(reverse("api:insight_speaker_types"))),
        ("api insights/entities", get(reverse("api:insight_entities"))),
        ("page speaker (most quoted)", get(reverse("insights:speaker", args=[top]))),
        ("api quotes?q=harbour strike", get(reverse("api:quotes"), {"q": "harbour strike"})),
        ("page /public/quotes/?q=fragile economy",
         get(reverse("public:quotes"), {"q": "fragile economy"})),
        ("api quotes?speaker= (any case)", get(reverse("api:quotes"), {"speaker": top.upper()})),
        ("api articles?q= (title or body)", get(reverse("api:articles"), {"q": "rebuild"})),
    ]  # fmt: skip

    for _, run in items:  # warm caches and connections once
        run()
    baseline: list[float] = []
    timings: dict[str, list[float]] = {name: [] for name, _ in items}
    for _ in range(rounds):
        for name, run in items:
            started = time.perf_counter()
            count_quotes()
            baseline.append(time.perf_counter() - started)
            started = time.perf_counter()
            run()
            timings[name].append(time.perf_counter() - started)
    base = statistics.median(baseline)
    rows: list[list[object]] = [
        ["COUNT(*) over the quotes (baseline)", f"{base * 1000:.1f}",
         f"{min(baseline) * 1000:.1f}", f"{max(baseline) * 1000:.1f}", "1.0"]
    ]  # fmt: skip
    for name, values in timings.items():
        median = statistics.median(values)
        rows.append(
            [name, f"{median * 1000:.1f}", f"{min(values) * 1000:.1f}",
             f"{max(values) * 1000:.1f}", f"{median / base:.1f}"]
        )  # fmt: skip
    return rows, {"baseline_ms": base * 1000}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--quotes", type=int, default=200_000)
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument("--quick", action="store_true", help="1,000 articles, 20,000 quotes")
    args = parser.parse_args()
    if args.quick:
        args.articles, args.quotes, args.rounds = 1_000, 20_000, 5
    django_setup()
    from django.conf import settings

    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    with throwaway_database("newsdesk_bench_insights"):
        from django.db import connection

        started = time.perf_counter()
        fill(args.articles, args.quotes)
        built = time.perf_counter() - started
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT count(*), count(*) FILTER (WHERE nested) FROM publishing_publishedquote"
            )
            total, nested = cursor.fetchone()
        print(
            f"{args.articles:,} articles, {total:,} published quotes ({nested:,} nested), "
            f"built in {built:.0f} s; {args.rounds} rounds\n"
        )
        rows, _ = measure(args.rounds)
        print(table(["measured", "median ms", "min ms", "max ms", "× COUNT(*)"], rows))


if __name__ == "__main__":
    main()
