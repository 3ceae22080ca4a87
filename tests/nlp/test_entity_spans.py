"""Entity span conventions (OntoNotes), with the real spaCy model: line breaks, full stops
of abbreviations, a capitalised "The" that belongs to a name, titles outside a person."""

import pytest
from spacy.tokens import Span

from apps.nlp.entities import extract_mention_forms, extract_mentions
from apps.nlp.pipeline import get_nlp


@pytest.fixture(scope="module")
def nlp():
    return get_nlp()


def spans(nlp, text):
    return extract_mentions(nlp(text), titles_in_span=False)


def texts(mentions, label=None):
    return {m.text for m in mentions if label is None or m.label == label}


def test_no_mention_crosses_a_paragraph_break(nlp):
    text = "He joined Northern Rail\n\nMedical Council members later."
    mentions = spans(nlp, text)
    assert mentions, "the model tags these words"
    assert all("\n" not in m.text for m in mentions)
    # A name the model runs over the break (sentences there or not) is cut in two.
    doc = nlp(text)
    doc.ents = [Span(doc, 2, 7, label="ORG")]
    assert "\n" in doc.ents[0].text
    assert {"Northern Rail", "Medical Council"} <= texts(
        extract_mentions(doc, titles_in_span=False)
    )


def test_abbreviations_keep_their_full_stop(nlp):
    text = "Aid reached the U.S. last week, and Robert Downey Jr. donated."
    found = texts(spans(nlp, text))
    assert "U.S." in found
    assert "Robert Downey Jr." in found


def test_a_sentence_full_stop_stays_out(nlp):
    found = texts(spans(nlp, "The delegation flew to Nairobi."))
    assert "Nairobi" in found


def test_a_capitalised_the_inside_a_sentence_belongs_to_the_name(nlp):
    text = "The figures were first reported by The Riverside Gazette on Friday."
    assert "The Riverside Gazette" in texts(spans(nlp, text))


def test_a_lower_case_or_sentence_initial_the_stays_out(nlp):
    text = "The Riverside Gazette sold well. Readers of the Riverside Gazette wrote in."
    found = texts(spans(nlp, text))
    assert "Riverside Gazette" in found
    assert not any(t.lower().startswith("the ") for t in found)


def test_titles_stay_outside_the_person_span(nlp):
    text = (
        "Prime Minister Helen Okafor opened the bridge. Dr. Samuel Reyes, a surgeon, "
        "praised it. Mr Okafor's rival, Crown Prince Faisal bin Nasser, stayed away."
    )
    people = texts(spans(nlp, text), "PERSON")
    assert {"Helen Okafor", "Samuel Reyes"} <= people
    assert not any(p.split()[0] in {"Prime", "Minister", "Dr.", "Mr", "Crown"} for p in people)


def test_a_title_alone_is_not_a_person(nlp):
    text = "Ms Justice Mwila Banda ruled. Later Ms Justice Banda adjourned the case."
    mentions = spans(nlp, text)
    assert "Justice" not in texts(mentions)
    assert {m.entity for m in mentions if m.text.endswith("Banda")} == {"Mwila Banda"}


def test_the_quote_rules_still_read_the_titled_form(nlp):
    text = "Michael Knights, an analyst, spoke. Mr Knights said the plan would fail."
    plain, titled = extract_mention_forms(nlp(text))
    assert "Knights" in texts(plain, "PERSON") and "Mr Knights" not in texts(plain)
    assert "Mr Knights" in texts(titled, "PERSON")
    assert {m.entity for m in titled if "Knights" in m.text} == {"Michael Knights"}


def test_handles_and_lower_case_words_are_not_names(nlp):
    doc = nlp("Thanks to @Mwangi_K for the photos, wrote @nairobinews. Many netizens agreed.")
    assert {e.text for e in doc.ents} & {"@nairobinews", "netizens"}, "the model tags them"
    assert extract_mentions(doc, titles_in_span=False) == []


def test_a_common_word_the_article_also_writes_in_lower_case_is_not_a_name(nlp):
    doc = nlp("Netizens reacted quickly in Lusaka. Many netizens praised the judge.")
    assert "Netizens" in {e.text for e in doc.ents}, "the model tags it"
    assert texts(extract_mentions(doc, titles_in_span=False)) == {"Lusaka"}


def test_the_at_the_start_of_a_quotation_stays_out(nlp):
    text = "He said: “The Federation of Coastal Unions has asked for talks.”"
    assert "Federation of Coastal Unions" in texts(spans(nlp, text))


def test_a_possessive_inside_a_span_splits_off_a_name_the_article_tags_alone(nlp):
    text = (
        "Malawi will vote soon.\n\nYes, Malawi’s Grace Phiri is swimming against the tide. "
        "Grace Phiri said so."
    )
    mentions = spans(nlp, text)
    assert "Malawi’s Grace Phiri" not in texts(mentions)
    phiri = [m for m in mentions if m.text == "Grace Phiri"]
    assert len(phiri) == 2 and {m.label for m in phiri} == {"PERSON"}


def test_a_possessive_inside_a_name_stays_when_nothing_splits_off(nlp):
    text = "The People's Alliance for Reform met in Accra."
    assert "People's Alliance for Reform" in texts(spans(nlp, text))


def test_a_title_inside_a_span_splits_the_place_from_the_person(nlp):
    text = "Zambia will vote. @radio: Zambia Pres Mwale's office has confirmed the plan."
    mentions = spans(nlp, text)
    assert ("Mwale", "PERSON") in {(m.text, m.label) for m in mentions}
    assert not any("Pres" in m.text for m in mentions)


def test_a_name_with_and_in_it_stays_whole_when_nothing_splits_off(nlp):
    text = "Shoppers queued outside the new Procter and Gamble Hall in Leeds."
    assert not {"Procter", "Gamble"} & texts(spans(nlp, text))


def test_the_acronym_of_a_common_noun_is_not_a_name(nlp):
    text = (
        "Prices rose with competition from liquid natural gas (LNG) terminals. "
        "LNG imports doubled, the Energy Council said."
    )
    doc = nlp(text)
    assert "LNG" in {e.text for e in doc.ents}, "the model tags it"
    assert texts(extract_mentions(doc, titles_in_span=False)) == {"Energy Council"}


def test_a_name_does_not_end_with_a_function_word():
    from apps.nlp.entities.spans import tidy

    text = "Boats left the Control Centre of the coast guard."
    start = text.index("Control")
    assert tidy(text, start, start + len("Control Centre of")) == (
        start,
        start + len("Control Centre"),
    )


def test_a_plural_possessive_between_two_full_names_splits_them(nlp):
    text = "Pigs were tested, according to the United Nations' Food and Agriculture Organization."
    found = texts(spans(nlp, text))
    assert {"United Nations", "Food and Agriculture Organization"} <= found


def test_a_score_beside_a_team_is_not_part_of_its_name(nlp):
    text = "Manchester United beat Arsenal 2-1 at Old Trafford on Saturday."
    doc = nlp(text)
    assert "Arsenal 2-1" in {e.text for e in doc.ents}, "the model tags it so"
    assert "Arsenal" in texts(extract_mentions(doc, titles_in_span=False))


def test_a_results_line_gives_one_mention_per_team(nlp):
    text = (
        "Results of English Premier League matches on Saturday: Arsenal 2 Leicester 0, "
        "Chelsea 1 Coventry 1, Everton 3 Newcastle 1."
    )
    doc = nlp(text)
    assert "Chelsea 1 Coventry 1" in {e.text for e in doc.ents}, "the model tags it so"
    found = texts(extract_mentions(doc, titles_in_span=False))
    assert {"Chelsea", "Coventry"} <= found
    assert not any(c.isdigit() for t in found for c in t)


def test_a_capitalised_word_inside_a_sentence_stays_a_name(nlp):
    text = "Voters backed Labour in the north, although labour costs worried them."
    doc = nlp(text)
    assert "Labour" in {e.text for e in doc.ents}, "the model tags it"
    assert "Labour" in texts(extract_mentions(doc, titles_in_span=False))
