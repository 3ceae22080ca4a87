"""The pipeline the pre-tagger runs: the model plus the paragraph rule."""

from apps.nlp.pipeline import get_nlp


def test_no_sentence_runs_across_a_paragraph_break():
    text = (
        "Readers were quick to reply and we do not need such rules here\n\n"
        "Martha Lind asks whether the council listened at all"
    )
    doc = get_nlp()(text)
    second = text.index("Martha")
    assert all(not (s.start_char < second < s.end_char) for s in doc.sents)
    assert any(s.start_char == second for s in doc.sents)
