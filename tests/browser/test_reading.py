import re

import pytest
from playwright.sync_api import expect

from apps.articles.models import Article
from tests.conftest import SAMPLE_TEXT, run_jobs

pytestmark = pytest.mark.django_db(transaction=True)


def test_editor_pastes_an_article_and_watches_it_get_tagged(page, sign_in):
    sign_in(page, "editor")
    page.get_by_role("link", name="Bring in an article").click()
    page.get_by_label("Title").fill("Maliki talks")
    page.get_by_label("Source").fill("Wire")
    page.get_by_label("Body").fill(SAMPLE_TEXT)
    page.get_by_role("button", name="Save and pre-tag").click()

    status = page.get_by_role("status").filter(has_text="Pre-tagging")
    expect(status).to_contain_text("queued")
    run_jobs()  # the worker picks the job up; the page notices without a reload
    expect(page.locator(".tagging")).to_contain_text("Pre-tagged:", timeout=15_000)

    body = page.locator("[data-article-body]")
    # The page's text is exactly the article's body: offsets stay true.
    assert body.text_content() == Article.objects.get().body
    person = body.locator('mark.ent[data-label="PERSON"]').first
    expect(person).to_have_text("Nouri Al Maliki")
    # The label is readable without colour.
    label = person.evaluate("el => getComputedStyle(el, '::after').content")
    assert label == '"PERSON"'

    entity = page.locator("button.entity-toggle", has_text="Nouri Al Maliki")
    expect(entity.locator(".count")).to_have_text("3")
    entity.click()
    expect(entity).to_have_attribute("aria-pressed", "true")
    focused = body.locator("mark.ent.is-focus")
    expect(focused).to_have_count(3)
    expect(focused).to_have_text(["Nouri Al Maliki", "Mr Al Maliki", "Maliki"])
    entity.click()
    expect(body.locator("mark.ent.is-focus")).to_have_count(0)


def test_failed_tagging_shows_the_reason_and_retry_works(page, sign_in, make_article, monkeypatch):
    article = make_article("Jane Doe visited Paris on Monday.")
    monkeypatch.setattr(
        "apps.annotations.services.pretag.pretag_texts",
        lambda *a, **k: (_ for _ in ()).throw(RuntimeError("model exploded")),
    )
    run_jobs()
    monkeypatch.undo()
    sign_in(page, "editor")
    page.goto(f"/articles/{article.pk}/")
    expect(page.locator(".tagging")).to_contain_text(
        "Pre-tagging failed: RuntimeError: model exploded"
    )
    page.get_by_role("button", name="Retry").click()
    expect(page.locator(".tagging")).to_contain_text("queued")
    run_jobs()
    expect(page.locator(".tagging")).to_contain_text("Pre-tagged:", timeout=15_000)


def test_upload_refusal_is_shown_and_nothing_stored(page, sign_in, tmp_path, browser_problems):
    sign_in(page, "editor")
    page.goto("/articles/new/")
    binary = tmp_path / "photo.txt"
    binary.write_bytes(b"\x00\x01\x02\x03" * 50)
    page.get_by_label("File").set_input_files(str(binary))
    page.get_by_role("button", name="Save and pre-tag").click()
    expect(page.get_by_role("alert")).to_contain_text("looks binary")
    assert Article.objects.count() == 0
    # The refused form comes back with status 400, which Chromium logs.
    assert browser_problems == [
        "Failed to load resource: the server responded with a status of 400 (Bad Request)"
    ]
    browser_problems.clear()


def test_list_search_and_sign_out(page, sign_in, make_article):
    make_article(title="Budget talks stall")
    make_article(title="Election results")
    sign_in(page, "annotator")
    expect(page.get_by_role("link", name="Bring in an article")).to_have_count(0)
    page.get_by_placeholder("Search by title").fill("budget")
    page.get_by_role("button", name="Search").click()
    expect(page.locator("table.articles tbody tr")).to_have_count(1)
    expect(page.locator("table.articles")).to_contain_text("Budget talks stall")
    page.get_by_role("button", name="Sign out").click()
    expect(page).to_have_url(re.compile(r"/login/"))
    page.goto("/articles/")
    expect(page).to_have_url(re.compile(r"/login/\?next=/articles/"))
