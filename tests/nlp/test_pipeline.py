"""Long texts are parsed in parts and joined: the same offsets, quotes across parts intact."""

import pytest

from apps.nlp import pipeline
from apps.nlp.pipeline import get_nlp, pretag_texts, text_segments

PARAGRAPHS = [
    "Talks between the port authority and the dockers' union resumed in Rotterdam on Monday.",
    "“They came once with a leaflet,” said Margaret Doyle. “The man laughed at us.",
    "“Now they want fifty million pounds.”",
    "The port authority said it expected the first ships to leave by Wednesday evening.",
]
TEXT = "\n\n".join(PARAGRAPHS * 3)


def test_segments_join_back_to_the_text_and_keep_to_the_limit():
    parts = text_segments(TEXT, limit=120)
    assert "".join(parts) == TEXT and len(parts) > 4
    assert all(len(part) <= 120 for part in parts)
    assert all(part.endswith("\n\n") for part in parts[:-1])
    long_paragraph = "Mr Smith spoke at length. " * 40 + "He left."
    parts = text_segments(long_paragraph, limit=200)
    assert "".join(parts) == long_paragraph and all(len(p) <= 200 for p in parts)
    assert all(p.endswith(". ") for p in parts[:-1])  # cut after a sentence
    assert text_segments("Short.") == ["Short."]


def test_a_text_parsed_in_parts_has_the_offsets_and_quotes_of_the_whole(monkeypatch):
    nlp = get_nlp()
    (whole,) = pretag_texts([("a", TEXT)], nlp=nlp)
    assert len(text_segments(TEXT, limit=100)) > 6
    monkeypatch.setattr(pipeline, "text_segments", lambda text: text_segments(text, limit=100))
    (parted,) = pretag_texts([("a", TEXT)], nlp=nlp)

    assert parted.text == TEXT
    tokens = [(t.idx, t.text) for t in nlp(TEXT)]
    joined = pipeline.Doc.from_docs(list(nlp.pipe(text_segments(TEXT, limit=100))), False)
    assert [(t.idx, t.text) for t in joined] == tokens
    for mention in parted.entities:
        assert TEXT[mention.start : mention.end] == mention.text
    assert {(m.start, m.end, m.label) for m in parted.entities} == {
        (m.start, m.end, m.label) for m in whole.entities
    }
    # The quote opened in one paragraph runs on into the next, which is in another part.
    across = [q for q in parted.quotes if "laughed" in q.text]
    assert len(across) == 3
    for quote in across:
        assert quote.text == "The man laughed at us.\n\n“Now they want fifty million pounds."
        assert quote.speaker is not None and quote.speaker.text == "Margaret Doyle"
        assert TEXT[quote.start : quote.end] == quote.text
    assert [(q.start, q.end, q.kind) for q in parted.quotes] == [
        (q.start, q.end, q.kind) for q in whole.quotes
    ]


@pytest.mark.parametrize("count", [1, 3])
def test_results_come_one_per_text_in_order(count, monkeypatch):
    monkeypatch.setattr(pipeline, "text_segments", lambda text: text_segments(text, limit=150))
    items = [(str(n), TEXT if n % 2 else PARAGRAPHS[0]) for n in range(count)]
    results = list(pretag_texts(items, nlp=get_nlp()))
    assert [(r.id, r.text) for r in results] == items


def test_no_sentence_runs_across_a_paragraph_break():
    text = (
        "Readers were quick to reply and we do not need such rules here\n\n"
        "Martha Lind asks whether the council listened at all"
    )
    doc = get_nlp()(text)
    second = text.index("Martha")
    assert all(not (s.start_char < second < s.end_char) for s in doc.sents)
    assert any(s.start_char == second for s in doc.sents)
