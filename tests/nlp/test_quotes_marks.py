"""Finding quotations from their marks alone (no model needed)."""

import pytest

from apps.nlp.quotes.marks import find_quoted_spans


def contents(text: str) -> list[str]:
    return [text[s.content_start : s.content_end] for s in find_quoted_spans(text)]


@pytest.mark.parametrize(
    "text",
    [
        "“We will win,” she said.",
        '"We will win," she said.',
        "‘We will win,’ she said.",
        "'We will win,' she said.",
        "``We will win,'' she said.",
        "«We will win,» she said.",
        '"We will win,” she said.',  # straight opening, curly closing, as pasted copy mixes
    ],
)
def test_every_quote_mark_style_gives_the_same_content(text):
    assert contents(text) == ["We will win,"]


def test_apostrophes_are_not_quote_marks():
    text = "The voters' choice was clear, and Mr Lee’s team didn't argue with the ’90s figures."
    assert contents(text) == []


def test_plural_possessive_inside_a_single_quoted_quote_does_not_close_it():
    text = "‘The voters’ patience has run out,’ she said."
    assert contents(text) == ["The voters’ patience has run out,"]


def test_elisions_do_not_open_quotes():
    assert contents("They played rock 'n' roll until 'em all left, like in the '80s.") == []


def test_nested_quotes_stay_inside_their_outer_quote():
    text = "“They thought, ‘he's a nationalist,’ and that was that,” he said."
    spans = find_quoted_spans(text)
    assert [text[s.content_start : s.content_end] for s in spans] == [
        "They thought, ‘he's a nationalist,’ and that was that,"
    ]
    inner_start, inner_end = spans[0].inner[0]
    assert text[inner_start:inner_end] == "‘he's a nationalist,’"


def test_british_style_double_inside_single():
    text = "'I said \"no\" and walked out,' she recalled."
    assert contents(text) == ['I said "no" and walked out,']


def test_missing_closing_mark_reaches_the_next_opening_mark():
    text = '"Prices will fall, says Ann Lee. "They always do," she added.'
    spans = find_quoted_spans(text)
    assert spans[0].missing_close and not spans[0].missing_open
    assert text[spans[0].content_start : spans[0].content_end] == "Prices will fall, says Ann Lee."
    assert text[spans[1].content_start : spans[1].content_end] == "They always do,"


def test_missing_opening_mark_starts_after_the_previous_quote():
    text = "Mr Okafor spoke last. We want fairness, not favours,” he told the rally."
    spans = find_quoted_spans(text)
    assert len(spans) == 1 and spans[0].missing_open
    # The marks alone only bound it by the paragraph; the parse narrows it later.
    assert text[spans[0].content_start : spans[0].content_end].endswith("not favours,")


def test_unclosed_paragraph_continues_in_the_next_paragraph_that_opens_with_a_mark():
    text = "“The first part of it.\n\n“And the second part,” she said.\n\nNarrative follows."
    spans = find_quoted_spans(text)
    assert len(spans) == 1
    assert spans[0].paragraphs == 2
    assert text[spans[0].content_start : spans[0].content_end] == (
        "The first part of it.\n\n“And the second part,"
    )


def test_unclosed_paragraph_without_a_continuation_ends_at_the_paragraph():
    text = "“The quote never closes, she said.\n\nNarrative follows."
    spans = find_quoted_spans(text)
    assert len(spans) == 1 and spans[0].missing_close
    assert text[spans[0].content_start : spans[0].content_end] == (
        "The quote never closes, she said."
    )


def test_a_measurement_is_not_a_closing_mark():
    assert contents('The shelf is 5\'11" tall and the door 6" wide.') == []


def test_square_brackets_stay_inside_the_quote():
    text = "“Maliki provided Fatah [a political bloc] with instinct,” he said."
    assert contents(text) == ["Maliki provided Fatah [a political bloc] with instinct,"]


def test_offsets_are_code_points_with_astral_characters():
    text = "🎉 “Party time 🎉,” she said."
    (span,) = find_quoted_spans(text)
    assert text[span.content_start : span.content_end] == "Party time 🎉,"
    assert span.start == 2


# --- archive conventions ----------------------------------------------------------------------


def test_two_apostrophes_open_as_well_as_close():
    assert contents("The mayor said ''We will rebuild the pier'' on Friday.") == [
        "We will rebuild the pier"
    ]


def test_latex_style_guillemets_and_low_nine_marks():
    assert contents("He said, ``We will rebuild,'' and left.") == ["We will rebuild,"]
    assert contents("Elle a dit « Nous reviendrons » hier.") == ["Nous reviendrons"]
    assert contents("Er sagte „Wir kommen wieder“ gestern.") == ["Wir kommen wieder"]


def test_british_single_marks_beside_apostrophes():
    assert contents("'It's over,' she said. The voters' mood changed. 'We lost.'") == [
        "It's over,",
        "We lost.",
    ]


def test_unclosed_british_single_mark_before_a_capital_opens_a_quote():
    found = contents("He told the paper 'It is a sad day, Lee said. 'We will miss him.")
    assert found == ["It is a sad day, Lee said.", "We will miss him."]


def test_straight_double_marks_nested_in_straight_double_marks():
    text = 'He wrote: "The "Blue Line" is not running. Nobody told us why."'
    assert contents(text) == ['The "Blue Line" is not running. Nobody told us why.']
