"""Scoring the pre-tagger against gold files; pure functions, no Django.

Gold files come in two shapes, both JSON with a `document` (the article's file name) and an
`about` text:

- `*.quotes.json`: `quotes`, each with `id`, `kind` (direct, partial, indirect), `text` (the
  quote without its quotation marks), `speaker` (every acceptable surface form of the
  speaker; an empty list means the quote has no speaker, as scare quotes have),
  `speaker_type`, and optionally `cue` (acceptable cue words).
- `*.entities.json`: `entities`, one row per real-world thing with `name`, `label`,
  optional `also` (other acceptable labels) and `forms` (every surface form in the article).

How quotes are matched
----------------------
Quote texts are compared after normalising: quotation marks and apostrophes removed, runs of
whitespace made one space, case folded, punctuation at either end dropped. A predicted quote
matches a gold quote when the normalised texts are equal, or when their word tokens overlap
enough: the shared tokens (counted as multisets) must make up at least `min_overlap` (0.8 by
default) of the tokens of the *longer* of the two. So a prediction may miss or add about one
word in five, but a quote that swallows its neighbour, or covers half of the gold quote, does
not match. Pairs are matched one to one, best overlap first, regardless of kind.

Per kind, a true positive is a matched pair whose predicted kind is the gold kind: precision
is over the predictions of that kind, recall over the gold quotes of that kind. The "all" row
ignores kind. Speaker accuracy is over matched pairs: the predicted speaker mention's text or
its entity is one of the gold forms (case, full stops and a possessive 's aside). A quote is
fully right when it is matched with the right kind, the right speaker and, where the gold
gives a cue, the right cue; the share is over all gold quotes.

How entities are scored
-----------------------
As the gold `about` says: a gold (row, form) counts as found when a predicted mention has
that surface form (possessive 's aside) and the row's label or one of its `also` labels.
Dates, times, numbers and money are left out on both sides. Gold lists forms, not
occurrences, so predictions are counted once per distinct (form, label): one is correct when
some gold row with that label (or `also` label) lists the form. Per label, precision is over
the predictions with that label and recall over the forms of rows with that label.
Clustering is right for a row when all its found forms share one predicted canonical entity
and no other row's found forms share that entity.
"""

from __future__ import annotations

import json
import re
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from apps.nlp.types import QUOTE_KINDS, SPEAKER_TYPES, FoundMention, FoundQuote

DEFAULT_MIN_OVERLAP = 0.8
# Entity labels the gold leaves out: dates, times, numbers and money.
UNSCORED_LABELS = frozenset({"DATE", "TIME", "MONEY", "PERCENT", "QUANTITY", "CARDINAL", "ORDINAL"})

_QUOTE_MARKS = re.compile(r"``|''|[\"'“”‘’«»„‚‹›`´]")
_SPACE = re.compile(r"\s+")
_EDGE = " .,;:!?…—–-()[]"
_WORD = re.compile(r"\w+")
_POSSESSIVE = re.compile(r"(?:['’]s|(?<=s)['’])$")


# --- gold files -----------------------------------------------------------------------------


@dataclass(slots=True)
class GoldQuote:
    id: str
    kind: str
    text: str
    speakers: list[str]
    speaker_type: str = ""
    cues: list[str] = field(default_factory=list)


@dataclass(slots=True)
class GoldEntity:
    name: str
    label: str
    forms: list[str]
    also: list[str] = field(default_factory=list)

    @property
    def labels(self) -> set[str]:
        return {self.label, *self.also}


@dataclass(slots=True)
class GoldFile:
    path: Path
    document: str
    quotes: list[GoldQuote] | None = None
    entities: list[GoldEntity] | None = None


class GoldError(ValueError):
    """A gold file that cannot be read; the message names the file and the problem."""


def load_gold(path: str | Path) -> GoldFile:
    path = Path(path)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise GoldError(f"{path}: {exc}") from exc
    if not isinstance(data, dict) or not isinstance(data.get("document"), str):
        raise GoldError(f"{path}: expected an object with a 'document' name")
    gold = GoldFile(path=path, document=data["document"])
    try:
        if "quotes" in data:
            gold.quotes = [_gold_quote(item, index) for index, item in enumerate(data["quotes"])]
        if "entities" in data:
            gold.entities = [
                GoldEntity(
                    name=item["name"],
                    label=item["label"],
                    forms=list(item["forms"]),
                    also=list(item.get("also") or []),
                )
                for item in data["entities"]
            ]
    except (KeyError, TypeError) as exc:
        raise GoldError(f"{path}: malformed gold row ({exc!r})") from exc
    if gold.quotes is None and gold.entities is None:
        raise GoldError(f"{path}: neither 'quotes' nor 'entities'")
    return gold


def _gold_quote(item: dict, index: int) -> GoldQuote:
    kind = item["kind"]
    if kind not in QUOTE_KINDS:
        raise KeyError(f"unknown kind {kind!r}")
    speakers = item.get("speaker") or []
    cues = item.get("cue") or []
    return GoldQuote(
        id=str(item.get("id", index + 1)),
        kind=kind,
        text=item["text"],
        speakers=[speakers] if isinstance(speakers, str) else list(speakers),
        speaker_type=item.get("speaker_type", ""),
        cues=[cues] if isinstance(cues, str) else list(cues),
    )


# --- normalisation --------------------------------------------------------------------------


def normalise_quote_text(text: str) -> str:
    text = _QUOTE_MARKS.sub("", text)
    text = _SPACE.sub(" ", text).casefold()
    return text.strip(_EDGE)


def quote_tokens(text: str) -> list[str]:
    return _WORD.findall(normalise_quote_text(text))


def normalise_name(text: str) -> str:
    text = _SPACE.sub(" ", text.replace(".", " ")).strip(_EDGE + "\"'“”‘’")
    text = _POSSESSIVE.sub("", text).strip()
    return text.replace("’", "'").casefold()


def token_overlap(gold: str, predicted: str) -> float:
    """Shared word tokens as a share of the longer text's tokens (0 to 1)."""
    if normalise_quote_text(gold) == normalise_quote_text(predicted):
        return 1.0
    gold_tokens, predicted_tokens = Counter(quote_tokens(gold)), Counter(quote_tokens(predicted))
    longer = max(sum(gold_tokens.values()), sum(predicted_tokens.values()))
    if not longer:
        return 0.0
    return sum((gold_tokens & predicted_tokens).values()) / longer


# --- scores ---------------------------------------------------------------------------------


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


# --- entities -------------------------------------------------------------------------------


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


# --- tables ---------------------------------------------------------------------------------


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
