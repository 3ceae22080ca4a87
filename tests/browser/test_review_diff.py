"""The review page draws the net difference on the text, and undone steps cancel out."""

import re

import pytest
from playwright.sync_api import expect

from apps.annotations import services
from apps.annotations.models import Entity, EntityMention, Quote
from tests.annotations.factories import annotate

pytestmark = pytest.mark.django_db(transaction=True)

TEXT = (
    "Jane Doe met John Roe in Paris on Monday. “It went well,” Doe said. "
    "Roe left for Rome, and Trump spoke."
)


def act(article, user, name, **arguments):
    article.refresh_from_db()
    return getattr(services, name)(
        article_id=article.id, version=article.version, actor=user, **arguments
    )


def test_the_review_page_shows_each_net_change_on_the_text(page, sign_in, make_article, make_user):
    article = annotate(
        make_article(TEXT, title="Doe and Roe"),
        mentions=[
            ("Jane Doe", "PERSON", "Jane Doe"),
            ("John Roe", "PERSON", "John Roe"),
            ("Paris", "GPE", "Paris"),
            ("Monday", "DATE", "Monday"),
            ("Doe", "PERSON", "Doe"),
            ("Rome", "GPE", "Rome"),
            ("Trump", "ORG", "Trump"),
        ],
        quotes=[("It went well,", "direct")],
    )
    user = make_user("annotator", "annie")
    mention = lambda text: EntityMention.objects.get(article=article, text=text)  # noqa: E731
    act(article, user, "mention_update", id=mention("Trump").id, label="PERSON")
    act(article, user, "mention_update", id=mention("John Roe").id, start=TEXT.index("Roe"))
    act(article, user, "mention_update", id=mention("Paris").id, status="rejected")
    rome = TEXT.index("Rome")
    act(article, user, "mention_create", start=rome - 9, end=rome - 5, label="ORG")
    doe, jane = (Entity.objects.get(article=article, name=n) for n in ("Doe", "Jane Doe"))
    act(article, user, "entity_merge", id=doe.id, into=jane.id)
    doe_mention = mention("Doe")
    act(
        article,
        user,
        "quote_update",
        id=Quote.objects.get(article=article).id,
        speaker=[doe_mention.start, doe_mention.end],
        speaker_entity=jane.id,
        speaker_type="named",
    )
    act(article, user, "mention_update", id=mention("Rome").id, label="LOC")
    act(article, user, "mention_update", id=mention("Rome").id, label="GPE")  # undone

    sign_in(page, "reviewer")
    page.goto(f"/review/articles/{article.pk}/review/")
    text = page.locator("[data-diff-text]")
    expect(text.locator("mark.diff-relabelled")).to_have_text("Trump[ORG → PERSON]")
    expect(text.locator("mark.diff-resized")).to_contain_text("resized, was ‘John Roe’")
    expect(text.locator("del.diff-rejected")).to_have_text("Paris[− GPE]")
    expect(text.locator("ins.diff-added")).to_have_text("left[+ ORG]")
    expect(text.locator("mark.diff-regrouped")).to_contain_text("entity: Doe → Jane Doe")
    expect(text.locator(".diff-quote")).to_contain_text("speaker: unknown → Jane Doe")
    expect(text).not_to_contain_text("LOC")  # the undone relabel cancelled out
    expect(text.locator("mark.diff-unreviewed")).to_have_count(3)  # Jane Doe, Monday, Rome
    summary = page.locator("[data-diff-summary]")
    expect(summary.locator("[data-summary=relabelled] td")).to_have_text(["1", "0"])
    expect(summary.locator("[data-summary=rejected] td")).to_have_text(["1", "0"])
    expect(summary.locator("[data-summary=added] td")).to_have_text(["1", "0"])
    expect(summary.locator("[data-summary=re-attributed] td")).to_have_text(["0", "1"])
    expect(summary.locator("[data-summary=unreviewed] td")).to_have_text(["3", "0"])
    relabelled = text.locator("mark.diff-relabelled")
    expect(relabelled).to_have_attribute("aria-label", "relabelled ‘Trump’ ORG → PERSON")
    expect(relabelled).to_have_attribute("title", re.compile(r"\(annie, "))

    # The keyboard goes from change to change, in text order.
    page.keyboard.press("j")
    expect(page.locator("[data-change='1']")).to_be_focused()
    page.keyboard.press("j")
    page.keyboard.press("j")
    expect(page.locator("[data-change='3']")).to_be_focused()
    page.keyboard.press("k")
    expect(page.locator("[data-change='2']")).to_be_focused()
    expect(page.locator("[data-diff-announce]")).to_contain_text("Change 2 of")
