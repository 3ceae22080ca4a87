"""Size curves: how costs grow with the length of one article (10k, 50k, 300k characters).

    .venv/bin/python bench/scale.py [--rounds 3] [--quick] [--sections rules,memory]

Each section measures one cost at every size, the sizes in turn round after round, each run
in a fresh worker-like process (the model loaded, nothing else), and prints the median with
min–max and the cost per character as a ratio to the smallest size (goal: ≤ 1.5 at 300k, a
near-linear cost).

- rules: pre-tag time per character, spaCy (`nlp.pipe` over the article's parts) and the
  entity and quote rules on the joined Doc, apart;
- memory: the peak resident memory of the process pre-tagging the article, and what the
  article added to the process with the model loaded (goal: under 600 MB at 300k).

Sections are independent: add another as a function of the same shape in SECTIONS.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH))
from _measure import Spread, machine_note  # noqa: E402
from _setup import ROOT, table  # noqa: E402

SIZES = (10_000, 50_000, 300_000)


def article_of(chars: int) -> str:
    """One article of about `chars` characters of real news paragraphs, whole paragraphs."""
    sys.path.insert(0, str(ROOT))
    from ingest import make_articles

    from apps.articles.normalise import canonical_body

    paragraphs: list[str] = []
    for article in make_articles(max(2, chars // 3000)):
        paragraphs += article["body"].split("\n\n")
    text = ""
    for paragraph in paragraphs:
        if len(text) + len(paragraph) + 2 > chars:
            break
        text = f"{text}\n\n{paragraph}" if text else paragraph
    return canonical_body(text, "txt")


def child(chars: int) -> None:
    """Runs in a fresh process: pre-tag one article and print what it cost, as JSON."""
    import resource
    import time

    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    from spacy.tokens import Doc

    from apps.nlp.entities import extract_mentions
    from apps.nlp.pipeline import get_nlp, text_segments
    from apps.nlp.quotes import extract_quotes

    text = article_of(chars)
    nlp = get_nlp()
    list(nlp.pipe(["Warm the model up once, as a worker does."]))
    loaded = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    started = time.perf_counter()
    doc = Doc.from_docs(list(nlp.pipe(text_segments(text), batch_size=8)), ensure_whitespace=False)
    parsed = time.perf_counter()
    mentions = extract_mentions(doc)
    extract_quotes(doc, mentions)
    done = time.perf_counter()
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        json.dumps(
            {
                "chars": len(text),
                "spacy": parsed - started,
                "rules": done - parsed,
                "loaded_mb": loaded,
                "peak_mb": peak,
            }
        )
    )


def run_child(chars: int) -> dict:
    output = subprocess.run(
        [sys.executable, __file__, "--child", str(chars)],
        check=True,
        capture_output=True,
        text=True,
        cwd=ROOT,
    ).stdout
    return json.loads(output.strip().splitlines()[-1])


def measure(rounds: int) -> dict[int, list[dict]]:
    """Every size once per round, in turn; one fresh process per run."""
    runs: dict[int, list[dict]] = {size: [] for size in SIZES}
    for _ in range(rounds):
        for size in SIZES:
            runs[size].append(run_child(size))
    return runs


def per_char_rows(runs: dict[int, list[dict]], key: str) -> list[list[object]]:
    smallest = statistics.median(r[key] / r["chars"] for r in runs[SIZES[0]])
    rows = []
    for size in SIZES:
        per_char = Spread.of([r[key] / r["chars"] * 1e6 for r in runs[size]])
        seconds = Spread.of([r[key] for r in runs[size]])
        growth = Spread.of([r[key] / r["chars"] / smallest for r in runs[size]])
        rows.append([f"{size:,}", seconds.format(), per_char.format(".2f"), growth.format(".2f")])
    return rows


def section_rules(runs: dict[int, list[dict]]) -> str:
    headers = ["characters", "seconds", "µs per character", "per character vs 10k"]
    return (
        "spaCy (parts through nlp.pipe, joined)\n\n"
        + table(headers, per_char_rows(runs, "spacy"))
        + "\n\nentity and quote rules on the joined Doc\n\n"
        + table(headers, per_char_rows(runs, "rules"))
    )


def section_memory(runs: dict[int, list[dict]]) -> str:
    rows = []
    for size in SIZES:
        peak = Spread.of([r["peak_mb"] for r in runs[size]])
        added = Spread.of([r["peak_mb"] - r["loaded_mb"] for r in runs[size]])
        rows.append([f"{size:,}", peak.format(".0f"), added.format(".0f")])
    return table(["characters", "peak RSS MB (goal < 600)", "added by the article, MB"], rows)


SECTIONS: dict[str, Callable[[dict[int, list[dict]]], str]] = {
    "rules": section_rules,
    "memory": section_memory,
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--quick", action="store_true", help="one round")
    parser.add_argument("--sections", default=",".join(SECTIONS))
    parser.add_argument("--child", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.child)
        return
    rounds = 1 if args.quick else args.rounds
    runs = measure(rounds)
    print(f"\nOne article per size, {rounds} round(s), a fresh process per run, {machine_note()}")
    for name in args.sections.split(","):
        print(f"\n## {name}\n")
        print(SECTIONS[name](runs))


if __name__ == "__main__":
    main()
