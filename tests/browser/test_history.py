import pytest
from playwright.sync_api import expect

from apps.annotations import services
from apps.annotations.models import EntityMention
from apps.publishing import services as workflow
from tests.annotations.factories import annotate

pytestmark = pytest.mark.django_db(transaction=True)


def test_history_reads_as_sentences_and_the_send_back_comment_shows(
    page, sign_in, make_article, make_user
):
    article = annotate(
        make_article("Trump met reporters.", title="Trump"), mentions=[("Trump", "ORG", "Trump")]
    )
    annotator, reviewer = make_user("annotator"), make_user("reviewer")
    mention = EntityMention.objects.get(article=article)
    services.mention_update(
        article_id=article.id,
        version=article.version,
        actor=annotator,
        id=mention.id,
        label="PERSON",
    )
    workflow.annotation_start(article=article, actor=annotator)
    workflow.review_request(article=article, actor=annotator)
    workflow.review_send_back(article=article, actor=reviewer, comment="Check the speakers")

    sign_in(page, "annotator")
    page.goto(f"/workspace/{article.pk}/history/")
    expect(page.locator("[data-history]")).to_contain_text(
        "annotator relabelled ‘Trump’ ORG → PERSON"
    )
    expect(page.locator("main")).not_to_contain_text("{'label'")
    page.goto(f"/workspace/{article.pk}/")
    expect(page.locator("[data-sent-back]")).to_contain_text("Check the speakers")
    expect(page.locator("[data-history-list]")).to_contain_text("relabelled ‘Trump’ ORG → PERSON")
    page.goto("/review/work/")
    expect(page.locator("[data-sent-back]")).to_contain_text("Check the speakers")
    expect(page.locator("table.articles")).to_contain_text("in annotation")
