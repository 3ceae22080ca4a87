import re

import pytest
from playwright.sync_api import expect

from apps.publishing.models import PublishedVersion, Workflow

pytestmark = pytest.mark.django_db(transaction=True)


def test_review_publish_read_and_retract(
    page, sign_in, tagged_article, make_user, browser_problems
):
    article = tagged_article(title="Bridge plan")
    annotator = make_user("annotator")
    reviewer = make_user("reviewer")

    # The editor assigns the work.
    sign_in(page, "editor")
    page.goto(f"/review/articles/{article.pk}/review/")
    page.get_by_label("Annotator").select_option(label=annotator.username)
    page.get_by_label("Reviewer").select_option(label=reviewer.username)
    page.get_by_role("button", name="Assign").click()
    expect(page.get_by_role("status")).to_contain_text("Assignment saved")

    # The annotator takes the next article with one key and sends it to review.
    annotator_page = page.context.browser.new_context(
        base_url=page.url.split("/review")[0]
    ).new_page()
    sign_in(annotator_page, "annotator")
    annotator_page.goto("/review/work/")
    expect(annotator_page.locator("table.articles")).to_contain_text("Bridge plan")
    annotator_page.keyboard.press("n")
    annotator_page.wait_for_url(re.compile(r"/(workspace|articles)/"))
    assert Workflow.objects.get(article=article).stage == "in_annotation"
    annotator_page.goto(f"/review/articles/{article.pk}/review/")
    annotator_page.get_by_role("button", name="Send to review").click()
    expect(annotator_page.locator("[data-stage]")).to_have_attribute("data-stage", "in_review")
    annotator_page.context.close()

    # The reviewer approves: a public page and the API show version 1.
    reviewer_page = page.context.browser.new_context(
        base_url=page.url.split("/review")[0]
    ).new_page()
    sign_in(reviewer_page, "reviewer")
    reviewer_page.goto("/review/work/")
    reviewer_page.get_by_role("button", name="Take the next article").click()
    reviewer_page.get_by_role("button", name="Approve and publish").click()
    expect(reviewer_page.get_by_role("status")).to_contain_text("Approved and published")
    reviewer_page.get_by_role("link", name="public page").click()
    expect(reviewer_page.locator("h1")).to_have_text("Bridge plan")
    expect(reviewer_page.locator(".meta")).to_contain_text("version 1")
    expect(reviewer_page.locator("mark.ent")).to_have_text(["Michael Knights"])
    reviewer_page.context.close()
    assert PublishedVersion.objects.get().number == 1

    # The editor retracts with a reason; readers see the reason, not the article.
    page.goto(f"/review/articles/{article.pk}/review/")
    page.get_by_label("Reason for retraction").fill("The quote was misattributed.")
    page.get_by_role("button", name="Retract").click()
    expect(page.locator("[data-stage]")).to_have_attribute("data-stage", "retracted")
    page.goto("/public/")
    expect(page.locator("main")).not_to_contain_text("Bridge plan")
    response = page.goto(f"/public/articles/{article.pk}/")
    assert response.status == 410
    expect(page.get_by_role("alert")).to_contain_text("The quote was misattributed.")
    assert browser_problems == [
        "Failed to load resource: the server responded with a status of 410 (Gone)"
    ]
    browser_problems.clear()
