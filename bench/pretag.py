"""Pre-tagger throughput beside bare spaCy on the same texts and model.

    .venv/bin/python bench/pretag.py [--rounds 5] [--copies 8] [--quick]

Sides, run in alternating rounds after one warm-up run each (bench/_measure.py):

- bare `nlp.pipe` over the texts (the baseline: the model is the limit);
- the whole pre-tagger (`pretag_texts`: spaCy, then the entity and quote rules);
- the entity rules and the quote rules alone, over Docs parsed beforehand.

Prints wall and CPU seconds (median, min–max), words per second, the pre-tagger's speed as a
ratio to bare spaCy (goal ≥ 0.85; it cannot exceed 1, as it does strictly more), and the
share of spaCy's time the rules add.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

from _measure import (  # noqa: E402
    COMPARISON_HEADERS,
    Side,
    alternate,
    comparison_rows,
    machine_note,
    ratio,
    walls,
)
from _setup import table  # noqa: E402

from apps.articles.normalise import canonical_body  # noqa: E402
from apps.nlp.entities import extract_mentions  # noqa: E402
from apps.nlp.pipeline import get_nlp, pretag_texts  # noqa: E402
from apps.nlp.quotes import extract_quotes  # noqa: E402


def load_texts(copies: int) -> list[str]:
    sources = [ROOT / "apps" / "articles" / "demo" / "maliki-sanctions.txt"]
    sources += sorted((ROOT / "tests" / "data").glob("*.txt"))
    texts = [canonical_body(p.read_text(encoding="utf-8"), "txt") for p in sources]
    # Copies differ by a prefix so nothing can be cached between them.
    return [f"Edition {i}. {text}" for i in range(copies) for text in texts]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--copies", type=int, default=8)
    parser.add_argument("--quick", action="store_true", help="3 rounds over 4 copies")
    args = parser.parse_args()
    rounds, copies = (3, 4) if args.quick else (args.rounds, args.copies)

    nlp = get_nlp()
    texts = load_texts(copies)
    words = sum(len(t.split()) for t in texts)
    items = [(str(i), t) for i, t in enumerate(texts)]
    few, few_items = texts[:2], items[:2]
    docs = list(nlp.pipe(texts, batch_size=8))
    mentions = [extract_mentions(doc) for doc in docs]

    def quote_rules() -> None:
        for doc, found in zip(docs, mentions, strict=True):
            extract_quotes(doc, found)

    sides = alternate(
        [
            Side(
                "bare nlp.pipe (baseline)",
                lambda: list(nlp.pipe(texts, batch_size=8)),
                warm=lambda: list(nlp.pipe(few, batch_size=8)),
            ),
            Side(
                "pre-tagger (pretag_texts)",
                lambda: list(pretag_texts(items, nlp=nlp)),
                warm=lambda: list(pretag_texts(few_items, nlp=nlp)),
            ),
            Side("entity rules only", lambda: [extract_mentions(doc) for doc in docs]),
            Side("quote rules only", quote_rules),
        ],
        rounds=rounds,
    )
    bare, full, entity_rules, quote_only = sides
    print(
        f"\n{len(texts)} texts, {words:,} words, model {nlp.meta['name']} "
        f"{nlp.meta['version']}, {rounds} rounds, {machine_note()}\n"
    )
    print(table(COMPARISON_HEADERS, comparison_rows(sides[:2], baseline=bare)))
    print()
    rows = [
        ["bare nlp.pipe, words/s", f"{words / walls(bare).median:,.0f}"],
        ["pre-tagger, words/s", f"{words / walls(full).median:,.0f}"],
        ["pre-tagger speed / bare (goal ≥ 0.85)", ratio(bare, full).format()],
        ["pre-tagger CPU speed / bare", ratio(bare, full, by="cpu").format()],
        ["entity rules, share of spaCy time", ratio(entity_rules, bare).format(".1%")],
        ["quote rules, share of spaCy time", ratio(quote_only, bare).format(".1%")],
    ]
    print(table(["measure", "median (min–max)"], rows))


if __name__ == "__main__":
    main()
