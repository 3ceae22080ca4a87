"""Saved web pages: the story becomes the article, navigation and footers do not."""

from pathlib import Path

import pytest

from apps.articles.normalise import canonical_text
from apps.articles.pages import looks_like_page, page_article

SAVED_PAGE = (Path(__file__).parent.parent / "data" / "saved_page.html").read_text()


def test_a_saved_page_becomes_its_story_and_title():
    text = canonical_text(SAVED_PAGE, "html")
    assert text.title == "Harbour bridge to close for repairs"
    paragraphs = text.body.split("\n\n")
    # The headline is the title, not the first paragraph; the story follows in order.
    assert paragraphs[0].startswith("The Harbour Bridge will close to traffic for six weeks")
    assert paragraphs[-1].startswith("The work is expected to cost £4.2 million")
    assert "“We cannot wait any longer,” said Tomas Berg" in text.body
    assert paragraphs[4].startswith("The cables were installed in 1962")
    assert paragraphs[5] == "We will publish the inspectors’ report in full next week."
    for chrome in ("Subscribe", "Most read", "newsletter", "Cookie", "All rights reserved", "›"):
        assert chrome not in text.body
    # The contract of the canonical body holds: paragraphs, no markup, no stray spaces.
    assert "<" not in text.body and "  " not in text.body
    assert all(p == p.strip() and p for p in paragraphs)


def test_the_same_page_read_twice_gives_the_same_text():
    first = canonical_text(SAVED_PAGE, "html")
    assert canonical_text(SAVED_PAGE, "html") == first
    assert len(first.body.split("\n\n")) == 8


def test_the_page_tells_what_it_knows_about_the_article():
    found = page_article(SAVED_PAGE, url="https://gazette.example/news/bridge")
    assert found is not None
    assert (found.byline, found.source, found.published_at) == (
        "Mara Lindqvist",
        "The Riverside Gazette",
        "2024-03-14",
    )


@pytest.mark.parametrize(
    "fragment",
    [
        "<h1>Bridge</h1><nav>Home · News</nav><p>The bridge closes on Monday.</p>",
        "<div><p>The bridge closes on Monday.</p><footer>© Gazette</footer></div>",
    ],
)
def test_a_fragment_is_reduced_whole(fragment):
    assert not looks_like_page(fragment)
    text = canonical_text(fragment, "html")
    assert text.title == ""
    assert "The bridge closes on Monday." in text.body
    assert ("Home · News" in text.body) or ("© Gazette" in text.body)


def test_a_page_without_a_story_is_reduced_whole():
    page = "<!DOCTYPE html><html><body><ul><li><a href='/'>Home</a></li></ul></body></html>"
    assert looks_like_page(page) and page_article(page) is None
    text = canonical_text(page, "html")
    assert (text.body, text.title) == ("Home", "")


@pytest.mark.django_db
def test_an_uploaded_page_is_stored_with_its_title_and_the_page_kept():
    from apps.ingest.services import article_ingest_upload

    article = article_ingest_upload(
        data=SAVED_PAGE.encode(), filename="bridge.html", created_by=None, title=""
    )
    assert article.title == "Harbour bridge to close for repairs"
    assert article.body == canonical_text(SAVED_PAGE, "html").body
    assert article.original == SAVED_PAGE and article.original_format == "html"
    assert "Most read" not in article.body

    named = article_ingest_upload(
        data=SAVED_PAGE.replace("six weeks", "seven weeks").encode(),
        filename="bridge.html",
        created_by=None,
        title="Bridge closes",
    )
    assert named.title == "Bridge closes"  # a title the editor gives wins


def test_a_fetched_page_and_an_uploaded_one_give_the_same_article():
    from apps.articles.normalise import canonical_body
    from apps.ingest.fetch import FetchedPage
    from apps.ingest.services import page_payload

    payload = page_payload(
        FetchedPage("https://gazette.example/bridge", "text/html", "utf-8", SAVED_PAGE.encode())
    )
    assert payload["title"] == "Harbour bridge to close for repairs"
    assert payload["published_at"] == "2024-03-14" and payload["source"] == "The Riverside Gazette"
    assert canonical_body(payload["raw"], payload["fmt"]) == canonical_text(SAVED_PAGE, "html").body
