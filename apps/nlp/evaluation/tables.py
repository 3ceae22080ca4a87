"""Scores as plain-text tables and error lists, for the `evaluate` command."""

from __future__ import annotations

import re

from apps.nlp.evaluation.entities import EntityScores
from apps.nlp.evaluation.quotes import QuoteScores
from apps.nlp.types import SPEAKER_TYPES

_SPACE = re.compile(r"\s+")


def _pct(value: float) -> str:
    return f"{100 * value:5.1f}"


def quote_table(scores: QuoteScores) -> str:
    lines = [
        f"{'kind':<9} {'gold':>5} {'pred':>5} {'match':>5} {'P%':>6} {'R%':>6} {'F1%':>6}"
        f" {'speaker%':>9} {'type%':>6} {'fully right':>12}"
    ]
    for kind, row in scores.by_kind.items():
        prf = row.prf
        type_acc = _pct(row.speaker_type_accuracy) if row.speaker_type_checked else "    -"
        fully = f"{row.fully_right}/{prf.gold} {_pct(row.fully_right_share)}"
        lines.append(
            f"{kind:<9} {prf.gold:>5} {prf.predicted:>5} {row.matched:>5} {_pct(prf.precision):>6}"
            f" {_pct(prf.recall):>6} {_pct(prf.f1):>6} {_pct(row.speaker_accuracy):>9}"
            f" {type_acc:>6} {fully:>12}"
        )
    return "\n".join(lines)


def entity_table(scores: EntityScores) -> str:
    lines = [f"{'label':<12} {'gold':>5} {'found':>5} {'pred':>5} {'P%':>6} {'R%':>6} {'F1%':>6}"]
    rows = sorted(scores.by_label.items(), key=lambda item: (-item[1].gold, item[0]))
    for label, prf in [*rows, ("all", scores.overall)]:
        lines.append(
            f"{label:<12} {prf.gold:>5} {prf.found:>5} {prf.predicted:>5} {_pct(prf.precision):>6}"
            f" {_pct(prf.recall):>6} {_pct(prf.f1):>6}"
        )
    lines.append(
        f"clustering: {scores.rows_clustered}/{scores.rows_found} found rows right"
        f" ({_pct(scores.clustering_accuracy).strip()}%)"
    )
    return "\n".join(lines)


def quote_errors(scores: QuoteScores) -> list[str]:
    """One line per miss, spurious prediction, wrong kind or wrong speaker."""

    def short(text: str) -> str:
        text = _SPACE.sub(" ", text)
        return text if len(text) <= 70 else text[:67] + "..."

    lines = []
    for gold in scores.missed:
        lines.append(f"missed   {gold.id} [{gold.kind}] {short(gold.text)!r}")
    for quote in scores.spurious:
        speaker = quote.speaker.text if quote.speaker else None
        lines.append(f"spurious [{quote.kind}] {short(quote.text)!r} speaker={speaker!r}")
    for match in scores.matches:
        quote = match.predicted
        problems = []
        if not match.kind_right:
            problems.append(f"kind {quote.kind} (gold {match.gold.kind})")
        if not match.speaker_right:
            speaker = quote.speaker.text if quote.speaker else None
            problems.append(
                f"speaker {speaker!r}→{quote.speaker_entity!r} (gold {match.gold.speakers[:2]})"
            )
        if (
            match.gold.speaker_type in SPEAKER_TYPES
            and match.gold.speaker_type != quote.speaker_type
        ):
            problems.append(f"speaker type {quote.speaker_type} (gold {match.gold.speaker_type})")
        if not match.cue_right:
            problems.append(
                f"cue {quote.cue.text if quote.cue else None!r} (gold {match.gold.cues})"
            )
        if problems:
            lines.append(f"wrong    {match.gold.id}: " + "; ".join(problems))
    return lines
