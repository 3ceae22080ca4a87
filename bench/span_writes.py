"""How span writes grow with the article: 10k, 50k and 300k characters against the sample.

    .venv/bin/python bench/span_writes.py [--rounds 7] [--quick]

On a throwaway database: the sample article (pre-tagged by the real pre-tagger) and three
generated articles of about 10,000, 50,000 and 300,000 characters (the last is about 50,000
words, the longest body Newsdesk accepts), each with a mention for every name, place and
organisation in it. Then, in alternating rounds (sample, long, sample, long, … with the
order of the long articles rotating each round), times through the services:

- accept all: every suggestion of the article accepted in one action (suggestions_accept);
- one status change: one mention accepted or put back (mention_update);
- store: every mention inserted again in one bulk insert (what storing suggestions does).

Prints, per measure and size, the median with min and max of wall time and of this
process's CPU time, the cost per annotation, and that cost as a ratio to the sample's. The
goal: accept-all on the 300,000-character article <= 1.5x the sample's cost per mention.
CPU time is the client's only; PostgreSQL's own work shows in the wall time.
"""

from __future__ import annotations

import argparse
import re
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _setup import ROOT, django_setup, table, throwaway_database  # noqa: E402

SIZES = (10_000, 50_000, 300_000)
NAMES = ["Ahmed Kareem", "Laura Stone", "Nouri Hassan", "Maria Lopez", "Tom Becker"]
PLACES = ["Baghdad", "Geneva", "Washington", "Basra", "London", "Ankara"]
ORGS = ["United Nations", "Treasury", "Reuters", "World Bank"]
LABELS = {**dict.fromkeys(NAMES, "PERSON"), **dict.fromkeys(PLACES, "GPE")}
LABELS |= dict.fromkeys(ORGS, "ORG")


def generated_text(chars: int) -> str:
    sentences, length, i = [], 0, 0
    while length < chars:
        n, p, o = NAMES[i % 5], PLACES[i % 6], ORGS[i % 4]
        sentence = (
            f"In {p}, {n} told the {o} on day {i} that the talks had gone “as well as hoped”."
            if i % 3
            else f"{n} met officials from the {o} in {p}, according to a statement of day {i}."
        )
        sentence += "\n\n" if i % 6 == 5 else " "
        sentences.append(sentence)
        length += len(sentence)
        i += 1
    return "".join(sentences)[:chars].rsplit(" ", 1)[0]


def mentions_for(article) -> list:
    from apps.annotations.models import Entity, EntityMention

    entities = {}
    rows = []
    for match in re.finditer("|".join(LABELS), article.body):
        text = match.group(0)
        if text not in entities:
            entities[text] = Entity.objects.create(article=article, name=text, label=LABELS[text])
        rows.append(
            EntityMention(
                article=article,
                entity=entities[text],
                start=match.start(),
                end=match.end(),
                label=LABELS[text],
                text=text,
            )
        )
    return rows


def make_articles(sizes: tuple[int, ...]) -> dict[str, int]:
    from apps.annotations.models import EntityMention
    from apps.annotations.services import articles_pretag
    from apps.articles.models import Article
    from apps.ingest.services import article_ingest

    raw = (ROOT / "apps" / "articles" / "demo" / "maliki-sanctions.txt").read_text()
    sample = article_ingest(title="Sample", raw=raw, fmt="txt", created_by=None)
    articles_pretag(article_ids=[sample.id])
    ids = {"sample": sample.id}
    for size in sizes:
        article = article_ingest(
            title=f"{size} characters", raw=generated_text(size), fmt="txt", created_by=None
        )
        EntityMention.objects.bulk_create(mentions_for(article), batch_size=1000)
        Article.objects.filter(id=article.id).update(tagging_state="done")
        ids[f"{size // 1000}k"] = article.id
    return ids


def timed(action) -> tuple[float, float]:
    wall, cpu = time.perf_counter(), time.process_time()
    action()
    return time.perf_counter() - wall, time.process_time() - cpu


def version_of(article_id: int) -> int:
    from apps.articles.models import Article

    return Article.objects.values_list("version", flat=True).get(id=article_id)


def accept_all(article_id: int, user) -> tuple[float, float, int]:
    from apps.annotations.models import EntityMention, Quote
    from apps.annotations.services import suggestions_accept

    EntityMention.objects.filter(article_id=article_id).update(status="suggested")
    Quote.objects.filter(article_id=article_id).update(status="suggested")
    count = (
        EntityMention.objects.filter(article_id=article_id).count()
        + Quote.objects.filter(article_id=article_id).count()
    )
    wall, cpu = timed(
        lambda: suggestions_accept(
            article_id=article_id, version=version_of(article_id), actor=user
        )
    )
    return wall, cpu, count


def one_status_change(article_id: int, user, accept: bool) -> tuple[float, float, int]:
    from apps.annotations.models import EntityMention
    from apps.annotations.services import mention_update

    mention = EntityMention.objects.filter(article_id=article_id).order_by("-start").first()
    status = "accepted" if accept else "suggested"
    EntityMention.objects.filter(id=mention.id).update(status="suggested" if accept else "accepted")
    wall, cpu = timed(
        lambda: mention_update(
            article_id=article_id,
            version=version_of(article_id),
            actor=user,
            id=mention.id,
            status=status,
        )
    )
    return wall, cpu, 1


def store(article_id: int, user) -> tuple[float, float, int]:
    from apps.annotations.models import EntityMention

    rows = list(EntityMention.objects.filter(article_id=article_id))
    EntityMention.objects.filter(article_id=article_id).delete()
    for row in rows:
        row.pk = None
    wall, cpu = timed(lambda: EntityMention.objects.bulk_create(rows, batch_size=1000))
    return wall, cpu, len(rows)


def spread(values: list[float], scale: float) -> str:
    return (
        f"{statistics.median(values) * scale:.1f} "
        f"({min(values) * scale:.1f}–{max(values) * scale:.1f})"
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument("--quick", action="store_true", help="3 rounds")
    args = parser.parse_args()
    rounds = 3 if args.quick else args.rounds
    django_setup()
    from apps.accounts.services import roles_ensure, user_create_with_role
    from apps.annotations.models import EntityMention, Quote

    measures = {
        "accept all": accept_all,
        "one status change": None,  # alternates accept / put back
        "store (bulk insert)": store,
    }
    with throwaway_database("bench_scale"):
        roles_ensure()
        user = user_create_with_role(
            username="bench", password="bench-not-secret-42", role="annotator"
        )
        ids = make_articles(SIZES)
        counts = {
            name: (
                EntityMention.objects.filter(article_id=i).count(),
                Quote.objects.filter(article_id=i).count(),
            )
            for name, i in ids.items()
        }
        results: dict[tuple[str, str], list[tuple[float, float, int]]] = {}
        longs = [name for name in ids if name != "sample"]
        # Warm-up: one untimed pass of everything on every article.
        for name in ids:
            accept_all(ids[name], user)
            one_status_change(ids[name], user, True)
            store(ids[name], user)
        for n in range(rounds):
            order = longs[n % len(longs) :] + longs[: n % len(longs)]
            for long in order:
                for name in ("sample", long):  # A B A B …
                    for measure, action in measures.items():
                        if action is None:
                            result = one_status_change(ids[name], user, n % 2 == 0)
                        else:
                            result = action(ids[name], user)
                        results.setdefault((measure, name), []).append(result)
    print(
        "articles: "
        + "; ".join(f"{name}: {m} mentions, {q} quotes" for name, (m, q) in counts.items())
        + f"\n{rounds} rounds, alternating sample and long article; wall and client CPU in ms\n"
    )
    rows = []
    for measure in measures:
        base = statistics.median(w / c for w, _, c in results[(measure, "sample")])
        for name in ids:
            runs = results[(measure, name)]
            per = statistics.median(w / c for w, _, c in runs)
            rows.append(
                [
                    measure,
                    name,
                    runs[0][2],
                    spread([w for w, _, _ in runs], 1000),
                    spread([c for _, c, _ in runs], 1000),
                    f"{per * 1e6:.1f}",
                    f"{per / base:.2f}",
                ]
            )
    print(
        table(
            [
                "measure",
                "article",
                "rows",
                "wall ms median (min–max)",
                "CPU ms median (min–max)",
                "µs per row",
                "ratio to sample",
            ],
            rows,
        )
    )
    print("\ngoal: accept all on 300k characters (≈50,000 words) <= 1.5x the sample per row")


if __name__ == "__main__":
    main()
