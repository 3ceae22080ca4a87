"""The workspace stores nothing wrong: pronoun speakers, merges."""

import pytest
from playwright.sync_api import expect

from apps.annotations.models import Entity, Quote
from tests.annotations.factories import annotate
from tests.browser.test_workspace import open_workspace, saved, select_text

pytestmark = pytest.mark.django_db(transaction=True)

TEXT = "Jane Doe visited Paris on Monday. “It went well,” she said."


def article_of(make_article):
    return annotate(
        make_article(TEXT),
        mentions=[
            ("Jane Doe", "PERSON", "Jane Doe"),
            ("Paris", "GPE", "Paris"),
            ("Monday", "DATE", "Monday"),
        ],
        quotes=[("It went well,", "direct")],
    )


def test_a_pronoun_speaker_is_stored_as_a_pronoun_linked_to_its_entity(page, sign_in, make_article):
    article = article_of(make_article)
    sign_in(page, "annotator")
    open_workspace(page, article)
    questions = []
    page.on("dialog", lambda dialog: (questions.append(dialog.message), dialog.accept()))
    page.locator("[data-quote-list] [data-select]").click()
    start = TEXT.index("she")
    select_text(page, start, start + 3)
    page.keyboard.press("s")
    saved(page, 2)
    assert questions == ["“she” is a pronoun. Does it stand for Jane Doe?"]
    quote = Quote.objects.get()
    assert (quote.speaker_text, quote.speaker_type) == ("she", "pronoun")
    assert quote.speaker_entity.name == "Jane Doe"


def test_merge_into_never_preselects_and_asks_across_labels(page, sign_in, make_article):
    article = article_of(make_article)
    sign_in(page, "annotator")
    open_workspace(page, article)
    page.locator("[data-entity-list] button", has_text="Jane Doe").click()
    menu = page.locator("[data-entity-merge-into]")
    expect(menu).to_have_value("")
    expect(menu.locator("option").first).to_have_text("choose an entity…")
    page.get_by_role("button", name="Merge", exact=True).click()
    expect(page.locator("[data-save-status]")).to_have_text(
        "Choose the entity to merge into first."
    )
    questions = []
    page.on("dialog", lambda dialog: (questions.append(dialog.message), dialog.dismiss()))
    menu.select_option(label="Monday (DATE)")
    page.get_by_role("button", name="Merge", exact=True).click()
    assert questions == ["Merge Jane Doe (PERSON) into Monday (DATE), another label?"]
    assert Entity.objects.filter(name="Jane Doe").exists()


def test_a_nested_quote_is_marked_in_the_quote_list(page, sign_in, make_article):
    text = "“He called it ‘a disgrace’ and left,” she said."
    article = annotate(
        make_article(text),
        quotes=[("He called it ‘a disgrace’ and left,", "direct"), ("a disgrace", "partial")],
    )
    sign_in(page, "annotator")
    open_workspace(page, article)
    nested = page.locator("[data-quote-list] li[data-nested]")
    expect(nested).to_have_count(1)
    expect(nested).to_contain_text("a disgrace")
    expect(nested).to_contain_text("nested in another quote")
