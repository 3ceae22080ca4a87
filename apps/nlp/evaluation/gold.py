"""Gold files and the text normalisation both sides are compared under."""

from __future__ import annotations

import json
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from apps.nlp.types import QUOTE_KINDS

DEFAULT_MIN_OVERLAP = 0.8

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
