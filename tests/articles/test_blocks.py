"""A <blockquote>'s extent survives the reduction to the canonical text, as ranges."""

import pytest

from apps.articles.normalise import canonical_text
from tests.articles.test_pages import SAVED_PAGE


def quoted(text):
    return [text.body[start:end] for start, end in text.blocks]


def test_blockquote_paragraphs_are_recorded_as_ranges_into_the_body():
    text = canonical_text(
        "<p>The minister wrote:</p>"
        "<blockquote><p>We will  not\n  yield.</p><p>Not now, not ever.</p></blockquote>"
        "<p>Her rivals laughed.</p>",
        "html",
    )
    assert text.body == (
        "The minister wrote:\n\nWe will not yield.\n\nNot now, not ever.\n\nHer rivals laughed."
    )
    assert text.blocks == ((21, 39), (41, 59))
    assert quoted(text) == ["We will not yield.", "Not now, not ever."]


def test_text_straight_in_a_blockquote_nested_ones_and_what_follows_them():
    text = canonical_text(
        "<blockquote>Line one<br>line two<blockquote><p>inner</p></blockquote>tail</blockquote>"
        "<p>After.</p><blockquote><p> </p></blockquote><p>End.</p>",
        "html",
    )
    assert text.body.split("\n\n") == ["Line one", "line two", "inner", "tail", "After.", "End."]
    assert quoted(text) == ["Line one", "line two", "inner", "tail"]


def test_ranges_follow_the_normalised_text_with_astral_characters():
    text = canonical_text(
        "<p>😀 Ana said:</p><blockquote>Cafe\u0301 👍🏽 open</blockquote>", "html"
    )
    [(start, end)] = text.blocks
    assert text.body[start:end] == "Café 👍🏽 open" and end == len(text.body)


def test_markdown_block_quotes_count_and_plain_text_has_none():
    assert quoted(canonical_text("Ana wrote:\n\n> We stay.\n\nThe end.", "md")) == ["We stay."]
    plain = canonical_text("Ana wrote:\n\n> We stay.\n\nThe end.", "txt")
    assert plain.blocks == ()


def test_a_saved_page_keeps_its_blockquote():
    assert quoted(canonical_text(SAVED_PAGE, "html")) == [
        "The cables were installed in 1962 and have carried four times the traffic they were "
        "designed for. Replacing them now costs a fraction of what an emergency closure would.",
        "We will publish the inspectors’ report in full next week.",
    ]


@pytest.mark.django_db
def test_articles_store_their_blocks_by_every_path():
    from apps.articles.models import Article
    from apps.articles.services import article_build, articles_bulk_create
    from apps.ingest.services import article_ingest

    html = "<p>Ana Ruiz wrote:</p><blockquote><p>We stay open.</p></blockquote>"
    single = article_ingest(title="One", raw=html, fmt="html", created_by=None)
    assert Article.objects.get(pk=single.pk).blocks == [[17, 30]]
    plain = article_ingest(title="Two", raw="Ana Ruiz wrote: we stay.", fmt="txt", created_by=None)
    assert Article.objects.get(pk=plain.pk).blocks == []
    [bulk] = articles_bulk_create(
        articles=[
            article_build(title="Three", raw=html + "<p>More.</p>", fmt="html", created_by=None)
        ]
    )
    assert Article.objects.get(pk=bulk.pk).blocks == [[17, 30]]
