"""Entity accuracy of the pre-tagger beside bare spaCy with a four-rule span clean-up.

    .venv/bin/python bench/entity_baseline.py [GOLD_DIR] [--errors]

The baseline is the model's own entities with four fixes to their spans: split at line
breaks, strip punctuation at either edge, drop a leading "the" and a trailing possessive.
Both sides are scored with `apps.nlp.evaluation.score_entities` against the gold
`*.entities.json` of GOLD_DIR (default: the shared development set). Prints P/R/F1 per
label for both; with --errors, the pre-tagger's missed and spurious forms.
"""

from __future__ import annotations

import argparse
import re
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from apps.nlp import evaluation  # noqa: E402
from apps.nlp.entities import extract_mentions  # noqa: E402
from apps.nlp.pipeline import get_nlp  # noqa: E402
from apps.nlp.types import FoundMention  # noqa: E402

DEFAULT_GOLD = ROOT.parent / "shared" / "data" / "devset"
_EDGE = "\"'“”‘’«»()[]{}<>.,;:!?—–-*_ \t"
_POSSESSIVE = re.compile(r"(?:['’]s|(?<=s)['’])$")


def baseline_mentions(doc) -> list[FoundMention]:
    """The model's entities with the four span fixes; each mention is its own entity."""
    text = doc.text
    found = []
    for ent in doc.ents:
        offset = ent.start_char
        for piece in re.split(r"(\n+)", ent.text):
            start, end = offset, offset + len(piece)
            offset = end
            if "\n" in piece:
                continue
            while start < end and text[start] in _EDGE:
                start += 1
            while start < end and text[end - 1] in _EDGE:
                end -= 1
            if text[start:end].lower().startswith("the "):
                start += 4
            match = _POSSESSIVE.search(text[start:end])
            if match:
                end -= len(match.group())
            if start < end:
                surface = text[start:end]
                found.append(FoundMention(start, end, ent.label_, surface, surface))
    return found


def scored(gold_dir: Path):
    nlp = get_nlp()
    ours, base = [], []
    for gold_path in sorted(gold_dir.glob("*.entities.json")):
        gold = evaluation.load_gold(gold_path)
        text = (gold_dir / gold.document).read_text(encoding="utf-8")
        doc = nlp(text)
        ours.append(
            (
                gold_path.name,
                evaluation.score_entities(
                    gold.entities, extract_mentions(doc, titles_in_span=False)
                ),
            )
        )
        base.append(evaluation.score_entities(gold.entities, baseline_mentions(doc)))
    return ours, evaluation.combine_entity_scores(base)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("gold", nargs="?", type=Path, default=DEFAULT_GOLD)
    parser.add_argument("--errors", action="store_true")
    args = parser.parse_args()
    ours, base = scored(args.gold)
    total = evaluation.combine_entity_scores(part for _, part in ours)
    print("Baseline (bare model, four-rule span clean-up)")
    print(evaluation.entity_table(base))
    print("\nPre-tagger")
    print(evaluation.entity_table(total))
    print(
        f"\nentity F1: pre-tagger {100 * total.overall.f1:.1f}"
        f" vs baseline {100 * base.overall.f1:.1f}"
    )
    if args.errors:
        for name, part in ours:
            print(f"\n== {name}")
            for label, form in part.missed:
                print(f"  missed   {label:<12} {form}")
            for label, form in part.spurious:
                print(f"  spurious {label:<12} {form}")
            for row in part.split:
                print(f"  split    {row}")
            for row in part.merged:
                print(f"  merged   {row}")
        labels = Counter(label for _, part in ours for label, _ in part.spurious)
        print("\nspurious by label:", dict(labels.most_common()))


if __name__ == "__main__":
    main()
