"""Paragraphs the source set in a <blockquote> are block quotations, whatever their
introduction looks like; their speaker comes from the paragraph that introduces them."""

import pytest

from apps.articles.normalise import canonical_text
from apps.nlp.pipeline import get_nlp, pretag_texts
from apps.nlp.types import QuoteKind


@pytest.fixture(scope="module")
def tag():
    nlp = get_nlp()

    def run(html, *, evidence=True):
        text = canonical_text(html, "html")
        item = ("a", text.body, list(text.blocks)) if evidence else ("a", text.body)
        [result] = pretag_texts([item], nlp=nlp)
        return text, result.quotes

    return run


def speaker(quote):
    return quote.speaker.text if quote.speaker else None


def test_a_blockquote_after_a_line_without_a_colon_is_its_speakers(tag):
    html = (
        "<p>Ana Ruiz posted a statement on Monday.</p>"
        "<blockquote>Our city deserves a bridge that does not frighten the people who cross "
        "it every day.</blockquote><p>The council meets on Friday.</p>"
    )
    text, quotes = tag(html)
    [quote] = [q for q in quotes if q.kind == QuoteKind.DIRECT]
    assert (quote.start, quote.end) == text.blocks[0]
    assert speaker(quote) == "Ana Ruiz" and quote.cue.text == "posted"
    assert "<blockquote>" in quote.reason
    # Without the evidence the same text holds no quotation.
    _, plain = tag(html, evidence=False)
    assert not [q for q in plain if q.kind == QuoteKind.DIRECT]


def test_the_blockquote_sets_the_extent_after_a_colon(tag):
    html = (
        "<p>In a letter to residents, the chief engineer, Ingrid Solberg, wrote:</p>"
        "<blockquote><p>The cables were installed in 1962 and have carried four times the "
        "traffic they were designed for.</p><p>We will publish the report next week.</p>"
        "</blockquote>"
        "<p>We asked the council what the repairs would cost, and our readers wrote in.</p>"
    )
    text, quotes = tag(html)
    direct = [q for q in quotes if q.kind == QuoteKind.DIRECT]
    assert [(q.start, q.end) for q in direct] == list(text.blocks)
    assert {speaker(q) for q in direct} == {"Ingrid Solberg"}
    assert direct[0].cue.text == "wrote" and direct[1].cue is None
    # The paragraph after the block is the writer's, though in the first person.
    after = text.body.index("We asked")
    assert not [q for q in direct if q.start >= after]


def test_a_blockquote_nothing_introduces_has_no_speaker(tag):
    html = (
        "<blockquote><p>Cities are made of bridges, not walls.</p></blockquote>"
        "<p>The council meets on Friday to vote on the plan.</p>"
    )
    text, quotes = tag(html)
    [quote] = [q for q in quotes if q.kind == QuoteKind.DIRECT]
    assert (quote.start, quote.end) == text.blocks[0]
    assert quote.speaker is None and quote.cue is None


def test_a_quote_in_marks_inside_a_blockquote_is_found_once(tag):
    html = (
        "<p>Ana Ruiz wrote on her blog:</p>"
        "<blockquote><p>“We will not close the school,” the mayor told us.</p>"
        "<p>The school has stood for a century and will stand for another.</p></blockquote>"
    )
    text, quotes = tag(html)
    direct = sorted((q for q in quotes if q.kind == QuoteKind.DIRECT), key=lambda q: q.start)
    # The quote in marks is read by the rules for those, with its own speaker.
    assert [(text.body[q.start : q.end], speaker(q)) for q in direct] == [
        ("We will not close the school", "the mayor"),
        ("The school has stood for a century and will stand for another.", "Ana Ruiz"),
    ]


def test_pairs_and_triples_mix_and_plain_text_is_unchanged(tag):
    nlp = get_nlp()
    body = "Ana Ruiz wrote:\n\nWe stay open, whatever the council decides next week."
    pair, triple = pretag_texts([("p", body), ("t", body, [])], nlp=nlp)
    assert pair.as_dict()["quotes"] == triple.as_dict()["quotes"]
