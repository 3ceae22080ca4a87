"""Precision, recall and F1 counts, shared by the quote and entity scores."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(slots=True)
class PRF:
    """Precision over predictions, recall over gold. The two numerators differ only for
    entities, where a prediction with an `also` label is right for its own label's precision
    and finds the gold row for the row's label's recall."""

    correct: int = 0  # predictions that are right
    predicted: int = 0
    found: int = 0  # gold items that were found
    gold: int = 0

    @property
    def precision(self) -> float:
        return self.correct / self.predicted if self.predicted else 0.0

    @property
    def recall(self) -> float:
        return self.found / self.gold if self.gold else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def add(self, other: PRF) -> None:
        self.correct += other.correct
        self.predicted += other.predicted
        self.found += other.found
        self.gold += other.gold
