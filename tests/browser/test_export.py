import csv
import io
from pathlib import Path

import pytest
from playwright.sync_api import expect

from apps.articles.models import Article, TaggingState
from tests.conftest import SAMPLE_TEXT, run_jobs

pytestmark = pytest.mark.django_db(transaction=True)


def test_annotator_downloads_filtered_entities_for_excel(page, sign_in, make_article):
    make_article(SAMPLE_TEXT, title="Maliki talks", source="Wire")
    make_article("Angela Merkel visited Paris on Friday.", title="Merkel visit", source="Daily")
    run_jobs()
    sign_in(page, "annotator")
    page.get_by_label("Search by title").fill("Merkel")
    page.get_by_role("button", name="Search").click()
    page.get_by_role("link", name="Download annotations").click()
    expect(page.get_by_label("Title contains")).to_have_value("Merkel")
    page.get_by_label("Format").select_option("entities.csv")
    page.get_by_label("Annotations", exact=True).select_option("working")
    page.get_by_label("For Excel (UTF-8 with BOM)").check()
    with page.expect_download() as info:
        page.get_by_role("button", name="Download").click()
    download = info.value
    assert download.suggested_filename.endswith("entities.csv")
    data = Path(download.path()).read_bytes()
    assert data.startswith("\ufeff".encode())
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    assert rows[0][0] == "article_id"
    assert {r[1] for r in rows[1:]} == {"Merkel visit"}
    assert ("Angela Merkel", "PERSON") in {(r[2], r[3]) for r in rows[1:]}


def test_article_page_offers_every_format(page, sign_in, make_article):
    article = make_article(SAMPLE_TEXT, title="Maliki talks")
    run_jobs()
    sign_in(page, "reviewer")
    page.goto(f"/articles/{article.pk}/")
    page.get_by_role("link", name="Other downloads").click()
    expect(page.get_by_text("Of the article")).to_contain_text("Maliki talks")
    page.get_by_label("Format").select_option("entities.conll")
    page.get_by_label("Annotations", exact=True).select_option("working")
    with page.expect_download() as info:
        page.get_by_role("button", name="Download").click()
    text = Path(info.value.path()).read_text(encoding="utf-8")
    assert "Nouri -X- _ B-PERSON" in text


def test_editor_retags_selected_articles(page, sign_in, make_article):
    first = make_article(SAMPLE_TEXT, title="Maliki talks")
    second = make_article("Angela Merkel visited Paris on Friday.", title="Merkel visit")
    run_jobs()
    sign_in(page, "editor")
    page.get_by_role("checkbox", name="Select Maliki talks").check()
    page.get_by_role("button", name="Re-tag selected articles").click()
    expect(page.get_by_role("status")).to_contain_text("queued again for 1 article")
    states = dict(Article.objects.values_list("pk", "tagging_state"))
    assert states == {first.pk: TaggingState.QUEUED, second.pk: TaggingState.DONE}
    # The list refreshes itself until the re-tag is done.
    expect(page.locator("#article-rows[data-refreshing]")).to_be_attached()
    run_jobs()
    expect(page.locator("#article-rows")).not_to_contain_text("queued", ignore_case=True)
    expect(page.locator("#article-rows[data-refreshing]")).to_have_count(0)
