"""The pre-tagging job reads an article's blockquotes."""

import pytest

from apps.annotations.models import Quote
from apps.ingest.services import article_ingest
from tests.conftest import run_jobs

pytestmark = pytest.mark.django_db(transaction=True)


def test_an_html_article_is_pretagged_with_its_blockquotes():
    article = article_ingest(
        title="Bridge",
        raw=(
            "<p>Ana Ruiz posted a statement on Monday.</p><blockquote>Our city deserves a "
            "bridge that does not frighten the people who cross it every day.</blockquote>"
        ),
        fmt="html",
        created_by=None,
    )
    run_jobs()
    [(start, end)] = article.blocks
    quote = Quote.objects.get(article=article, kind="direct")
    assert (quote.start, quote.end) == (start, end)
    assert article.body[quote.speaker_start : quote.speaker_end] == "Ana Ruiz"
