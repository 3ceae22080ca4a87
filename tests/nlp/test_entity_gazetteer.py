"""Names whose label the world settles: the gazetteer's lists, and how the entity rules use
them beside the model and the article, with the real spaCy model."""

from apps.nlp.entities.gazetteer import fold, known_label
from apps.nlp.entities.recall import untagged_known_names
from tests.nlp.entity_helpers import labels_of, mentions_of


def test_names_are_looked_up_with_case_accents_stops_and_the_folded():
    assert fold("The  Gambia") == "gambia"
    assert fold("Côte d’Ivoire") == fold("Cote d'Ivoire")
    assert known_label("The Gambia") == "GPE"
    assert known_label("U.S.") == "GPE"
    assert known_label("SAO TOMÉ AND PRÍNCIPE") == "GPE"
    assert known_label("East Africa") == "LOC"
    assert known_label("United Nations") == "ORG"
    assert known_label("Malawi Congress Party") == ""


def test_acronyms_count_in_capitals_only():
    assert known_label("WHO") == "ORG"
    assert known_label("Who") == ""
    assert known_label("US") == "GPE"
    assert known_label("us") == ""


def test_names_as_often_a_persons_say_nothing():
    for name in ("Jordan", "Chad", "Georgia", "Paris", "Chelsea"):
        assert known_label(name) == "", name


def test_listed_places_the_model_takes_for_people_or_bodies_are_places(nlp):
    # The small model reads "Lilongwe" as a person and "Lusaka" as an organisation.
    assert labels_of(nlp, "Lilongwe and Lusaka agreed to share maize stocks, officials said.") == {
        "Lilongwe": "GPE",
        "Lusaka": "GPE",
    }
    assert labels_of(nlp, "Protests spread across Eswatini last week.")["Eswatini"] == "GPE"


def test_a_listed_island_the_model_left_untagged_is_found(nlp):
    labels = labels_of(nlp, "Fishermen off Sulawesi and Borneo reported the storm.")
    assert labels["Sulawesi"] == "LOC"
    assert labels["Borneo"] == "LOC"


def test_a_person_of_that_name_keeps_it(nlp):
    text = "Officers shot Tariq Kabul near the station. Kabul had been freed a week earlier."
    mentions = mentions_of(nlp, text)
    assert [(m.text, m.label, m.entity) for m in mentions if m.text == "Kabul"] == [
        ("Kabul", "PERSON", "Tariq Kabul")
    ]
    labels = labels_of(nlp, "Mr Kabul, 20, was shot by police. Witnesses said Kabul had a knife.")
    assert labels["Kabul"] == "PERSON"


def test_a_listed_name_inside_a_longer_name_is_not_found_on_its_own(nlp):
    doc = nlp("Shares in Zambia Airways fell as the Bank of Zambia raised rates in Zambia.")
    found = [doc.text[c.start : c.end] for c in untagged_known_names(doc, [], set())]
    assert found == ["Zambia"]
    assert doc.text.rindex("Zambia") == next(c.start for c in untagged_known_names(doc, [], set()))


def test_a_listed_name_in_a_line_of_capitals_is_not_found(nlp):
    doc = nlp("BREAKING NEWS FROM KENYA TONIGHT")
    assert untagged_known_names(doc, [], set()) == []


def test_a_listed_name_with_and_in_it_stays_whole(nlp):
    labels = labels_of(nlp, "Voters in Bosnia and Herzegovina went to the polls on Sunday.")
    assert labels == {"Bosnia and Herzegovina": "GPE", "Sunday": "DATE"}
