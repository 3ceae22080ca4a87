"""Attribution rules for quotes in marks and reported speech, on the real model."""

import pytest

from apps.nlp.entities import extract_mentions
from apps.nlp.pipeline import get_nlp
from apps.nlp.quotes import extract_quotes


@pytest.fixture(scope="module")
def quotes():
    nlp = get_nlp()

    def run(text):
        doc = nlp(text)
        return extract_quotes(doc, extract_mentions(doc))

    return run


def find(found, fragment, kind=None):
    matches = [q for q in found if fragment in q.text and (kind is None or q.kind == kind)]
    assert matches, f"no quote containing {fragment!r} in {[q.text for q in found]}"
    return matches[0]


def texts(found):
    return [q.text for q in found]


def speaker(quote):
    return quote.speaker.text if quote.speaker else None


# --- names, titles and terms in marks are not quotes -----------------------------------------


def test_titles_and_names_in_marks_are_not_quotes(quotes):
    found = quotes(
        "The band closed with “Rivers of Light”, a song from the album “Down by the Water”. "
        "The virus was given the code “XK-7” by the lab."
    )
    assert found == []


def test_scare_quotes_around_the_writer_s_words_stay(quotes):
    found = quotes("The so-called “quiet season” brought more visitors than ever.")
    assert texts(found) == ["quiet season"]
