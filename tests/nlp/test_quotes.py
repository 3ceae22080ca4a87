"""Quote extraction and speaker attribution, one construction per test, on the real model."""

import pytest

from apps.nlp.pipeline import get_nlp
from apps.nlp.types import QUOTE_KINDS, SPEAKER_TYPES
from tests.nlp.quote_helpers import find, speaker


@pytest.fixture(scope="module")
def nlp():
    return get_nlp()


# --- the shape of the result ----------------------------------------------------------------


def test_quotes_are_sorted_well_formed_and_explained(quotes):
    text = (
        "Ms Raman said the council had not asked for a fresh estimate.\n\n"
        "“Nobody wanted to say it,” she added. He described it as “a mess”."
    )
    found = quotes(text)
    assert [q.start for q in found] == sorted(q.start for q in found)
    for quote in found:
        assert quote.text == text[quote.start : quote.end]
        assert quote.kind in QUOTE_KINDS and quote.speaker_type in SPEAKER_TYPES
        assert quote.reason.endswith(".") and len(quote.reason) > 20
        for span in (quote.cue, quote.speaker):
            if span is not None:
                assert span.text == text[span.start : span.end]


def test_no_quotes_in_plain_narrative(quotes):
    text = "The council met on Tuesday. The voters' verdict was clear, and the bridge's cost rose."
    assert quotes(text) == []


def test_empty_text(quotes):
    assert quotes("") == []


# --- attribution patterns --------------------------------------------------------------------


def test_quote_then_subject_and_cue(quotes):
    (quote,) = quotes("“The plan is sound,” Mr Whitlock said.")
    assert quote.kind == "direct"
    assert quote.text == "The plan is sound"  # the comma before the closing mark is the writer's
    assert (quote.cue.text, speaker(quote), quote.speaker_type) == ("said", "Mr Whitlock", "named")


def test_inverted_cue_with_apposition_trimmed_to_the_person(quotes):
    (quote,) = quotes(
        "“We were given numbers from another decade,” said Priya Raman, an engineer at "
        "Halden Structural, which reviewed the design."
    )
    assert speaker(quote) == "Priya Raman"
    assert quote.speaker_entity == "Priya Raman"


def test_subject_with_apposition_between_commas_before_the_cue(quotes):
    (quote,) = quotes(
        "“Prices will keep rising,” Anna Ruiz, the head of research at Halver Bank, told reporters."
    )
    assert (speaker(quote), quote.cue.text) == ("Anna Ruiz", "told")


def test_cue_and_colon_before_the_quote(quotes):
    (quote,) = quotes("Councillor Tom Whitlock told reporters: “The bridge will be built.”")
    assert quote.kind == "direct"
    assert quote.text == "The bridge will be built."
    assert speaker(quote).endswith("Tom Whitlock")


def test_colon_at_the_end_of_the_previous_paragraph(quotes):
    found = quotes(
        "In a speech on Monday, the prime minister, Ola Berg, said:\n\n"
        "“We will not be bullied. We will not back down.”"
    )
    quote = find(found, "bullied")
    assert quote.kind == "direct" and speaker(quote) == "Ola Berg"


def test_split_quote_keeps_the_speaker(quotes):
    found = quotes("“I don't accept that,” Mr Whitlock said. “What I accept is the timetable.”")
    first, second = find(found, "don't accept"), find(found, "timetable")
    assert speaker(first) == speaker(second) == "Mr Whitlock"
    assert second.cue is None
    assert "continues" in second.reason


def test_a_paragraph_that_is_only_a_quote_continues_the_previous_speaker(quotes):
    found = quotes(
        "“They came round once, with a leaflet,” said Margaret Doyle, who lives on Quay Street.\n\n"
        "“Now they want us to trust them with fifty million pounds.”"
    )
    assert speaker(find(found, "fifty million")) == "Margaret Doyle"


def test_a_quote_after_narrative_does_not_borrow_an_earlier_speaker(quotes):
    found = quotes(
        "“We are ready,” said Dele Okafor. The port was quiet on Monday and ships waited offshore. "
        "“Nobody told us anything.”"
    )
    quote = find(found, "Nobody told us")
    assert quote.speaker is None and quote.speaker_type == "unknown"


def test_question_with_inverted_cue(quotes):
    (quote,) = quotes("“Why would we do that?” asked Ms Lee.")
    assert (quote.cue.text, speaker(quote)) == ("asked", "Ms Lee")


def test_inverted_cue_with_a_common_noun_speaker(quotes):
    (quote,) = quotes("“Absolutely not,” replied the spokeswoman.")
    assert speaker(quote) == "the spokeswoman" and quote.speaker_type == "anonymous"


def test_wide_cue_lexicon_by_lemma(quotes):
    for verb in ("warned", "insisted", "argues", "recalled", "explained", "claimed", "noted"):
        (quote,) = quotes(f"“The harbour is safe,” Ms Raman {verb}.")
        assert quote.cue.text == verb and speaker(quote) == "Ms Raman", verb


def test_cue_with_particle(quotes):
    (quote,) = quotes("Ms Raman pointed out that the steel price had risen by a third.")
    assert quote.kind == "indirect" and quote.cue.text == "pointed out"


# --- quote marks and their accidents ---------------------------------------------------------


def test_missing_closing_mark_ends_before_the_attribution(quotes):
    found = quotes(
        '"Throughout eight years in office, he appointed loyalists everywhere, says Omar Nidal, '
        'an analyst. "Other parties have yet to replace them," he added.'
    )
    first = find(found, "Throughout")
    assert first.text == "Throughout eight years in office, he appointed loyalists everywhere"
    assert speaker(first) == "Omar Nidal"
    second = find(found, "Other parties")
    assert speaker(second) == "he" and second.speaker_entity == "Omar Nidal"


def test_missing_opening_mark_starts_at_the_sentence(quotes):
    found = quotes(
        'The union held a rally outside the gates. We are asking for fairness, not favours," '
        "Dele Okafor told the crowd."
    )
    quote = find(found, "fairness")
    assert quote.text == "We are asking for fairness, not favours"
    assert speaker(quote) == "Dele Okafor"


def test_multi_sentence_quote(quotes):
    (quote,) = quotes(
        "“Sayyid is reported to move weapons across the border. Recent reporting suggests more,” "
        "a 2005 cable warned."
    )
    assert quote.text.endswith("suggests more") and quote.text.startswith("Sayyid")


def test_quote_over_several_paragraphs(quotes):
    text = (
        "“They came once with a leaflet,” said Margaret Doyle. “The man laughed at us.\n\n"
        "“Now they want fifty million pounds.”"
    )
    quote = find(quotes(text), "laughed")
    assert quote.text == "The man laughed at us.\n\n“Now they want fifty million pounds."
    assert speaker(quote) == "Margaret Doyle"
    assert "2 paragraphs" in quote.reason


def test_nested_quote_and_apostrophes_inside(quotes):
    (quote,) = quotes(
        "“They thought, ‘he's a nationalist, we've hit pay dirt.’ Nothing changed,” says Joel Wing."
    )
    assert quote.text == "They thought, ‘he's a nationalist, we've hit pay dirt.’ Nothing changed"
    assert speaker(quote) == "Joel Wing"


def test_square_bracket_insertion_does_not_split_the_quote(quotes):
    (quote,) = quotes(
        "“Maliki provided Fatah [a political bloc] with the instinct they lost,” "
        "Michael Knights said."
    )
    assert "[a political bloc]" in quote.text and speaker(quote) == "Michael Knights"


def test_straight_single_marks_as_outer_quotes(quotes):
    (quote,) = quotes(
        "'If this goes beyond a fortnight, you'll see empty shelves,' said Rafael Costa."
    )
    assert quote.text == "If this goes beyond a fortnight, you'll see empty shelves"
    assert speaker(quote) == "Rafael Costa"


def test_double_backtick_wire_marks(quotes):
    (quote,) = quotes("``The government should stay out of this,'' Helen Brandt told the BBC.")
    assert quote.text == "The government should stay out of this"
    assert speaker(quote) == "Helen Brandt"


# --- speakers ---------------------------------------------------------------------------------


def test_pronoun_resolves_to_the_current_speaker(quotes):
    found = quotes(
        "Mr Al Maliki once told a journalist that the evidence against Muhandis was slim. "
        "“If we get evidence against him, we will arrest him,” he said."
    )
    quote = find(found, "arrest him")
    assert (speaker(quote), quote.speaker_type) == ("he", "pronoun")
    assert quote.speaker_entity == "Mr Al Maliki" or "Maliki" in quote.speaker_entity


def test_pronoun_resolution_respects_honorific_gender(quotes):
    found = quotes(
        "Mr Fenwick's lawyer, Sarah Iqbal, spoke after Mr Fenwick left the court. "
        "“He looks forward to clearing his name,” she said."
    )
    assert find(found, "clearing his name").speaker_entity == "Sarah Iqbal"


def test_pronoun_it_resolves_to_an_organisation(quotes):
    found = quotes(
        "Halden Structural said it stood by its figures. "
        "It added that the council had never asked for a new estimate."
    )
    quote = find(found, "never asked")
    assert speaker(quote) == "It" and quote.speaker_entity == "Halden Structural"


def test_anonymous_sources(quotes):
    for text, expected in [
        ("“It was close,” the source said.", "the source"),
        ("A source close to the matter said the deal was close.", "A source close to the matter"),
        (
            "Officials who spoke on condition of anonymity said the council had spent £3m.",
            "Officials",
        ),
        ("“This is a disaster,” one resident told the BBC.", "one resident"),
    ]:
        (quote,) = quotes(text)
        assert (speaker(quote), quote.speaker_type) == (expected, "anonymous"), text


def test_a_relative_clause_that_says_who_is_meant_is_part_of_the_speaker(quotes):
    for text, expected, kind in [
        (
            "Those who worked with the coach last season said he was strict.",
            "Those who worked with the coach last season",
            "group",
        ),
        (
            "People who live near the plant said the water was dirty.",
            "People who live near the plant",
            "anonymous",
        ),
        ("Bush, who met him twice, said he was honest.", "Bush", "named"),
    ]:
        (quote,) = quotes(text)
        assert (speaker(quote), quote.speaker_type) == (expected, kind), text


def test_documents_as_speakers(quotes):
    (quote,) = quotes("“Members will remember the ring road,” the memo said.")
    assert (speaker(quote), quote.speaker_type) == ("the memo", "document")
    (quote,) = quotes("A 2021 memo warned that borrowing costs could swallow the reserves.")
    assert (speaker(quote), quote.speaker_type) == ("A 2021 memo", "document")


def test_document_by_an_author_names_the_author(quotes):
    (quote,) = quotes(
        "He is seeking a return, according to analysis by the Washington Institute for Near East "
        "Policy."
    )
    assert quote.speaker_type == "organisation"
    assert "Washington Institute" in speaker(quote)


def test_organisations_as_speakers(quotes):
    (quote,) = quotes("The ministry said in a statement that the border would reopen.")
    assert (speaker(quote), quote.speaker_type) == ("The ministry", "organisation")
    (quote,) = quotes("The port's operator, Aldwych Maritime, said it had offered a rise in pay.")
    assert (speaker(quote), quote.speaker_type) == ("Aldwych Maritime", "organisation")


def test_coordinated_speakers_are_a_group(quotes):
    (quote,) = quotes(
        "Mr Knights and his colleague Hamdi Malik recently noted that the coalition would grow."
    )
    assert quote.speaker_type == "group"
    assert speaker(quote) == "Mr Knights and his colleague Hamdi Malik"


def test_role_noun_resolves_to_the_person_it_introduced(quotes):
    found = quotes(
        "The transport minister, Helen Brandt, visited the port. "
        "“We will do what it takes,” the minister said."
    )
    quote = find(found, "what it takes")
    assert quote.speaker_entity == "Helen Brandt" and speaker(quote) == "the minister"


# --- partial quotes and scare quotes ---------------------------------------------------------


def test_a_fragment_takes_the_speaker_of_an_as_clause_beside_it(quotes):
    for text, expected in [
        (
            "Critics asked whether the dam is really the “safest in Europe”, as claimed by "
            "the ministry.",
            "the ministry",
        ),
        ("The plan was “dead on arrival”, as the senator put it.", "the senator"),
        ("The reforms were “long overdue”, as the mayor said on Monday.", "the mayor"),
    ]:
        partial = find(quotes(text), "", "partial")
        assert speaker(partial) == expected, text


def test_partial_quote_takes_the_speaker_of_the_reporting_verb(quotes):
    found = quotes(
        "She met former president George W Bush, who described him as “a good man with a "
        "difficult job”."
    )
    quote = find(found, "a good man")
    assert quote.kind == "partial"
    assert (speaker(quote), quote.cue.text) == ("George W Bush", "described")


def test_partial_quote_after_a_passive_reporting_verb_names_the_agent(quotes):
    (quote,) = quotes("He was considered by some in Washington to be “our man in Iraq”.")
    assert quote.kind == "partial"
    assert (speaker(quote), quote.speaker_type) == ("some in Washington", "group")


def test_partial_quote_with_a_pronoun_speaker(quotes):
    found = quotes(
        "Mr Whitlock left early. He described the engineers' report as “a useful warning”."
    )
    quote = find(found, "useful warning")
    assert speaker(quote) == "He" and "Whitlock" in quote.speaker_entity


def test_scare_quotes_get_no_speaker(quotes):
    found = quotes("The spreadsheet, stored in a folder called “Q4 misc”, was never shown.")
    quote = find(found, "Q4 misc")
    assert quote.kind == "partial" and quote.speaker is None and quote.speaker_entity is None
    assert "scare quotes" in quote.reason


def test_fragment_inside_the_subject_is_not_reported_by_the_verb(quotes):
    found = quotes(
        "Many of the so-called “harbour families” who live beside the site say they were never "
        "consulted."
    )
    assert find(found, "harbour families", "partial").speaker is None
    assert find(found, "never consulted", "indirect").speaker_type == "group"


# --- reported speech --------------------------------------------------------------------------


def test_indirect_quote_with_that_clause(quotes):
    (quote,) = quotes("Mr Al Maliki told a journalist that the evidence against him was slim.")
    assert quote.kind == "indirect"
    assert quote.text == "the evidence against him was slim"
    assert quote.cue.text == "told"


def test_indirect_quote_without_that(quotes):
    (quote,) = quotes(
        "Iraqi analyst Sadiq Hassan argues this has become a formal effort to intimidate critics."
    )
    assert quote.text.startswith("this has become") and speaker(quote) == "Sadiq Hassan"


def test_according_to_at_the_end(quotes):
    (quote,) = quotes(
        "Nouri Al Maliki was days away from being sanctioned, according to a source close to the "
        "matter."
    )
    assert quote.kind == "indirect"
    assert quote.text == "Nouri Al Maliki was days away from being sanctioned"
    assert quote.cue.text == "according to"
    assert (speaker(quote), quote.speaker_type) == ("a source close to the matter", "anonymous")


def test_according_to_at_the_start(quotes):
    (quote,) = quotes("According to the union, more than 900 workers took part.")
    assert quote.text == "more than 900 workers took part"
    assert speaker(quote) == "the union"


def test_according_to_which_reports_what_follows_by_the_noun_before(quotes):
    (quote,) = quotes(
        "The two countries signed a border treaty, according to which the disputed island "
        "would be shared."
    )
    assert quote.text == "the disputed island would be shared"
    assert (speaker(quote), quote.speaker_type) == ("a border treaty", "document")


def test_parenthetical_attribution(quotes):
    (quote,) = quotes("The talks, officials said, would resume on Monday.")
    assert quote.kind == "indirect" and speaker(quote) == "officials"


def test_reported_speech_with_a_partial_quote_inside(quotes):
    found = quotes(
        "He has pushed for a new law, saying that anyone who objects is following "
        "“foreign agendas”."
    )
    indirect = find(found, "anyone who objects", "indirect")
    partial = find(found, "foreign agendas", "partial")
    assert speaker(indirect) == speaker(partial) == "He"


def test_a_reason_given_inside_the_reported_clause_stays_in_it(quotes):
    # "shown" reports only with a source for its subject; "the drugs" is none.
    (quote,) = quotes(
        "The ministry announced the trial was halted because the drugs had shown clear benefits."
    )
    assert quote.text == "the trial was halted because the drugs had shown clear benefits"
    assert speaker(quote) == "The ministry"


def test_a_source_reporting_inside_the_clause_still_ends_it(quotes):
    found = quotes("The minister said the plan had failed, as two studies found last year.")
    assert find(found, "the plan had failed", "indirect").text == "the plan had failed"


def test_and_added_starts_a_quote_of_the_same_speaker(quotes):
    found = quotes("The coach admitted the team had played badly and added the players were tired.")
    first = find(found, "the team had played badly", "indirect")
    second = find(found, "the players were tired", "indirect")
    assert first.text == "the team had played badly"
    assert speaker(first) == speaker(second) == "The coach"


def test_another_cue_inside_the_clause_may_be_the_reported_persons(quotes):
    (quote,) = quotes("He said the minister resigned and announced the plan was dead.")
    assert quote.text == "the minister resigned and announced the plan was dead"


def test_made_it_clear_that_reports_a_clause(quotes):
    for text, clause in [
        ("The union has made it clear that strikes would continue.", "strikes would continue"),
        ("The minister made clear that the plan was dead.", "the plan was dead"),
    ]:
        (quote,) = quotes(text)
        assert (quote.kind, quote.text) == ("indirect", clause), text
    assert quotes("They made the deck clear of ice before the storm came.") == []


def test_called_it_unlikely_that_reports_a_clause(quotes):
    (quote,) = quotes("The economist called it unlikely that the bank would fund the project.")
    assert (quote.kind, quote.text) == ("indirect", "the bank would fund the project")
    assert speaker(quote) == "The economist"
    (partial,) = quotes("She called the plan “a disaster” on Monday.")
    assert partial.kind == "partial"


def test_a_statement_saying_is_spoken_by_whoever_issued_it(quotes):
    (quote,) = quotes("The court's spokesman issued a statement saying the judges were panicking.")
    assert quote.text == "the judges were panicking"
    assert speaker(quote) == "The court's spokesman"
    (quote,) = quotes("A letter arrived on Friday saying the lease was over.")
    assert (speaker(quote), quote.speaker_type) == ("A letter", "document")


def test_a_cue_with_a_source_of_its_own_still_ends_the_clause(quotes):
    found = quotes("The mayor said the plan would fail, while officials said it was sound.")
    assert find(found, "the plan would fail").text == "the plan would fail"
    assert speaker(find(found, "it was sound")) == "officials"


def test_a_reported_clause_ending_in_quoted_words_keeps_them_and_their_mark(quotes):
    found = quotes("She said the crew “had not been heard from”.")
    assert find(found, "the crew", "indirect").text == "the crew “had not been heard from”"


def test_saying_after_a_comma_inside_the_clause_starts_a_quote_of_the_same_speaker(quotes):
    found = quotes(
        "Officials insisted that the vote was fair, saying observers had found no fraud."
    )
    first = find(found, "the vote was fair", "indirect")
    second = find(found, "observers had found no fraud", "indirect")
    assert first.text == "the vote was fair"
    assert speaker(first) == speaker(second) == "Officials"


def test_quoted_as_saying_is_spoken_by_the_one_quoted(quotes):
    (quote,) = quotes("The minister was quoted as saying the plan would fail within a year.")
    assert quote.text == "the plan would fail within a year"
    assert speaker(quote) == "The minister"


def test_declining_to_say_is_not_a_quote(quotes):
    assert quotes("Ms Brandt declined to say whether ministers had spoken to the company.") == []


def test_negated_cue_is_not_a_quote(quotes):
    assert quotes("The company did not say that it would cut jobs.") == []


def test_writer_inference_is_not_reported_speech(quotes):
    found = quotes("His new political efforts suggest he may be rekindling old alliances.")
    assert found == []


def test_a_document_can_suggest(quotes):
    (quote,) = quotes("A leaked report suggests the deal could be signed next week.")
    assert quote.speaker_type == "document"


def test_a_direct_quote_is_not_reported_speech_twice(quotes):
    found = quotes("“He was so close to designation,” the source said.")
    assert [q.kind for q in found] == ["direct"]


def test_being_asked_is_not_speaking(quotes):
    found = quotes("Asked whether he would resign, Mr Jones said: “No.”")
    assert [q.kind for q in found] == ["direct"]
    assert speaker(found[0]) == "Mr Jones"


def test_a_quote_paragraph_after_narrative_does_not_continue_the_last_speaker(quotes):
    found = quotes(
        "“It has been a rough quarter,” said Karen Wu. She added that margins could recover.\n\n"
        "“Why now?” The question hung over the meeting."
    )
    assert find(found, "Why now").speaker is None


def test_a_person_called_he_is_not_later_she(quotes):
    found = quotes(
        "Police arrested John Smith on Friday. “I am innocent,” he said.\n\n"
        "“Our goal is to double sales,” she said."
    )
    assert find(found, "innocent").speaker_entity == "John Smith"
    assert find(found, "double sales").speaker_entity is None
