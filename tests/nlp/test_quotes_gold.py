"""The extractor against the gold articles in tests/data, through the real pre-tagger.

Each article exercises the constructions of quote extraction together, as news copy does;
the thresholds are floors to catch regressions, not targets.
"""

from pathlib import Path

import pytest

from apps.articles.normalise import canonical_body
from apps.nlp import evaluation
from apps.nlp.pipeline import get_nlp, pretag_texts

DATA = Path(__file__).resolve().parent.parent / "data"
GOLD_FILES = sorted(DATA.glob("*.quotes.json"))


@pytest.fixture(scope="module")
def scores():
    golds = [evaluation.load_gold(path) for path in GOLD_FILES]
    items = [
        (gold.document, canonical_body((DATA / gold.document).read_text(encoding="utf-8"), "txt"))
        for gold in golds
    ]
    results = {r.id: r for r in pretag_texts(items, nlp=get_nlp())}
    return evaluation.combine_quote_scores(
        evaluation.score_quotes(gold.quotes, results[gold.document].quotes) for gold in golds
    )


def test_there_are_gold_articles():
    assert len(GOLD_FILES) >= 3


def test_direct_quotes(scores):
    direct = scores.by_kind["direct"]
    assert direct.prf.f1 >= 0.95
    assert direct.speaker_accuracy >= 0.95


def test_partial_quotes(scores):
    assert scores.by_kind["partial"].prf.recall >= 0.9


def test_indirect_quotes(scores):
    assert scores.by_kind["indirect"].prf.f1 >= 0.8


def test_fully_right(scores):
    assert scores.overall.fully_right_share >= 0.9
