"""Entity forms and their grouping scored against the gold rows (see __init__.py)."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from apps.nlp.evaluation.gold import GoldEntity, normalise_name
from apps.nlp.evaluation.measures import PRF
from apps.nlp.types import FoundMention

# Entity labels the gold leaves out: dates, times, numbers and money.
UNSCORED_LABELS = frozenset({"DATE", "TIME", "MONEY", "PERCENT", "QUANTITY", "CARDINAL", "ORDINAL"})


@dataclass(slots=True)
class EntityScores:
    by_label: dict[str, PRF]
    rows_found: int = 0  # gold rows with at least one found form
    rows_clustered: int = 0  # of those, rows whose clustering is right
    missed: list[tuple[str, str]] = field(default_factory=list)  # (label, form)
    spurious: list[tuple[str, str]] = field(default_factory=list)  # (label, form)
    split: list[str] = field(default_factory=list)  # rows whose forms got several entities
    merged: list[str] = field(default_factory=list)  # rows sharing an entity with another row

    @property
    def overall(self) -> PRF:
        total = PRF()
        for prf in self.by_label.values():
            total.add(prf)
        return total

    @property
    def clustering_accuracy(self) -> float:
        return self.rows_clustered / self.rows_found if self.rows_found else 0.0


def score_entities(gold: list[GoldEntity], predicted: list[FoundMention]) -> EntityScores:
    by_label: dict[str, PRF] = defaultdict(PRF)
    scores = EntityScores(by_label=by_label)
    # Distinct predictions: (normalised form, label) → canonical entities seen for it.
    predictions: dict[tuple[str, str], set[str]] = defaultdict(set)
    surface: dict[tuple[str, str], str] = {}
    for mention in predicted:
        if mention.label in UNSCORED_LABELS:
            continue
        key = (normalise_name(mention.text), mention.label)
        predictions[key].add(mention.entity)
        surface.setdefault(key, mention.text)

    acceptable: set[tuple[str, str]] = set()
    for row in gold:
        for form in row.forms:
            for label in row.labels:
                acceptable.add((normalise_name(form), label))

    row_entities: list[set[str]] = []
    for row in gold:
        entities: set[str] = set()
        for form in dict.fromkeys(normalise_name(f) for f in row.forms):
            by_label[row.label].gold += 1
            hits = [
                predictions[(form, label)] for label in row.labels if (form, label) in predictions
            ]
            if hits:
                by_label[row.label].found += 1
                for hit in hits:
                    entities |= hit
            else:
                scores.missed.append((row.label, form))
        row_entities.append(entities)

    for key in predictions:
        by_label[key[1]].predicted += 1
        if key in acceptable:
            by_label[key[1]].correct += 1
        else:
            scores.spurious.append((key[1], surface[key]))

    owners: Counter = Counter()
    for entities in row_entities:
        owners.update(entities)
    for row, entities in zip(gold, row_entities, strict=True):
        if not entities:
            continue
        scores.rows_found += 1
        if len(entities) > 1:
            scores.split.append(row.name)
        elif owners[next(iter(entities))] > 1:
            scores.merged.append(row.name)
        else:
            scores.rows_clustered += 1
    scores.by_label = dict(by_label)
    return scores


def combine_entity_scores(parts: Iterable[EntityScores]) -> EntityScores:
    total = EntityScores(by_label={})
    for part in parts:
        for label, prf in part.by_label.items():
            total.by_label.setdefault(label, PRF()).add(prf)
        total.rows_found += part.rows_found
        total.rows_clustered += part.rows_clustered
        total.missed.extend(part.missed)
        total.spurious.extend(part.spurious)
        total.split.extend(part.split)
        total.merged.extend(part.merged)
    return total
