"""Assignment and four-eyes refusals, as the people refused see them."""

import pytest
from playwright.sync_api import expect

from apps.annotations.models import EntityMention, Status
from apps.annotations.services import mention_update
from apps.publishing import services

pytestmark = pytest.mark.django_db(transaction=True)


def other_page(page):
    return page.context.browser.new_context(base_url=page.url.split("/articles")[0]).new_page()


def test_assignment_and_four_eyes_refusals(
    page, sign_in, tagged_article, make_user, browser_problems
):
    article = tagged_article(title="Bridge plan")
    ann, rev = make_user("annotator", "ann"), make_user("reviewer", "rev")
    services.workflow_assign(
        article=article, actor=make_user("editor"), annotator=ann, reviewer=rev
    )
    services.annotation_start(article=article, actor=ann)

    # Another annotator may look, but the engine refuses the change and says why.
    sign_in(page, "annotator", "other")
    page.goto(f"/workspace/{article.pk}/")
    expect(page.locator("[data-refusal]")).to_contain_text("in annotation with ann")
    expect(page.locator("[data-workspace][data-ready=true]")).to_be_attached()
    page.locator("[data-ws-text]").focus()
    page.keyboard.press("j")
    page.keyboard.press("a")
    expect(page.locator("[data-error]")).to_contain_text("only its annotator")
    assert EntityMention.objects.filter(article=article, status=Status.SUGGESTED).count() == 1
    assert any("403" in problem for problem in browser_problems)
    browser_problems.clear()

    # An editor following "Correct" gets a page in the layout that says why.
    editor = other_page(page)
    sign_in(editor, "editor", "ed")
    editor.goto(f"/review/articles/{article.pk}/review/")
    editor.get_by_role("link", name="Correct").click()
    expect(editor.locator("[data-refusal]")).to_contain_text("Editors assign that work")
    expect(editor.locator(".site-header")).to_be_visible()
    editor.context.close()

    # The reviewer made every change: four eyes refuses the approval.
    services.workflow_assign(
        article=article, actor=make_user("editor"), annotator=rev, reviewer=rev
    )
    article.refresh_from_db()
    mention = EntityMention.objects.get(article=article, status=Status.SUGGESTED)
    mention_update(
        article_id=article.pk, version=article.version, actor=rev, id=mention.pk, status="accepted"
    )
    services.review_request(article=article, actor=rev)
    reviewer = other_page(page)
    sign_in(reviewer, "reviewer", "rev")
    reviewer.goto(f"/review/articles/{article.pk}/review/")
    reviewer.get_by_role("button", name="Approve and publish").click()
    expect(reviewer.locator(".messages")).to_contain_text("Four eyes")
    expect(reviewer.locator("[data-stage]")).to_have_attribute("data-stage", "in_review")
    reviewer.context.close()
    browser_problems[:] = [p for p in browser_problems if "403" not in p]
