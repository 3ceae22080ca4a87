"""A partial quote inside a direct one is marked nested, in the exports too."""

import csv
import io

import pytest

from apps.annotations.models import Quote
from apps.exports.csv_exports import quote_rows
from tests.annotations.factories import annotate


@pytest.mark.django_db
def test_quotes_csv_marks_a_nested_quote(make_article):
    text = "“He called it ‘a disgrace’ and left,” she said."
    article = annotate(
        make_article(text),
        quotes=[("He called it ‘a disgrace’ and left,", "direct"), ("a disgrace", "partial")],
    )
    rows = list(csv.reader(io.StringIO("".join(quote_rows(quotes=Quote.objects.all())))))
    header = rows[0]
    by_text = {row[header.index("quote")]: dict(zip(header, row, strict=True)) for row in rows[1:]}
    outer = Quote.objects.get(article=article, kind="direct")
    assert by_text["a disgrace"]["nested_in"] == str(outer.id)
    assert by_text["He called it ‘a disgrace’ and left,"]["nested_in"] == ""
    assert article.quotes.count() == 2
