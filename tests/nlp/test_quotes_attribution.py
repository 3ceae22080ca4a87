"""Attribution rules for quotes in marks and reported speech, on the real model."""

from tests.nlp.quote_helpers import find, speaker, texts

# --- names, titles and terms in marks are not quotes -----------------------------------------


def test_titles_and_names_in_marks_are_not_quotes(quotes):
    found = quotes(
        "The band closed with “Rivers of Light”, a song from the album “Down by the Water”. "
        "The virus was given the code “XK-7” by the lab."
    )
    assert found == []


def test_scare_quotes_around_the_writer_s_words_stay(quotes):
    found = quotes("The so-called “quiet season” brought more visitors than ever.")
    assert texts(found) == ["quiet season"]


# --- a quote that continues after its attribution, and quotes split around the cue ---------


def test_quote_split_around_a_cue_with_words_between(quotes):
    found = quotes(
        "“We did everything we could, and more than that,” Ines Moreau said in her memoir, "
        "“but the river was faster than any of us.”"
    )
    first, second = find(found, "everything we could"), find(found, "river was faster")
    assert second.kind == "direct"
    assert speaker(first) == speaker(second) == "Ines Moreau"


def test_quote_after_the_rest_of_its_attribution_sentence(quotes):
    found = quotes(
        "Ravi Menon, the coach of the team, wrote of his captain, “She never gave up”, "
        "remembering the final. “She played the last ten minutes with a broken wrist.”"
    )
    assert speaker(find(found, "broken wrist")) == "Ravi Menon"


def test_quote_after_reported_speech_continues_its_speaker(quotes):
    found = quotes(
        "Carla Nunes revealed that the festival would move to the harbour. "
        "“The old site is simply too small for us now.”"
    )
    assert speaker(find(found, "too small for us")) == "Carla Nunes"


def test_narrative_with_a_new_subject_still_separates_quotes(quotes):
    found = quotes(
        "“We are ready,” said Omar Haddad. The council then voted against the plan. "
        "“This is a sad day.”"
    )
    assert find(found, "sad day").speaker is None


def test_a_word_of_the_quote_is_never_the_speaker(quotes):
    found = quotes("“It was cold, and all that,” Mira Ek said at the launch.")
    assert speaker(find(found, "all that")) == "Mira Ek"


# --- reporting verbs outside the lexicon, recognised by where they stand ---------------------


def test_verb_outside_the_lexicon_introducing_a_quote_after_a_comma(quotes):
    found = quotes(
        "Senator Paula Reyes, speaking from the floor, defended the bill, "
        "“Nobody will lose their home because of this law.”"
    )
    quote = find(found, "lose their home")
    assert quote.kind == "direct"
    assert (speaker(quote), quote.cue.text) == ("Paula Reyes", "defended")


def test_verb_outside_the_lexicon_right_after_a_quote(quotes):
    found = quotes("“That is the last time I carry the flag,” Marta Lind grinned.")
    quote = find(found, "carry the flag")
    assert (speaker(quote), quote.cue.text) == ("Marta Lind", "grinned")


def test_reporting_verb_with_words_between_it_and_the_quote(quotes):
    found = quotes(
        "Kenji Sato wrote wryly on social media late on Sunday: “The trains ran on time. Once.”"
    )
    assert speaker(find(found, "trains ran on time")) == "Kenji Sato"


def test_first_person_fragment_takes_the_subject_of_any_verb(quotes):
    found = quotes(
        "Rosa Alvarez took up sewing because it “reminds me of my grandmother's workshop.”"
    )
    assert find(found, "grandmother's workshop").speaker_entity == "Rosa Alvarez"


def test_first_person_fragment_without_a_verb_continues_the_last_speaker(quotes):
    found = quotes(
        "“I wanted accuracy over comfort,” Dana Cole told the magazine. The suit "
        "“is very heavy, so I drink a lot of water”."
    )
    assert speaker(find(found, "drink a lot of water")) == "Dana Cole"


# --- pronouns ---------------------------------------------------------------------------------


def test_pronoun_takes_the_person_whose_first_name_fits(quotes):
    found = quotes(
        "Daniel Moreno met Grace Whitfield at the station. "
        "“The trains will run again on Monday,” she said."
    )
    assert find(found, "trains will run").speaker_entity == "Grace Whitfield"
    found = quotes(
        "Grace Whitfield met Daniel Moreno at the station. "
        "“The trains will run again on Monday,” he said."
    )
    assert find(found, "trains will run").speaker_entity == "Daniel Moreno"


def test_the_listener_in_the_pronoun_s_own_sentence_is_not_the_speaker(quotes):
    found = quotes(
        "The prince agreed to an interview at last. Speaking to Laura Benson of the network, "
        "he said, “The failure was mine and I accept it.”"
    )
    assert find(found, "failure was mine").speaker_entity != "Laura Benson"


def test_a_new_subject_outweighs_the_last_speaker(quotes):
    found = quotes(
        "“We will rebuild,” said Tom Hardy.\n\n"
        "Peter Olsen, who has run the bakery for thirty years, was less sure. "
        "“Nobody has told us anything,” he said."
    )
    assert find(found, "Nobody has told us").speaker_entity == "Peter Olsen"


def test_pronoun_resolves_to_a_speaker_named_by_description(quotes):
    found = quotes(
        "The head of the safety board told the inquiry “Nobody checked the brakes.” "
        "She also said “We should have been called at once.”"
    )
    assert find(found, "called at once").speaker_entity == "The head of the safety board"


def test_first_name_is_used_only_to_choose_an_antecedent(quotes):
    found = quotes("“I am staying,” said Helen Park.")
    assert {q.speaker_type for q in found} == {"named"}
    assert all("female" not in q.reason and "gender" not in q.reason for q in found)


def test_the_subject_of_reported_speech_is_an_antecedent(quotes):
    found = quotes(
        "The network reported that Prince Karim Aga accepted responsibility for the fire "
        "but denied ordering it. “The failure was mine,” he said."
    )
    assert find(found, "failure was mine").speaker_entity in ("Karim Aga", "Prince Karim Aga")


# --- documents as sources, and participles after a reported clause --------------------------


def test_a_document_speaker_keeps_what_identifies_it(quotes):
    found = quotes(
        "According to a statement released by the mayor's office, the bridge will reopen in May."
    )
    quote = find(found, "bridge will reopen", "indirect")
    assert speaker(quote) == "a statement released by the mayor's office"
    assert quote.speaker_type == "document"


def test_participle_after_a_reported_clause_goes_with_the_reporting_verb(quotes):
    found = quotes(
        "The driver described for a local paper how the crash unfolded, stating, “The lorry came "
        "from nowhere.”"
    )
    assert speaker(find(found, "came from nowhere")) == "The driver"


# --- reported speech: where the clause ends --------------------------------------------------


def test_reported_clause_with_a_quoted_fragment_inside_is_still_reported(quotes):
    found = quotes(
        "The minister argued that the new line “changes how the region sees itself” and "
        "would pay for itself."
    )
    clause = find(found, "new line", "indirect")
    assert "pay for itself" in clause.text and speaker(clause) == "The minister"
    assert find(found, "changes how the region", "partial")


def test_reported_clause_ends_at_a_semicolon(quotes):
    found = quotes("Alvarez claimed the money had been a loan; Brooks insisted it was a gift.")
    first = find(found, "had been a loan", "indirect")
    assert "gift" not in first.text and speaker(first) == "Alvarez"
    assert speaker(find(found, "it was a gift", "indirect")) == "Brooks"


def test_reported_clause_stops_before_someone_else_s_claim(quotes):
    found = quotes(
        "The agency says it has found no fault in the design despite the union claiming "
        "that engineers warned of cracks."
    )
    first = find(found, "no fault", "indirect")
    assert "union" not in first.text and speaker(first) == "The agency"


def test_reported_clause_does_not_run_into_the_next_paragraph(quotes):
    found = quotes(
        "Lena Vogt reminds critics that the tram was once mocked too:\n\n"
        "Everyone hated it and now everyone uses it."
    )
    clause = find(found, "tram was once mocked", "indirect")
    assert clause.text == "the tram was once mocked too" and speaker(clause) == "Lena Vogt"


# --- speakers the parse misses ---------------------------------------------------------------


def test_speaker_is_never_taken_from_another_paragraph(quotes):
    found = quotes(
        "We do not need such rules in our town\n\nHalvorsen asks, “Who decided this for us?”"
    )
    assert speaker(find(found, "Who decided")) == "Halvorsen"


def test_quote_after_a_sentence_whose_main_verb_reports(quotes):
    found = quotes(
        "Jonas Berg, who led the inquiry until May, also criticised the decision online. "
        "“Nobody asked the people who run the trains.”"
    )
    assert speaker(find(found, "Nobody asked")) == "Jonas Berg"


def test_the_outlet_told_is_never_the_speaker(quotes):
    found = quotes(
        "The goalkeeper Ade Bello also confirmed to Morning Post saying 'It is a sad day for "
        "all of us, Bello said."
    )
    assert find(found, "sad day").speaker_entity != "Morning Post"


def test_quote_signed_by_a_name_at_the_end_of_its_paragraph(quotes):
    found = quotes(
        "Tributes came from across the sport.\n\n"
        "“She was the finest runner of her generation” Maria Lopez, federation president"
    )
    quote = find(found, "finest runner")
    assert quote.kind == "direct" and speaker(quote) == "Maria Lopez"


def test_first_person_fragment_after_a_reporting_verb_earlier_in_the_sentence(quotes):
    found = quotes("She told a nurse at the desk, in French and in English, “they took my bag”.")
    assert speaker(find(found, "took my bag")) == "She"


# --- never a speaker --------------------------------------------------------------------------


def test_the_outlet_of_an_interview_is_never_the_speaker(quotes):
    found = quotes("“We will not sell the club,” told the Evening Star its new owner, Ray Dunn.")
    assert speaker(find(found, "not sell the club")) != "the Evening Star"
    found = quotes("Ray Dunn told the Evening Star: “We will not sell the club.”")
    assert speaker(find(found, "not sell the club")) == "Ray Dunn"


def test_a_day_is_never_the_speaker(quotes):
    for text in (
        "“The roads are closed,” said Monday, as the snow kept falling.",
        "On Tuesday the council said: “The roads are closed.”",
    ):
        quote = find(quotes(text), "roads are closed")
        assert speaker(quote) not in ("Monday", "Tuesday")


def test_a_first_person_pronoun_inside_the_quote_is_never_the_speaker(quotes):
    found = quotes("“I think we lost, and I know it,” the coach admitted.")
    assert speaker(find(found, "we lost")) == "the coach"


def test_roundup_label_before_a_quote(quotes):
    found = quotes(
        "What the critics said.\n\n"
        "Sofia Brandt, Daily Courier: “A bold, funny and tender film.”\n\n"
        "Leo Marsh, The Review: “Too long by half.”"
    )
    assert speaker(find(found, "bold, funny")) == "Sofia Brandt"
    assert speaker(find(found, "Too long by half")) == "Leo Marsh"


def test_documents_speak_with_their_author_when_the_text_names_one(quotes):
    found = quotes("A post by the mayor, Anne Holt, said the pool would close.")
    assert speaker(find(found, "pool would close")) == "Anne Holt"
    found = quotes("The statement said the talks would resume on Monday.")
    quote = find(found, "talks would resume")
    assert (speaker(quote), quote.speaker_type) == ("The statement", "document")


def test_reported_clause_runs_over_a_second_clause_the_parse_hung_on_the_cue(quotes):
    found = quotes(
        "The director said the label had to be short and, to avoid offence, it must not "
        "mention any town or people."
    )
    assert "any town or people" in find(found, "label had to be short", "indirect").text


def test_a_term_in_marks_inside_reported_speech_is_not_a_quote(quotes):
    found = quotes("The agency said “KX-9” would replace the old code name next year.")
    assert not [q for q in found if q.text == "KX-9"]


def test_they_resolves_to_a_group_named_by_a_noun(quotes):
    found = quotes(
        "The nurses lost their case in the high court on Friday. "
        "They said they would appeal to the supreme court."
    )
    assert find(found, "would appeal", "indirect").speaker_entity == "The nurses"


def test_a_subject_further_back_outweighs_a_nearer_name_in_another_role(quotes):
    found = quotes(
        "Clara Voss talked about her years on the show. Facing the loss of the character "
        "Nina Hale, the writers kept her on. “That call changed my life,” she says now."
    )
    assert find(found, "changed my life").speaker_entity == "Clara Voss"


def test_the_attribution_of_a_quote_in_marks_is_not_reported_speech(quotes):
    found = quotes(
        "Speaking to Lena Roth of the radio, he said, “The failure was mine. I take the blame.”"
    )
    assert [q.kind for q in found] == ["direct"]


def test_reported_clause_goes_on_over_a_statement_joined_with_and(quotes):
    found = quotes(
        "The union stressed that the offer is only a first step, and any deal would need "
        "a vote of the members. The talks then ended."
    )
    clause = find(found, "only a first step", "indirect")
    assert "vote of the members" in clause.text and "talks" not in clause.text
