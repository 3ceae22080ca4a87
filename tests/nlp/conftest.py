"""What the pre-tagger tests share: the real model, and its quote rules over a text."""

import pytest

from apps.nlp.entities import extract_mentions
from apps.nlp.pipeline import get_nlp
from apps.nlp.quotes import extract_quotes


@pytest.fixture(scope="module")
def nlp():
    return get_nlp()


@pytest.fixture(scope="module")
def quotes():
    nlp = get_nlp()

    def run(text):
        doc = nlp(text)
        return extract_quotes(doc, extract_mentions(doc))

    return run
