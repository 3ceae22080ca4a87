"""The quality bar on the sample article, through the `evaluate` command a newsroom runs."""

import io
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

DEMO = Path(__file__).resolve().parents[2] / "apps" / "articles" / "demo"


def evaluate(*args: str) -> str:
    out = io.StringIO()
    call_command("evaluate", *args, stdout=out)
    return out.getvalue()


def test_sample_article_meets_the_quote_and_entity_bars():
    table = evaluate(
        str(DEMO / "maliki-sanctions.quotes.json"),
        str(DEMO / "maliki-sanctions.entities.json"),
        "--min-direct-f1", "1.0",
        "--min-speaker-accuracy", "0.95",
        "--min-fully-right", "0.89",
        "--min-partial-f1", "0.75",
        "--min-indirect-f1", "0.7",
        "--min-entity-f1", "0.75",
    )  # fmt: skip
    direct = next(line for line in table.splitlines() if line.startswith("direct"))
    assert "15/15" in direct


def test_thresholds_that_are_not_met_fail_the_command():
    with pytest.raises((CommandError, SystemExit)):
        evaluate(str(DEMO / "maliki-sanctions.quotes.json"), "--min-indirect-f1", "1.0")
