"""Quotes set as paragraphs without marks: block quotations, transcripts, posts."""

from tests.nlp.quote_helpers import find, speaker


def test_block_quotation_after_a_line_ending_with_a_colon(quotes):
    found = quotes(
        "The council voted on Tuesday.\n\n"
        "Priya Raman, who chairs the residents' group, wrote on her blog:\n\n"
        "The vote ignores everyone who lives by the river. We will appeal.\n\n"
        "The appeal will be heard in the spring."
    )
    quote = find(found, "ignores everyone")
    assert quote.text == "The vote ignores everyone who lives by the river. We will appeal."
    assert quote.kind == "direct" and speaker(quote) == "Priya Raman"
    assert quote.cue.text == "wrote"
    assert not [q for q in found if "heard in the spring" in q.text]


def test_block_quotation_introduced_by_a_verb_outside_the_lexicon(quotes):
    found = quotes(
        "Readers reacted quickly.\n\n"
        "Tomas Berg congratulates the mayor:\n\n"
        "Well done, finally someone listened."
    )
    assert speaker(find(found, "finally someone listened")) == "Tomas Berg"


def test_block_quotation_runs_on_until_the_narrative_resumes(quotes):
    found = quotes(
        "Helen Ward said in her statement:\n\n"
        "I have served this town for twenty years and I am proud of it.\n\n"
        "I leave with a heavy heart, but the work goes on.\n\n"
        "Ward later told reporters that she had no plans to stand again."
    )
    assert speaker(find(found, "twenty years")) == "Helen Ward"
    assert speaker(find(found, "heavy heart")) == "Helen Ward"
    assert find(found, "no plans to stand").kind == "indirect"
    assert not [q for q in found if q.kind == "direct" and "no plans" in q.text]


def test_a_new_introduction_ends_the_block(quotes):
    found = quotes(
        "Jonas Eklund notes:\n\n"
        "The budget is too small.\n\n"
        "Maria Costa disagrees:\n\n"
        "It is enough if it is spent well."
    )
    assert speaker(find(found, "too small")) == "Jonas Eklund"
    assert speaker(find(found, "spent well")) == "Maria Costa"
    assert not [q for q in found if "disagrees" in q.text]


def test_a_heading_after_a_block_is_not_quoted(quotes):
    found = quotes(
        "Amira Haddad told the hearing:\n\n"
        "We were never consulted about the road.\n\n"
        "Road works\n\n"
        "The road opened in 2019."
    )
    assert speaker(find(found, "never consulted")) == "Amira Haddad"
    assert not [q for q in found if "Road works" in q.text or "opened" in q.text]


def test_interview_answers_take_the_label_spelled_out_earlier(quotes):
    found = quotes(
        "We spoke to the architect Lena Morris at the fair.\n\n"
        "City Weekly (CW): What drew you to timber?\n\n"
        "Lena Morris (LM): It is warm, it is light, and it stores carbon.\n\n"
        "It also smells wonderful on site.\n\n"
        "CW: Is it safe in a fire?\n\n"
        "LM: Thick timber chars on the outside and keeps its strength."
    )
    assert [q for q in found if "timber?" in q.text or "safe in a fire" in q.text] == []
    first = find(found, "stores carbon")
    assert (speaker(first), first.speaker_entity) == ("Lena Morris", "Lena Morris")
    assert find(found, "smells wonderful").speaker_entity == "Lena Morris"
    later = find(found, "chars on the outside")
    assert speaker(later) == "LM" and later.speaker_entity == "Lena Morris"
    assert later.cue is None


def test_question_and_answer_labels(quotes):
    found = quotes(
        "Dr Samuel Okoro has studied the river for a decade.\n\n"
        "Q: How polluted is it?\n\n"
        "A: Less than it was, but the fish have not come back.\n\n"
        "Q: Why not?\n\n"
        "A: The bed is still full of silt."
    )
    assert not [q for q in found if "How polluted" in q.text or "Why not" in q.text]
    answer = find(found, "fish have not come back")
    assert answer.speaker_entity == "Samuel Okoro"
    assert find(found, "full of silt").speaker_entity == "Samuel Okoro"


def test_post_printed_after_its_author_s_handle(quotes):
    found = quotes(
        "The decision drew comment online.\n\n"
        "@riverwatch: Another bad day for the estuary. #floods\n\n"
        "@k_mensah: Good news at last for the farmers."
    )
    post = find(found, "bad day for the estuary")
    assert speaker(post) == "@riverwatch" and post.speaker_type == "named"
    assert speaker(find(found, "Good news at last")) == "@k_mensah"


def test_editor_s_note_inside_an_answer_is_left_out(quotes):
    found = quotes(
        "Nadia Petrova (NP): We export to six countries (editor's note: mostly in Asia). "
        "Next year it will be ten."
    )
    assert not [q for q in found if "editor's note" in q.text]
    assert find(found, "six countries").speaker_entity == "Nadia Petrova"
    assert find(found, "Next year").speaker_entity == "Nadia Petrova"


def test_a_closing_mark_ends_a_block_quotation(quotes):
    found = quotes(
        "Nora Quist wrote on her blog:\n\n"
        "I miss our evenings by the river and I always will.”\n\n"
        "We will all miss her voice and her songs."
    )
    assert speaker(find(found, "evenings by the river")) == "Nora Quist"
    assert not [q for q in found if "her voice" in q.text]
    assert len([q for q in found if "evenings" in q.text]) == 1


def test_a_paragraph_naming_the_interviewee_ends_the_answer(quotes):
    found = quotes(
        "Nina Brandt (NB): We started with two looms and I still use one of them.\n\n"
        "The interview with Nina Brandt took place at her studio."
    )
    assert find(found, "two looms").speaker_entity == "Nina Brandt"
    assert not [q for q in found if "took place" in q.text]


def test_line_opening_with_a_name_whose_cue_lost_its_subject(quotes):
    found = quotes(
        "Lakeside Radio, in a long post titled “Farewell to the Pier” said:\n\n"
        "The pier served the town for a hundred and twenty years."
    )
    assert speaker(find(found, "hundred and twenty years")) == "Lakeside Radio"


def test_capitalised_name_the_tagger_took_for_a_plural_noun(quotes):
    found = quotes(
        "Readers wrote in all week.\n\n"
        "Sportsbeats compiled messages from former players:\n\n"
        "He was the best striker we ever had."
    )
    assert speaker(find(found, "best striker")) == "Sportsbeats"


def test_an_unnamed_writer_introducing_a_block_is_an_anonymous_speaker(quotes):
    found = quotes(
        "A local blogger asks:\n\nI wonder whether anyone in the city hall reads what we write."
    )
    quote = find(found, "city hall reads")
    assert quote.speaker_type == "anonymous" and "blogger" in speaker(quote)


def test_paragraph_signed_with_a_dash_and_a_cue(quotes):
    found = quotes(
        "The forum opens on Monday.\n\n"
        "We expect more visitors than ever, and more of them from abroad - says Ines Dahl, "
        "director of the forum."
    )
    quote = find(found, "more visitors than ever")
    assert quote.text == "We expect more visitors than ever, and more of them from abroad"
    assert speaker(quote) == "Ines Dahl" and quote.cue.text == "says"


def test_a_post_that_quotes_someone_gives_both_quotes(quotes):
    found = quotes(
        "The fair drew comment online.\n\n"
        "@hirewatch: Who here is hiring engineers this year? - Ana Ruiz asks at the fair"
    )
    post = find(found, "hiring engineers this year? - Ana Ruiz")
    assert speaker(post) == "@hirewatch"
    inner = [q for q in found if q.text == "Who here is hiring engineers this year?"]
    assert inner and speaker(inner[0]) == "Ana Ruiz"
