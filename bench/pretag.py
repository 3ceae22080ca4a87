"""Pre-tagger throughput beside bare spaCy on the same texts and model.

    .venv/bin/python bench/pretag.py [--rounds 3] [--copies 8]

Prints words per second for bare `nlp.pipe` and for the whole pre-tagger, their ratio
(goal: >= 0.8), and the share of time the entity and quote rules add on top of spaCy
(goal for quotes: <= 15% of spaCy's own time). Both are measured in the same run,
interleaved, so a busy machine affects both alike.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault("DEBUG", "1")

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


def timed(fn) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--copies", type=int, default=8)
    args = parser.parse_args()

    nlp = get_nlp()
    texts = load_texts(args.copies)
    words = sum(len(t.split()) for t in texts)
    items = [(str(i), t) for i, t in enumerate(texts)]
    list(nlp.pipe(texts[:2]))  # warm up

    bare, full, spacy_only, entity_rules, quote_rules = [], [], [], [], []
    for _ in range(args.rounds):
        bare.append(timed(lambda: list(nlp.pipe(texts, batch_size=8))))
        full.append(timed(lambda: list(pretag_texts(items, nlp=nlp))))
        start = time.perf_counter()
        docs = list(nlp.pipe(texts, batch_size=8))
        spacy_only.append(time.perf_counter() - start)
        start = time.perf_counter()
        mentions = [extract_mentions(doc) for doc in docs]
        entity_rules.append(time.perf_counter() - start)
        start = time.perf_counter()
        for doc, found in zip(docs, mentions, strict=True):
            extract_quotes(doc, found)
        quote_rules.append(time.perf_counter() - start)

    b, f, s = statistics.median(bare), statistics.median(full), statistics.median(spacy_only)
    e, q = statistics.median(entity_rules), statistics.median(quote_rules)
    print(f"texts: {len(texts)}  words: {words:,}  model: {nlp.meta['name']} {nlp.meta['version']}")
    print(f"{'measure':<44}{'value':>14}")
    print(f"{'bare nlp.pipe (words/s)':<44}{words / b:>14,.0f}")
    print(f"{'pre-tagger (words/s)':<44}{words / f:>14,.0f}")
    print(f"{'ratio pre-tagger / bare (goal >= 0.8)':<44}{b / f:>14.3f}")
    print(f"{'entity rules, share of spaCy time':<44}{e / s:>14.1%}")
    print(f"{'quote rules, share of spaCy time (<= 15%)':<44}{q / s:>14.1%}")


if __name__ == "__main__":
    main()
