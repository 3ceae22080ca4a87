"""What people taught the pre-tagger, applied to its mentions (real model, no database)."""

from apps.nlp.knowledge import Knowledge, RegistryName, apply_knowledge, surface_key
from apps.nlp.pipeline import get_nlp, pretag_texts
from apps.nlp.types import FoundMention


def mention(text: str, body: str, label: str, entity: str | None = None) -> FoundMention:
    start = body.index(text)
    return FoundMention(start, start + len(text), label, text, entity or text)


def test_surface_key_ignores_case_and_spacing():
    assert surface_key("  Harbour   Board ") == surface_key("harbour board")


def test_no_knowledge_leaves_the_mentions_alone():
    doc = get_nlp().make_doc("Vesna Hadžić spoke.")
    mentions = [mention("Vesna Hadžić", doc.text, "PERSON")]
    assert apply_knowledge(doc, mentions, Knowledge()) is mentions


def test_a_registry_alias_links_the_mention_to_the_canonical_name_and_label():
    body = "The Lowmoor Trust said it would appeal. Lowmoor staff were not told."
    doc = get_nlp().make_doc(body)
    knowledge = Knowledge(
        registry=(RegistryName(1, "Lowmoor Community Trust", "ORG", ("Lowmoor Trust",)),)
    )
    found = apply_knowledge(doc, [mention("Lowmoor Trust", body, "PERSON")], knowledge)
    assert [(m.text, m.label, m.entity) for m in found] == [
        ("Lowmoor Trust", "ORG", "Lowmoor Community Trust")
    ]


def test_a_registry_name_the_model_missed_is_tagged_as_whole_capitalised_words():
    body = "KESTREL MINING staff met. Kestrelton residents and Kestrel Mining staff agreed."
    doc = get_nlp().make_doc(body)
    knowledge = Knowledge(registry=(RegistryName(7, "Kestrel Mining", "ORG"),))
    found = apply_knowledge(doc, [], knowledge)
    assert [(m.text, m.label, m.entity) for m in found] == [
        ("KESTREL MINING", "ORG", "Kestrel Mining"),
        ("Kestrel Mining", "ORG", "Kestrel Mining"),
    ]


def test_a_missed_name_in_lower_case_is_a_common_word_not_the_name():
    body = "On the day Ashdown Works closed, ashdown works staff met at Ashdown."
    doc = get_nlp().make_doc(body)
    knowledge = Knowledge(registry=(RegistryName(2, "Ashdown Works", "ORG", ("Ashdown",)),))
    found = apply_knowledge(doc, [], knowledge)
    # The lower-case form is not tagged, nor the one-word alias on its own.
    assert [(m.start, m.text, m.entity) for m in found] == [
        (body.index("Ashdown Works"), "Ashdown Works", "Ashdown Works")
    ]


def test_a_one_word_alias_links_a_mention_the_model_found():
    body = "Ashdown said the works would reopen."
    doc = get_nlp().make_doc(body)
    knowledge = Knowledge(registry=(RegistryName(2, "Ashdown Works", "ORG", ("Ashdown",)),))
    found = apply_knowledge(doc, [mention("Ashdown", body, "PERSON")], knowledge)
    assert [(m.label, m.entity) for m in found] == [("ORG", "Ashdown Works")]


def test_a_confirmed_label_replaces_only_a_confusable_name_label():
    body = "Chinese officials spoke Chinese."
    doc = get_nlp().make_doc(body)
    knowledge = Knowledge(confirmed_labels={"chinese": "LANGUAGE"})
    found = apply_knowledge(doc, [mention("Chinese", body, "NORP")], knowledge)
    assert [m.label for m in found] == ["NORP"]


def test_linking_a_mention_the_model_found_ignores_case():
    body = "Shares in velora mining rose."
    doc = get_nlp().make_doc(body)
    knowledge = Knowledge(registry=(RegistryName(8, "Velora Mining", "ORG"),))
    found = apply_knowledge(doc, [mention("velora mining", body, "PERSON")], knowledge)
    assert [(m.label, m.entity) for m in found] == [("ORG", "Velora Mining")]


def test_a_registry_match_never_overlaps_a_mention_or_crosses_a_paragraph():
    body = "Greyfield Port Authority staff.\n\nGreyfield\n\nPort"
    doc = get_nlp().make_doc(body)
    knowledge = Knowledge(
        registry=(RegistryName(3, "Greyfield Port", "ORG"), RegistryName(4, "Greyfield", "GPE"))
    )
    taken = [mention("Greyfield Port Authority", body, "ORG")]
    found = apply_knowledge(doc, taken, knowledge)
    assert [(m.start, m.text) for m in found] == [
        (0, "Greyfield Port Authority"),
        (body.index("Greyfield\n"), "Greyfield"),
    ]


def test_a_confirmed_label_wins_over_the_model():
    body = "Brightwater said the vote was close."
    doc = get_nlp().make_doc(body)
    knowledge = Knowledge(confirmed_labels={"brightwater": "ORG"})
    found = apply_knowledge(doc, [mention("Brightwater", body, "GPE")], knowledge)
    assert [(m.text, m.label) for m in found] == [("Brightwater", "ORG")]


def test_a_rejected_form_is_not_suggested_unless_the_registry_knows_it():
    body = "Tuesday Club members met Monday Group members."
    doc = get_nlp().make_doc(body)
    knowledge = Knowledge(
        rejected=frozenset({"tuesday club", "monday group"}),
        registry=(RegistryName(9, "Monday Group", "ORG"),),
    )
    found = apply_knowledge(
        doc,
        [mention("Tuesday Club", body, "ORG"), mention("Monday Group", body, "ORG")],
        knowledge,
    )
    assert [m.text for m in found] == ["Monday Group"]


def test_the_whole_in_article_entity_takes_the_registry_name():
    body = "Dr Amara Okoye runs the clinic. Okoye said it would stay open."
    doc = get_nlp().make_doc(body)
    knowledge = Knowledge(registry=(RegistryName(5, "Amara N. Okoye", "PERSON", ("Amara Okoye",)),))
    found = apply_knowledge(
        doc,
        [
            mention("Amara Okoye", body, "PERSON", "Amara Okoye"),
            FoundMention(body.index("Okoye said"), body.index("Okoye said") + 5, "PERSON",
                         "Okoye", "Amara Okoye"),
        ],
        knowledge,
    )  # fmt: skip
    assert {m.entity for m in found} == {"Amara N. Okoye"}


def test_the_knowledge_version_changes_with_what_was_taught():
    empty = Knowledge()
    one = Knowledge(registry=(RegistryName(1, "Kestrel Mining", "ORG"),))
    two = Knowledge(registry=(RegistryName(1, "Kestrel Mining", "ORG", ("Kestrel",)),))
    assert empty.version == "0"
    assert len({empty.version, one.version, two.version}) == 3
    assert one.version == Knowledge(registry=(RegistryName(1, "Kestrel Mining", "ORG"),)).version


def test_the_pipeline_applies_knowledge_to_the_speaker_entity_too():
    body = "“We will not close,” said Amara Okoye, who runs the Lowmoor clinic."
    knowledge = Knowledge(registry=(RegistryName(5, "Amara N. Okoye", "PERSON", ("Amara Okoye",)),))
    (result,) = pretag_texts([("1", body)], knowledge=knowledge)
    assert any(m.entity == "Amara N. Okoye" for m in result.entities)
    assert [q.speaker_entity for q in result.quotes] == ["Amara N. Okoye"]
