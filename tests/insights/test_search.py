"""Quote search by words (ranked, highlighted, published only) and forgiving name search."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse

from apps.publishing.models import Stage
from apps.publishing.selectors import public_quotes, public_versions
from tests.insights.factories import published_article

pytestmark = pytest.mark.django_db
DAY = datetime.date(2026, 3, 2)


@pytest.fixture
def quotes(db):
    published_article(
        date=DAY,
        quotes=[
            {"text": "Dockers are striking for fair pay, and the strike will go on",
             "speaker_entity": "Sharon Graham"},
            {"text": "We expect a <b>fair</b> offer & nothing less",
             "speaker_entity": "Zoë Ångström"},
            {"text": "The harbour bridge will reopen", "speaker_entity": "Michael Knights"},
        ],
        entities=[("Zoë Ångström", "PERSON", 1)],
        body="The port strike entered its second week as Dockers walked out over pay.",
    )  # fmt: skip
    published_article(
        date=DAY,
        stage=Stage.RETRACTED,
        quotes=[{"text": "The strike is illegal", "speaker_entity": "Retracted Person"}],
    )
    published_article(date=DAY, quotes=[{"text": "A strike looms", "speaker_entity": "Other"}])


def test_words_match_in_any_form_best_match_first(quotes):
    found = list(public_quotes(query="strikes"))
    # Two forms of the word in the first quote rank it above the quote with one.
    assert [q.text for q in found] == [
        "Dockers are striking for fair pay, and the strike will go on",
        "A strike looms",
    ]
    assert found[0].rank > found[1].rank
    assert list(public_quotes(query='"harbour bridge"'))[0].speaker_entity == "Michael Knights"
    assert list(public_quotes(query="bridge harbour -reopen")) == []


def test_only_published_quotes_are_found(client, quotes):
    html = client.get(reverse("public:quotes"), {"q": "strike"}).content.decode()
    assert "looms" in html and "illegal" not in html
    data = client.get(reverse("api:quotes"), {"q": "illegal"}).json()
    assert data["count"] == 0


def test_matching_words_are_marked_and_the_rest_escaped(client, quotes):
    data = client.get(reverse("api:quotes"), {"q": "fair offer"}).json()
    match = data["results"][0]
    # The text as published; the highlight is HTML with nothing but <mark> as markup.
    assert match["text"] == "We expect a <b>fair</b> offer & nothing less"
    assert match["highlight"].startswith("We expect a")
    assert "<mark>fair</mark>" in match["highlight"]
    assert "<mark>offer</mark> &amp; nothing less" in match["highlight"]
    assert "<b>" not in match["highlight"]
    html = client.get(reverse("public:quotes"), {"q": "fair offer"}).content.decode()
    assert "<mark>offer</mark> &amp; nothing less" in html
    assert "<b>" not in html


def test_speaker_and_entity_names_match_whatever_case_and_accents(client, quotes):
    assert [v.title for v in public_versions(speaker="sharon graham")] != []
    assert len(public_versions(speaker="ZOE ANGSTROM")) == 1
    assert len(public_versions(entity="zoe angstrom")) == 1
    assert list(public_quotes(speaker="zoe ångström"))[0].text.startswith("We expect")
    data = client.get(reverse("api:articles"), {"speaker": "sharon graham"}).json()
    assert data["count"] == 1


def test_article_list_searches_bodies_too(client, quotes):
    html = client.get(reverse("public:list"), {"q": "walked out"}).content.decode()
    assert "Story" in html
    assert client.get(reverse("api:articles"), {"q": "walking"}).json()["count"] == 1


def test_headline_html_escapes_everything_but_the_marks():
    from apps.publishing.selectors import headline_html

    html = headline_html('<script>alert("x")</script> \ue000strike\ue001 & "more"')
    assert html == (
        "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; "
        "<mark>strike</mark> &amp; &quot;more&quot;"
    )
