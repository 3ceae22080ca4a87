"""Names the model misses that the article itself gives away, with the real spaCy model."""

from tests.nlp.entity_helpers import mentions_of


def forms(mentions, text):
    return [m for m in mentions if m.text == text]


def test_a_later_bare_surname_is_tagged_and_grouped(nlp):
    text = (
        "Anna Lindqvist and Peter Lindqvist both ran. Peter Lindqvist won. "
        "Lindqvist thanked his coach."
    )
    surnames = forms(mentions_of(nlp, text), "Lindqvist")
    assert [(m.label, m.entity) for m in surnames] == [("PERSON", "Peter Lindqvist")]


def test_every_later_surname_is_tagged(nlp):
    text = "The candidate Wanjiru Kamau spoke in Nakuru. Kamau promised roads."
    surnames = forms(mentions_of(nlp, text), "Kamau")
    assert [m.entity for m in surnames] == ["Wanjiru Kamau"]


def test_a_person_span_takes_the_name_words_the_model_left_out(nlp):
    text = (
        "Chief Inspector Graciano Mijares of the provincial police confirmed the toll. "
        "Mijares said more bodies were found, and Mijares later left."
    )
    mentions = mentions_of(nlp, text)
    assert "Graciano Mijares" in {m.text for m in mentions}
    assert [m.entity for m in forms(mentions, "Mijares")] == ["Graciano Mijares"] * 2


def test_a_surname_opening_with_a_particle_takes_the_given_name_that_opens_the_sentence(nlp):
    text = "The vote passed.\n\nRodel dela Torre of the navy said the ship had sunk."
    assert [m.text for m in mentions_of(nlp, text) if m.label == "PERSON"] == ["Rodel dela Torre"]


def test_a_given_name_tagged_apart_from_its_particle_surname_joins_it(nlp):
    text = (
        "The vote passed.\n\nRamon dela Cruz of the army said the group was behind it. "
        "Dela Cruz left."
    )
    people = [(m.text, m.entity) for m in mentions_of(nlp, text) if m.label == "PERSON"]
    assert people == [
        ("Ramon dela Cruz", "Ramon dela Cruz"),
        ("Dela Cruz", "Ramon dela Cruz"),
    ]


def test_a_known_given_name_tagged_as_a_place_before_a_surname_joins_it(nlp):
    # The model reads "Jamal" as a place and "Qassem" as a person.
    text = "Jamal Qassem was killed in 2018. Later Qassem was buried."
    people = [(m.text, m.entity) for m in mentions_of(nlp, text) if m.label == "PERSON"]
    assert people == [("Jamal Qassem", "Jamal Qassem"), ("Qassem", "Jamal Qassem")]
    # "Iraq" is nobody's given name.
    assert "Iraq" in {m.text for m in mentions_of(nlp, "Iraq Nouri spoke.")}


def test_a_given_name_and_surname_that_say_something_are_a_person(nlp):
    # The model tags nothing in the first and a date in the second.
    for text, name in [
        ("Theresa May said the deal was done.", "Theresa May"),
        ("Tamsin Day said she was tired.", "Tamsin Day"),
    ]:
        assert [(m.text, m.label) for m in mentions_of(nlp, text)] == [(name, "PERSON")], text
    # A body named like a person is left to the model and its head word.
    assert {m.label for m in mentions_of(nlp, "Grace Church said it would reopen.")} != {"PERSON"}


def test_a_surname_before_a_generational_suffix_joins_the_person(nlp):
    text = "The award went to Robert Downey Jr. at the gala. Downey thanked the crew."
    surnames = forms(mentions_of(nlp, text), "Downey")
    assert [(m.label, m.entity) for m in surnames] == [("PERSON", "Robert Downey Jr.")]


def test_a_capitalised_word_is_not_a_surname_before_the_person_is_named(nlp):
    text = "Mills closed across the north. Later Harriet Mills, a weaver, spoke."
    assert not [m for m in forms(mentions_of(nlp, text), "Mills") if m.label == "PERSON"]


def test_an_acronym_of_a_long_name_is_tagged_and_grouped(nlp):
    text = (
        "The Atomic Energy Regulatory Board approved the plan. "
        "Critics said AERB had not checked the pumps."
    )
    acronyms = forms(mentions_of(nlp, text), "AERB")
    assert [(m.label, m.entity) for m in acronyms] == [("ORG", "Atomic Energy Regulatory Board")]


def test_a_bracketed_acronym_joins_its_long_name_and_takes_its_label(nlp):
    text = (
        "Engineers at the Lakeshore Tidal Power Station (LTPS) struck on Friday. "
        "LTPS managers said the strike would end."
    )
    mentions = mentions_of(nlp, text)
    assert {m.label for m in forms(mentions, "Lakeshore Tidal Power Station")} == {"FAC"}
    acronyms = forms(mentions, "LTPS")
    assert len(acronyms) == 2
    assert {(m.label, m.entity) for m in acronyms} == {("FAC", "Lakeshore Tidal Power Station")}


def test_a_republic_and_its_acronym_are_a_state(nlp):
    text = "Aid reached the Democratic Republic of the Congo in May, and the DRC asked for more."
    mentions = mentions_of(nlp, text)
    assert {m.label for m in mentions if m.label != "DATE"} == {"GPE"}
    assert forms(mentions, "DRC")[0].entity == "Democratic Republic of the Congo"


def test_a_word_in_a_heading_in_capitals_is_not_taken_for_an_acronym(nlp):
    text = (
        "The World Health Organization warned of a new virus on Monday.\n\n"
        "WHO IS TO BLAME?\n\nThe WHO said tests were under way."
    )
    acronyms = [m for m in mentions_of(nlp, text) if m.text == "WHO"]
    assert [m.start for m in acronyms] == [text.rindex("WHO")]
    assert acronyms[0].entity == "World Health Organization"
