"""Labels the article itself settles, beside the model's guess, with the real spaCy model."""

from apps.nlp.entities import extract_mentions
from tests.nlp.entity_helpers import labels_of


def test_a_name_head_word_says_what_it_names(nlp):
    labels = labels_of(
        nlp,
        "Demonstrators marched to the Harbin Cathedral. Fighting in the Syrian Civil War resumed.",
    )
    assert labels["Harbin Cathedral"] == "FAC"
    assert labels["Syrian Civil War"] == "EVENT"


def test_a_role_noun_before_a_name_makes_it_a_person(nlp):
    text = "The memo was signed by officers Antoine Quirin and Nicolas Redouane. Quirin denied it."
    mentions = extract_mentions(nlp(text), titles_in_span=False)
    assert {m.text: m.label for m in mentions}["Antoine Quirin"] == "PERSON"
    assert [m.entity for m in mentions if m.text == "Quirin"] == ["Antoine Quirin"]


def test_offices_in_the_plural_before_names_make_people(nlp):
    labels = labels_of(nlp, "The affidavits of Judges Mwale and Tembo were read in court.")
    assert labels == {"Mwale": "PERSON", "Tembo": "PERSON"}
    # The model takes "Mbeki" for a place and "Chomba" for a body; after "… and" they are
    # the other senator and the other judge.
    labels = labels_of(nlp, "The motion was signed by Senators Okafor and Mbeki.")
    assert labels == {"Okafor": "PERSON", "Mbeki": "PERSON"}
    labels = labels_of(nlp, "Letters from Judges Banda and Chomba were read.")
    assert labels == {"Banda": "PERSON", "Chomba": "PERSON"}
    assert labels_of(nlp, "The Judges Association met.") == {"Judges Association": "ORG"}


def test_a_given_name_and_a_surname_the_article_gives_a_person_make_a_person(nlp):
    # The model takes "Chelsea Kessler" for a body, and the later "Kessler" for a person.
    labels = labels_of(nlp, "Chelsea Kessler said the vote was fair. Later Kessler left.")
    assert labels == {"Chelsea Kessler": "PERSON", "Kessler": "PERSON"}
    labels = labels_of(nlp, "Morgan Stanley said profits rose. Stanley Tucci laughed.")
    assert labels["Morgan Stanley"] == "ORG"


def test_an_apposition_naming_a_role_makes_a_person(nlp):
    labels = labels_of(nlp, "Lagoa Basso, a spokesman for the ministry, declined to comment.")
    assert labels["Lagoa Basso"] == "PERSON"


def test_an_organisation_noun_still_makes_an_organisation(nlp):
    labels = labels_of(nlp, "The militia Kataib Al Nour left. Kataib Al Nour fighters returned.")
    assert labels["Kataib Al Nour"] == "ORG"


def test_social_networks_are_organisations(nlp):
    labels = labels_of(nlp, "Pilgrims reacted on Twitter. Twitter later removed the post.")
    assert labels["Twitter"] == "ORG"


def test_two_names_joined_by_and_are_two_mentions(nlp):
    labels = labels_of(nlp, "Fans posted tributes on Twitter and Facebook after the news broke.")
    assert labels == {"Twitter": "ORG", "Facebook": "ORG"}


def test_a_genre_noun_before_a_name_makes_it_a_title(nlp):
    labels = labels_of(nlp, "She starred in the comedy Harbour Lights opposite Tom Reyes.")
    assert labels["Harbour Lights"] == "WORK_OF_ART"
    assert labels["Tom Reyes"] == "PERSON"


def test_a_place_noun_beside_a_name_makes_it_a_place(nlp):
    assert labels_of(nlp, "Soldiers patrolled the town of Jolo after the blasts.")["Jolo"] == "GPE"
    assert labels_of(nlp, "Protesters gathered in Tirunelveli district.")["Tirunelveli"] == "GPE"


def test_a_newspaper_or_news_site_is_an_organisation(nlp):
    text = "The ship's loss was first reported by Maritime Bulletin, a shipping site."
    assert labels_of(nlp, text)["Maritime Bulletin"] == "ORG"
