"""At 390 px wide (a phone) the header and the tables fit."""

import pytest

from tests.annotations.factories import annotate

pytestmark = pytest.mark.django_db(transaction=True)


def test_header_and_tables_fit_a_phone(page, sign_in, make_article):
    article = annotate(make_article("Jane Doe met reporters in Paris."), mentions=[])
    page.set_viewport_size({"width": 390, "height": 800})
    sign_in(page, "editor")
    for url in ("/articles/", "/review/work/", f"/review/articles/{article.pk}/review/"):
        page.goto(url)
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 390, f"{url} is {width} px wide"
