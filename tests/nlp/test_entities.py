"""Entity mentions: tidy spans and in-article grouping, with the real spaCy model.

`extract_mentions(doc)` gives the titled form the quote rules read ("Mr Knights"); the
OntoNotes form the pre-tagger outputs is tested in test_entity_spans.py."""

from collections import defaultdict
from pathlib import Path

import pytest

from apps.articles.normalise import canonical_body
from apps.nlp.entities import extract_mentions
from apps.nlp.pipeline import get_nlp
from tests.conftest import SAMPLE_TEXT


@pytest.fixture(scope="module")
def nlp():
    return get_nlp()


def mentions_of(nlp, text):
    return extract_mentions(nlp(text))


def groups(mentions):
    grouped = defaultdict(set)
    for m in mentions:
        grouped[m.entity].add(m.text)
    return grouped


def test_spans_match_the_text_and_possessives_stay_out(nlp):
    text = "Mr Al Maliki’s government and Muhandis's role were discussed by Nouri Al Maliki."
    mentions = mentions_of(nlp, text)
    for m in mentions:
        assert text[m.start : m.end] == m.text
        assert not m.text.endswith(("'s", "’s"))
    assert "Mr Al Maliki" in {m.text for m in mentions}


def test_the_titled_form_keeps_the_honorific_for_the_quote_rules(nlp):
    text = "Michael Knights, an analyst, spoke. Mr Knights said the plan would fail."
    mentions = mentions_of(nlp, text)
    assert {m.text for m in mentions if m.label == "PERSON"} >= {"Michael Knights", "Mr Knights"}
    assert groups(mentions)["Michael Knights"] == {"Michael Knights", "Mr Knights"}


def test_short_forms_group_under_the_full_name(nlp):
    mentions = mentions_of(nlp, SAMPLE_TEXT)
    assert groups(mentions)["Nouri Al Maliki"] == {"Nouri Al Maliki", "Mr Al Maliki", "Maliki"}


def test_acronym_joins_its_long_form_and_the_knights_stay_apart(nlp):
    text = (
        "Iraq's Popular Mobilisation Forces (PMF) grew. The PMF is large. "
        "The operation, Charge of the Knights, was bold. Michael Knights, an analyst, agreed. "
        "Mr Knights wrote a report."
    )
    mentions = mentions_of(nlp, text)
    grouped = groups(mentions)
    assert {"PMF", "Popular Mobilisation Forces"} <= grouped["Popular Mobilisation Forces"]
    knights = [m for m in mentions if m.text == "Knights"]
    assert all(m.entity != "Michael Knights" for m in knights)


def test_an_editorial_bracket_is_cut_from_a_name(nlp):
    text = "[Mr Al Maliki's predecessor, Ibrahim] Jaafari another — we'd already tried him."
    mentions = mentions_of(nlp, text)
    assert all("]" not in m.text and "[" not in m.text for m in mentions)


def test_sample_article_people_are_found_and_grouped():
    path = Path(__file__).resolve().parents[2] / "apps/articles/demo/maliki-sanctions.txt"
    body = canonical_body(path.read_text(encoding="utf-8"), "txt")
    mentions = extract_mentions(get_nlp()(body))
    grouped = groups(m for m in mentions if m.label == "PERSON")
    expected = {
        "Nouri Al Maliki": {"Nouri Al Maliki", "Mr Al Maliki", "Maliki", "Mr Maliki"},
        "Faleh Al Fayyadh": {"Faleh Al Fayyadh", "Mr Al Fayyadh"},
        "Moqtada Al Sadr": {"Moqtada Al Sadr", "Mr Al Sadr", "Al Sadr"},
        "Abu Mahdi Al Muhandis": {"Abu Mahdi Al Muhandis", "Muhandis"},
        "Dagher Mousawi": {"Dagher Mousawi", "Mousawi"},
    }
    for name, forms in expected.items():
        assert forms <= grouped[name], (name, grouped[name])


def test_names_an_organisation_noun_describes_become_organisations(nlp):
    text = (
        "The resistance group Kataib Al Nour threatened the town. Kataib Al Nour fighters left. "
        "A militia called Kataib Al Nour was blamed. Omar Haddad, the party leader, said little."
    )
    mentions = mentions_of(nlp, text)
    labels = {m.text: m.label for m in mentions}
    assert labels.get("Kataib Al Nour") == "ORG"
    assert labels.get("Omar Haddad") == "PERSON"  # "the party leader" describes a person
