"""Pre-tagger throughput beside bare spaCy on the same texts and model.

    .venv/bin/python bench/pretag.py [--rounds 5] [--copies 8] [--registry 10000] [--quick]

Three sides run in turn, round after round (bench/_measure.py): bare `nlp.pipe`, the whole
pre-tagger, and the pre-tagger with a registry of `--registry` entries (names and aliases
the newsroom taught it, matched in every text). Prints wall and CPU time, each side's speed
as a ratio to bare spaCy (goal: >= 0.85 with the registry), and the share of spaCy's time
the entity and quote rules add.
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
sys.path.insert(0, str(Path(__file__).resolve().parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault("DEBUG", "1")

from _measure import COMPARISON_HEADERS, Side, alternate, comparison_rows, machine_note  # noqa: E402
from _setup import table  # noqa: E402

from apps.articles.normalise import canonical_body  # noqa: E402
from apps.nlp.entities import extract_mentions  # noqa: E402
from apps.nlp.knowledge import Knowledge, RegistryName  # noqa: E402
from apps.nlp.pipeline import get_nlp, pretag_texts  # noqa: E402
from apps.nlp.quotes import extract_quotes  # noqa: E402


def load_texts(copies: int) -> list[str]:
    sources = [ROOT / "apps" / "articles" / "demo" / "maliki-sanctions.txt"]
    sources += sorted((ROOT / "tests" / "data").glob("*.txt"))
    texts = [canonical_body(p.read_text(encoding="utf-8"), "txt") for p in sources]
    # Copies differ by a prefix so nothing can be cached between them.
    return [f"Edition {i}. {text}" for i in range(copies) for text in texts]


def registry(size: int) -> Knowledge:
    """A registry of `size` entries with an alias each, some of them names in the texts."""
    real = [
        RegistryName(1, "Nouri al-Maliki", "PERSON", ("Nouri Al Maliki", "Maliki")),
        RegistryName(2, "United Nations", "ORG", ("UN", "U.N.")),
        RegistryName(3, "Baghdad", "GPE"),
    ]
    first = ["Ana", "Omar", "Lena", "Kofi", "Mira", "Tomas", "Ines", "Yusuf", "Petra", "Raj"]
    last = ["Okafor", "Lindqvist", "Haddad", "Moreau", "Tanaka", "Novak", "Silva", "Kaur"]
    made = [
        RegistryName(
            10 + n,
            f"{first[n % 10]} {last[n // 10 % 8]}-{n}",
            "PERSON" if n % 3 else "ORG",
            (f"{last[n // 10 % 8]} Group {n}",),
        )
        for n in range(max(0, size - len(real)))
    ]
    return Knowledge(registry=tuple(real + made))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--copies", type=int, default=8)
    parser.add_argument("--registry", type=int, default=10_000)
    parser.add_argument("--quick", action="store_true", help="3 rounds of 4 copies")
    args = parser.parse_args()
    if args.quick:
        args.rounds, args.copies = 3, 4

    nlp = get_nlp()
    texts = load_texts(args.copies)
    words = sum(len(t.split()) for t in texts)
    items = [(str(i), t) for i, t in enumerate(texts)]
    knowledge = registry(args.registry)
    list(pretag_texts(items[:1], nlp=nlp, knowledge=knowledge))  # builds the registry matcher

    bare = Side("bare nlp.pipe", lambda: list(nlp.pipe(texts, batch_size=8)))
    full = Side("pre-tagger", lambda: list(pretag_texts(items, nlp=nlp)))
    taught = Side(
        f"pre-tagger + registry of {args.registry:,}",
        lambda: list(pretag_texts(items, nlp=nlp, knowledge=knowledge)),
    )
    alternate([bare, full, taught], rounds=args.rounds)

    # The rules' own share of spaCy's time, on parsed documents.
    docs = list(nlp.pipe(texts, batch_size=8))
    spacy_time = statistics.median(s.wall for s in bare.samples)
    start = time.perf_counter()
    mentions = [extract_mentions(doc) for doc in docs]
    entity_time = time.perf_counter() - start
    start = time.perf_counter()
    for doc, found in zip(docs, mentions, strict=True):
        extract_quotes(doc, found)
    quote_time = time.perf_counter() - start

    print(f"texts: {len(texts)}  words: {words:,}  model: {nlp.meta['name']} {nlp.meta['version']}")
    print(f"{args.rounds} rounds, sides in turn; {machine_note()}")
    print(table(COMPARISON_HEADERS, comparison_rows([bare, full, taught], baseline=bare)))
    print(f"bare nlp.pipe: {words / spacy_time:,.0f} words/s")
    print(f"entity rules: {entity_time / spacy_time:.1%} of spaCy's time")
    print(f"quote rules: {quote_time / spacy_time:.1%} of spaCy's time")
    print("Goal: the pre-tagger with the registry at >= 0.85 of bare nlp.pipe.")


if __name__ == "__main__":
    main()
