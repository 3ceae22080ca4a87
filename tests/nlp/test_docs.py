"""What the rules read of a Doc once: its text, tokens and token offsets."""

from apps.nlp.docs import doc_text, doc_tokens, forget, token_starts
from apps.nlp.pipeline import get_nlp, pretag_doc


def test_the_text_tokens_and_offsets_are_the_docs_and_made_once():
    doc = get_nlp()("Ana Silva said on Monday:\n\n“We will not stop.”")
    assert doc_text(doc) == doc.text
    assert doc_text(doc) is doc_text(doc)
    tokens = doc_tokens(doc)
    assert [t.i for t in tokens] == list(range(len(doc))) and doc_tokens(doc) is tokens
    assert token_starts(doc) == [t.idx for t in doc]


def test_tokens_and_offsets_are_read_again_when_the_tokens_change():
    doc = get_nlp()("New York City is large.")
    assert len(doc_tokens(doc)) == len(token_starts(doc)) == 6
    with doc.retokenize() as retokenizer:
        retokenizer.merge(doc[0:3])
    assert [t.text for t in doc_tokens(doc)] == ["New York City", "is", "large", "."]
    assert token_starts(doc) == [0, 14, 17, 22]


def test_forget_drops_what_was_kept_and_pretagging_leaves_nothing_behind():
    doc = get_nlp()("Omar Haddad said the vote was fair.")
    doc_tokens(doc), doc_text(doc), token_starts(doc)
    forget(doc)
    assert doc.user_data == {}
    result = pretag_doc("1", doc)
    assert result.text == doc.text and doc.user_data == {}
