"""Grouping mentions into in-article entities, with the real spaCy model."""

from collections import defaultdict

import pytest

from apps.nlp.entities import extract_mentions
from apps.nlp.pipeline import get_nlp


@pytest.fixture(scope="module")
def nlp():
    return get_nlp()


def mentions_of(nlp, text):
    return extract_mentions(nlp(text), titles_in_span=False)


def entity_at(mentions, text, occurrence=0):
    return [m.entity for m in mentions if m.text == text][occurrence]


def test_mr_never_joins_a_woman_the_article_names_as_such(nlp):
    text = (
        "Ms Jane Whitfield runs the bakery and her husband Tom Whitfield sells the bread. "
        "Mr Whitfield said sales were up."
    )
    mentions = mentions_of(nlp, text)
    assert entity_at(mentions, "Whitfield") == "Tom Whitfield"


def test_a_shared_surname_goes_to_the_person_last_mentioned(nlp):
    text = (
        "Anna Lindqvist and her brother Peter Lindqvist ran the race. Anna Lindqvist won "
        "easily; Lindqvist said the hills were hard."
    )
    mentions = mentions_of(nlp, text)
    grouped = defaultdict(set)
    for m in mentions:
        grouped[m.entity].add(m.text)
    assert "Peter Lindqvist" not in grouped["Anna Lindqvist"]
    lone = [m for m in mentions if m.text == "Lindqvist"]
    assert lone and lone[0].entity == "Anna Lindqvist"


def test_a_surname_the_model_took_for_a_place_joins_the_person(nlp):
    text = (
        "Leaders met Yusuf Demirkaya in Ankara. Demirkaya said talks would go on, and "
        "Demirkaya's aides agreed."
    )
    surnames = [m for m in mentions_of(nlp, text) if m.text == "Demirkaya"]
    assert surnames and all(m.label == "PERSON" for m in surnames)
    assert {m.entity for m in surnames} == {"Yusuf Demirkaya"}


def test_a_name_inside_a_title_does_not_join_a_person(nlp):
    text = (
        "The film Charge of the Knights opened in May. Critic Ellen Knights liked it. "
        "Knights wrote a review."
    )
    mentions = mentions_of(nlp, text)
    assert entity_at(mentions, "Knights", 0) != "Ellen Knights"
    assert entity_at(mentions, "Knights", 1) == "Ellen Knights"


def test_dates_and_times_are_never_grouped(nlp):
    text = (
        "The plant grew for years, and then for years it shrank. It reopened on Monday; "
        "by Monday evening it had closed again."
    )
    dated = [m for m in mentions_of(nlp, text) if m.label in {"DATE", "TIME"}]
    assert len(dated) >= 2
    assert len({m.entity for m in dated}) == len(dated)


def test_grouping_cost_grows_about_linearly(nlp):
    import gc
    import time

    from apps.nlp.entities.candidates import Candidate
    from apps.nlp.entities.grouping import group_mentions

    def run(copies):
        words, candidates, offset = [], [], 0
        for n in range(copies):
            for name in (f"Anna Berg{n}", f"Berg{n}", f"Acme Works{n}", "Monday"):
                words.append(name)
                label = "DATE" if name == "Monday" else "PERSON"
                key = tuple(name.casefold().split())
                candidates.append(Candidate(offset, offset + len(name), label, key))
                offset += len(name) + 1
        text = " ".join(words)
        gc.disable()  # CPU time of the grouping alone, not of collecting garbage
        try:
            started = time.process_time()
            group_mentions(text, candidates)
            return time.process_time() - started
        finally:
            gc.enable()

    run(200)
    small, large = min(run(500) for _ in range(5)), min(run(5000) for _ in range(5))
    # Ten times the mentions: a quadratic step would cost a hundred times as much.
    assert large < 40 * small


def test_a_name_written_without_its_accents_joins_the_person(nlp):
    text = "Turkish President Recep Tayyip Erdoğan spoke on Sunday. Erdogan said troops would stay."
    assert entity_at(mentions_of(nlp, text), "Erdogan") == "Recep Tayyip Erdoğan"


def test_dotted_and_plain_initials_join_the_long_name(nlp):
    text = "Troops left the United States on Monday. U.S. officials said the US would help."
    mentions = mentions_of(nlp, text)
    assert entity_at(mentions, "U.S.") == entity_at(mentions, "US") == "United States"


def test_a_name_without_its_generic_last_word_joins_the_organisation(nlp):
    text = "The story was first reported by BBC News. The BBC said it had checked the documents."
    assert entity_at(mentions_of(nlp, text), "BBC") == "BBC News"


def test_a_group_in_the_plural_joins_the_singular(nlp):
    text = "Many Catholics attended. One Catholic priest said mass."
    mentions = mentions_of(nlp, text)
    assert entity_at(mentions, "Catholic") == entity_at(mentions, "Catholics")


def test_a_shorter_form_of_an_organisation_joins_it(nlp):
    text = (
        "The National Disaster Relief Agency sent tents. "
        "The Disaster Relief Agency said more would come."
    )
    assert entity_at(mentions_of(nlp, text), "Disaster Relief Agency") == (
        "National Disaster Relief Agency"
    )


def test_a_name_written_as_one_word_joins_the_spaced_form(nlp):
    text = "Ships were tracked by MarineTraffic. Data from Marine Traffic showed the route."
    mentions = mentions_of(nlp, text)
    assert entity_at(mentions, "MarineTraffic") == entity_at(mentions, "Marine Traffic")


def test_an_event_in_the_plural_joins_the_singular(nlp):
    text = "He played at the World Cup in 1994 and scored in 2 World Cups in all."
    mentions = mentions_of(nlp, text)
    assert [(m.text, m.label) for m in mentions if "World" in m.text] == [
        ("World Cup", "EVENT"),
        ("World Cups", "EVENT"),
    ]
    assert entity_at(mentions, "World Cups") == "World Cup"


def test_a_country_does_not_join_its_adjective(nlp):
    text = (
        "Troops in the Philippines were joined by Philippine police. "
        "Philippine officials said more would come."
    )
    mentions = mentions_of(nlp, text)
    assert {(m.text, m.label, m.entity) for m in mentions} == {
        ("Philippines", "GPE", "Philippines"),
        ("Philippine", "NORP", "Philippine"),
    }


def test_a_country_does_not_join_a_company_named_after_it(nlp):
    text = "The contract went to China Holdings. China said the deal was fair."
    assert entity_at(mentions_of(nlp, text), "China") == "China"


def test_a_place_after_a_preposition_does_not_join_a_person_of_that_surname(nlp):
    text = (
        "The actor Denzel Washington paid for the course. "
        "Boseman later moved to Washington to study."
    )
    places = [m for m in mentions_of(nlp, text) if m.text == "Washington"]
    assert [(m.label, m.entity) for m in places] == [("GPE", "Washington")]


def test_a_later_word_after_in_is_not_taken_for_a_surname(nlp):
    text = "Councillor Maria Camden opened the fair. Visitors in Camden queued for hours."
    towns = [m for m in mentions_of(nlp, text) if m.text == "Camden"]
    assert [m.entity for m in towns] == ["Camden"]
