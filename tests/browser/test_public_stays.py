import pytest
from playwright.sync_api import expect

from apps.annotations.models import EntityMention, Status
from apps.publishing import services

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_public_version_stays_public_during_re_annotation(
    page, sign_in, tagged_article, make_user
):
    article = tagged_article(title="Bridge plan")
    annotator, reviewer = make_user("annotator"), make_user("reviewer")
    services.annotation_start(article=article, actor=annotator)
    services.review_request(article=article, actor=annotator)
    services.review_approve(article=article, actor=reviewer)

    sign_in(page, "annotator")
    page.goto(f"/review/articles/{article.pk}/review/")
    page.get_by_role("button", name="Start annotation").click()
    expect(page.locator("[data-stage]")).to_have_attribute("data-stage", "in_annotation")
    expect(page.locator("[data-stage]")).to_have_text("in annotation")
    EntityMention.objects.filter(article=article).update(status=Status.ACCEPTED)

    page.goto(f"/review/articles/{article.pk}/review/")
    expect(page.locator("[data-public-state]")).to_contain_text("Readers see version 1")
    expect(page.locator("[data-public-differs]")).to_contain_text(
        "1 entity mention and 0 quotes new or changed"
    )
    page.goto(f"/articles/{article.pk}/")
    expect(page.locator("[data-public-state]")).to_contain_text("Readers see version 1")

    reader = page.context.browser.new_context(base_url=page.url.split("/articles")[0]).new_page()
    response = reader.goto(f"/public/articles/{article.pk}/")
    assert response.status == 200
    expect(reader.locator(".meta")).to_contain_text("version 1")
    expect(reader.locator("mark.ent")).to_have_text(["Michael Knights"])  # not yet Baghdad
    api = reader.request.get(f"/api/v1/articles/{article.pk}")
    assert api.status == 200 and api.json()["version"] == 1
    reader.goto("/public/")
    expect(reader.locator("main")).to_contain_text("Bridge plan")
    reader.context.close()
