"""A partial quote inside a direct one is marked nested, in the exports too."""

import csv
import io

import pytest

from apps.annotations.models import Quote
from apps.annotations.nesting import nested_in
from apps.exports.csv_exports import quote_rows
from tests.annotations.factories import annotate


def test_nested_in_finds_the_smallest_enclosing_span():
    assert nested_in([(0, 50), (5, 20), (8, 12), (30, 40), (30, 40), (60, 70)]) == [
        None, 0, 1, 0, 0, None,
    ]  # fmt: skip


@pytest.mark.django_db
def test_quotes_csv_marks_a_nested_quote(make_article):
    text = "“He called it ‘a disgrace’ and left,” she said."
    article = annotate(
        make_article(text),
        quotes=[("He called it ‘a disgrace’ and left,", "direct"), ("a disgrace", "partial")],
    )
    rows = list(csv.reader(io.StringIO("".join(quote_rows(quotes=Quote.objects.all())))))
    by_text = {row[2]: row for row in rows[1:]}
    assert by_text["a disgrace"][-1] == str(text.index("He"))
    assert by_text["He called it ‘a disgrace’ and left,"][-1] == ""
    assert article.quotes.count() == 2
