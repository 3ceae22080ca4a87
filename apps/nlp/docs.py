"""Reading a parsed Doc once: what every rule asks of it, kept with it.

`Doc.text` joins every token's text anew on each call, and the rules ask for it a dozen
times an article; the text never changes once parsed (retokenising keeps it), so it is
kept in the Doc's `user_data` on first use. So is the list of its tokens: iterating a Doc
makes a new Token object for every token on every pass, and the rules make a dozen passes.
The rules never retokenise; what depends on the tokens is read again should their number
change. `forget` drops what was kept (the kept tokens point back at their Doc).
"""

from __future__ import annotations

from spacy.attrs import IDX
from spacy.tokens import Doc, Token

_TEXT = ("newsdesk", "text")
_TOKEN_STARTS = ("newsdesk", "token_starts")
_TOKENS = ("newsdesk", "tokens")


def doc_text(doc: Doc) -> str:
    """The Doc's text, joined once."""
    text = doc.user_data.get(_TEXT)
    if text is None:
        text = doc.text
        doc.user_data[_TEXT] = text
    return text


def token_starts(doc: Doc) -> list[int]:
    """Each token's character offset, in order (read as one array, not token by token)."""
    starts = doc.user_data.get(_TOKEN_STARTS)
    if starts is None or len(starts) != len(doc):
        starts = doc.to_array(IDX).tolist() if len(doc) else []
        doc.user_data[_TOKEN_STARTS] = starts
    return starts


def doc_tokens(doc: Doc) -> list[Token]:
    """The Doc's tokens as one list, made once (index it as the Doc: `tokens[i]`)."""
    tokens = doc.user_data.get(_TOKENS)
    if tokens is None or len(tokens) != len(doc):
        tokens = list(doc)
        doc.user_data[_TOKENS] = tokens
    return tokens


def forget(doc: Doc) -> None:
    """Drop what the functions above kept in the Doc."""
    for key in (_TEXT, _TOKEN_STARTS, _TOKENS):
        doc.user_data.pop(key, None)
