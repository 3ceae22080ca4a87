"""The dashboard in the real browser: charts drawn under the enforced CSP, tables, a CSV."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from playwright.sync_api import expect

# The hand-counted published set of the insights tests.
from tests.insights.conftest import small_set  # noqa: F401

pytestmark = pytest.mark.django_db(transaction=True)


def test_editor_reads_the_dashboard_and_downloads_a_table(page, sign_in, small_set):  # noqa: F811
    sign_in(page, "editor")
    page.get_by_role("link", name="Insights").click()
    expect(page.get_by_role("heading", name="Insights: who gets quoted")).to_be_visible()
    for key in ("speakers", "speaker-types", "speaker-type-trend", "quote-kinds", "genders"):
        chart = page.locator(f"#panel-{key} [data-chart]")
        expect(chart).to_have_attribute("data-drawn", "true")
        box = chart.locator("canvas").bounding_box()
        assert box and box["width"] > 100 and box["height"] > 100
    speakers = page.get_by_role("table", name="Most-quoted speakers")
    expect(speakers.get_by_role("row")).to_have_count(4)
    expect(speakers.get_by_role("row").nth(1)).to_contain_text("Michael Knights")
    expect(speakers.get_by_role("row").nth(1)).to_contain_text("28.6")

    page.get_by_label("Outlet").fill("Evening Star")
    page.get_by_role("button", name="Show").click()
    expect(speakers.get_by_role("row")).to_have_count(2)
    with page.expect_download() as info:
        page.locator("#panel-speaker-types").get_by_role("link", name="Download CSV").click()
    rows = list(csv.reader(io.StringIO(Path(info.value.path()).read_text(encoding="utf-8"))))
    assert rows[0] == ["Speaker type", "Quotes", "Share (%)"]
    assert ["anonymous", "1", "50.0"] in rows and ["named person", "1", "50.0"] in rows

    page.get_by_role("link", name="Michael Knights").click()
    expect(page.get_by_role("heading", name="Michael Knights")).to_be_visible()
    expect(page.locator("[data-chart]")).to_have_attribute("data-drawn", "true")
    expect(page.get_by_text("fragile", exact=True)).to_be_visible()
