"""Quotes matched one to one against the gold, scored per kind (see __init__.py)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from apps.nlp.evaluation.gold import (
    DEFAULT_MIN_OVERLAP,
    GoldQuote,
    normalise_name,
    quote_tokens,
    token_overlap,
)
from apps.nlp.evaluation.measures import PRF
from apps.nlp.types import QUOTE_KINDS, SPEAKER_TYPES, FoundQuote


@dataclass(slots=True)
class KindScores:
    prf: PRF = field(default_factory=PRF)
    matched: int = 0  # matched pairs (by gold kind; for "all", every matched pair)
    speaker_right: int = 0
    speaker_type_checked: int = 0
    speaker_type_right: int = 0
    fully_right: int = 0

    @property
    def speaker_accuracy(self) -> float:
        return self.speaker_right / self.matched if self.matched else 0.0

    @property
    def speaker_type_accuracy(self) -> float:
        checked = self.speaker_type_checked
        return self.speaker_type_right / checked if checked else 0.0

    @property
    def fully_right_share(self) -> float:
        return self.fully_right / self.prf.gold if self.prf.gold else 0.0

    def add(self, other: KindScores) -> None:
        self.prf.add(other.prf)
        self.matched += other.matched
        self.speaker_right += other.speaker_right
        self.speaker_type_checked += other.speaker_type_checked
        self.speaker_type_right += other.speaker_type_right
        self.fully_right += other.fully_right


@dataclass(slots=True)
class QuoteMatch:
    gold: GoldQuote
    predicted: FoundQuote
    overlap: float
    kind_right: bool
    speaker_right: bool
    cue_right: bool

    @property
    def fully_right(self) -> bool:
        return self.kind_right and self.speaker_right and self.cue_right


@dataclass(slots=True)
class QuoteScores:
    by_kind: dict[str, KindScores]
    matches: list[QuoteMatch] = field(default_factory=list)
    missed: list[GoldQuote] = field(default_factory=list)
    spurious: list[FoundQuote] = field(default_factory=list)

    @property
    def overall(self) -> KindScores:
        return self.by_kind["all"]


def empty_quote_scores() -> QuoteScores:
    return QuoteScores(by_kind={kind: KindScores() for kind in (*QUOTE_KINDS, "all")})


def speaker_is_right(gold: GoldQuote, predicted: FoundQuote) -> bool:
    if not gold.speakers:
        return predicted.speaker is None
    forms = {normalise_name(s) for s in gold.speakers}
    names = [predicted.speaker.text if predicted.speaker else None, predicted.speaker_entity]
    return any(name and normalise_name(name) in forms for name in names)


def cue_is_right(gold: GoldQuote, predicted: FoundQuote) -> bool:
    if not gold.cues:
        return True
    if predicted.cue is None:
        return False
    return predicted.cue.text.casefold() in {c.casefold() for c in gold.cues}


def match_quotes(
    gold: list[GoldQuote], predicted: list[FoundQuote], *, min_overlap: float = DEFAULT_MIN_OVERLAP
) -> tuple[list[tuple[int, int, float]], list[int], list[int]]:
    """One-to-one matching, best overlap first: (gold index, predicted index, overlap) pairs,
    then the unmatched gold and predicted indices."""
    gold_tokens = [set(quote_tokens(g.text)) for g in gold]
    pairs = []
    for p_index, quote in enumerate(predicted):
        p_tokens = set(quote_tokens(quote.text))
        for g_index, g in enumerate(gold):
            if not gold_tokens[g_index] & p_tokens and gold_tokens[g_index]:
                continue  # cheap skip: no shared word at all
            overlap = token_overlap(g.text, quote.text)
            if overlap >= min_overlap:
                pairs.append((overlap, g_index, p_index))
    pairs.sort(key=lambda t: (-t[0], t[1], t[2]))
    used_gold: set[int] = set()
    used_predicted: set[int] = set()
    matched = []
    for overlap, g_index, p_index in pairs:
        if g_index in used_gold or p_index in used_predicted:
            continue
        used_gold.add(g_index)
        used_predicted.add(p_index)
        matched.append((g_index, p_index, overlap))
    missed = [i for i in range(len(gold)) if i not in used_gold]
    spurious = [i for i in range(len(predicted)) if i not in used_predicted]
    return matched, missed, spurious


def score_quotes(
    gold: list[GoldQuote], predicted: list[FoundQuote], *, min_overlap: float = DEFAULT_MIN_OVERLAP
) -> QuoteScores:
    scores = empty_quote_scores()
    by_kind = scores.by_kind
    for quote in gold:
        by_kind[quote.kind].prf.gold += 1
        by_kind["all"].prf.gold += 1
    for quote in predicted:
        if quote.kind in by_kind:
            by_kind[quote.kind].prf.predicted += 1
        by_kind["all"].prf.predicted += 1
    pairs, missed, spurious = match_quotes(gold, predicted, min_overlap=min_overlap)
    for g_index, p_index, overlap in pairs:
        g, p = gold[g_index], predicted[p_index]
        match = QuoteMatch(
            gold=g,
            predicted=p,
            overlap=overlap,
            kind_right=g.kind == p.kind,
            speaker_right=speaker_is_right(g, p),
            cue_right=cue_is_right(g, p),
        )
        scores.matches.append(match)
        for row in (by_kind[g.kind], by_kind["all"]):
            row.matched += 1
            row.speaker_right += match.speaker_right
            if g.speaker_type in SPEAKER_TYPES:
                row.speaker_type_checked += 1
                row.speaker_type_right += g.speaker_type == p.speaker_type
            row.fully_right += match.fully_right
        for row in (by_kind["all"], *([by_kind[g.kind]] if match.kind_right else [])):
            row.prf.correct += 1
            row.prf.found += 1
    scores.missed = [gold[i] for i in missed]
    scores.spurious = [predicted[i] for i in spurious]
    return scores


def combine_quote_scores(parts: Iterable[QuoteScores]) -> QuoteScores:
    total = empty_quote_scores()
    for part in parts:
        for kind, row in part.by_kind.items():
            total.by_kind[kind].add(row)
        total.matches.extend(part.matches)
        total.missed.extend(part.missed)
        total.spurious.extend(part.spurious)
    return total
