"""Two people in one article: different items both apply, the same item still conflicts."""

import pytest
from playwright.sync_api import expect

from apps.annotations.models import EntityMention
from apps.articles.models import Article
from tests.browser.test_workspace import open_workspace, sample, saved

pytestmark = pytest.mark.django_db(transaction=True)


def test_different_items_apply_and_the_same_item_conflicts(
    browser, live_server, sign_in, make_article, page, browser_problems
):
    article = sample(make_article)
    sign_in(page, "annotator", "ann")
    other = browser.new_context(base_url=live_server.url).new_page()
    sign_in(other, "reviewer", "rev")
    open_workspace(page, article)
    open_workspace(other, article)
    expect(other.locator("[data-presence]")).to_have_text("ann is also editing.")

    page.locator("[data-ws-text] mark", has_text="Baghdad").click()
    page.keyboard.press("a")
    saved(page, 2)
    # The reviewer, still at version 1, relabels Monday: another item, so it applies, and
    # the annotator's change arrives with the answer.
    other.locator("[data-ws-text] mark", has_text="Monday").click()
    other.keyboard.press("3")
    saved(other, 3)
    expect(other.locator("[data-conflict]")).to_be_hidden()
    expect(other.locator("[data-ws-text] mark.is-accepted")).to_have_text(["Baghdad"])
    assert EntityMention.objects.get(text="Monday").label == "GPE"

    # The annotator, at version 2, rejects Monday, which the reviewer changed: a conflict.
    page.locator("[data-ws-text] mark", has_text="Monday").click()
    page.keyboard.press("r")
    expect(page.locator("[data-conflict]")).to_be_visible()
    expect(page.locator("[data-conflict]")).to_contain_text("rev")
    assert EntityMention.objects.get(text="Monday").status == "suggested"
    assert Article.objects.get().version == 3
    other.context.close()
    assert browser_problems == [
        "Failed to load resource: the server responded with a status of 409 (Conflict)"
    ]
    browser_problems.clear()
