"""Span conventions for entity mentions (OntoNotes, as the exports train other models):
no mention crosses a line break, possessives and edge punctuation stay out, abbreviation
full stops stay in, a leading "the" goes unless it is part of the name, and titles stay
outside a person's span.
"""

from __future__ import annotations

import re

from apps.nlp.entities.words import HONORIFICS, TITLE_NEEDS_MORE, bare, is_title_word

_EDGE_PUNCT = "\"'“”‘’«»()[]{}<>.,;:!?—–-*_/ \t\n"
_POSSESSIVE = re.compile(r"(?:['’]s|s['’])$")
_BRACKET = re.compile(r"[\[\](){}]")
_PIECE = re.compile(r"[^\[\](){}]+")
# A word whose final full stop belongs to it: "U.S.", "A.I.", "J.", "Jr.", "Inc.".
_ABBREVIATION = re.compile(
    r"(?:[A-Za-z]\.){2,}|[A-Z]\.|(?:Jr|Sr|Inc|Co|Corp|Ltd|Bros|St|Mt|Ft|Gen|Col|Lt|Sgt|No)\."
)
_TRAILING_FUNCTION_WORD = re.compile(r"\s+(?:of|the|and|for|in|on|at|to|by|with)$")
# What may stand between a sentence's end and its first word.
_SENTENCE_END = ".!?:;\n"
_OPENERS = " \t\"'“‘«([—–-"
_QUOTE_OPENERS = '"“‘«'


def paragraph_pieces(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """The parts of [start, end) between line breaks: "Sport⏎⏎Hospital" is two names."""
    pieces = []
    offset = start
    for line in text[start:end].split("\n"):
        if line.strip():
            pieces.append((offset, offset + len(line)))
        offset += len(line) + 1
    return pieces


def tidy(text: str, start: int, end: int, *, keep_the: bool = True) -> tuple[int, int] | None:
    """Drop brackets, edge punctuation, a possessive and a leading lower-case or
    sentence-initial "the" from one line's entity span; keep abbreviation full stops."""
    surface = text[start:end]
    # "Ibrahim] Jaafari": a bracket inside a name span means it spans an editorial insertion.
    pieces = [m for m in _PIECE.finditer(surface) if m.group().strip(_EDGE_PUNCT)]
    if not pieces:
        return None
    if len(pieces) > 1 and _BRACKET.search(surface):
        piece = pieces[-1]
        start, end = start + piece.start(), start + piece.end()
    start, end = strip_edges(text, start, end)
    match = _POSSESSIVE.search(text[start:end])
    if match and end - start > 2:
        if text[end - 1] in "'’":
            end -= 1  # "Chalabis'" → "Chalabis"
        else:
            end -= 2  # "Mr Maliki's" → "Mr Maliki"
        start, end = strip_edges(text, start, end)
    name_the = keep_the and text[start] == "T" and not at_sentence_start(text, start)
    if text.startswith(("the ", "The "), start) and end - start > 4 and not name_the:
        start, end = strip_edges(text, start + 4, end)
    # "Command and Control Centre of": a name does not end with a function word.
    trailing = _TRAILING_FUNCTION_WORD.search(text, start, end)
    if trailing is not None and trailing.start() > start:
        start, end = strip_edges(text, start, trailing.start())
    return (start, end) if start < end else None


def strip_edges(text: str, start: int, end: int) -> tuple[int, int]:
    """[start, end) without punctuation or spaces at either edge, but with an
    abbreviation's full stop."""
    while start < end and text[start] in _EDGE_PUNCT:
        start += 1
    while start < end and text[end - 1] in _EDGE_PUNCT:
        end -= 1
    if start < end and end < len(text) and text[end] == ".":
        word_start = max(start, text.rfind(" ", start, end) + 1)
        if _ABBREVIATION.fullmatch(text, word_start, end + 1):
            end += 1
    return start, end


def at_sentence_start(text: str, index: int) -> bool:
    """Whether only spaces, quote marks or brackets stand between `index` and the end of
    the previous sentence (or the start of the text)."""
    while index > 0 and text[index - 1] in _OPENERS:
        index -= 1
        if text[index] in _QUOTE_OPENERS:
            return True  # a quotation starts a sentence of its own
    return index == 0 or text[index - 1] in _SENTENCE_END


def split_title(text: str, start: int, end: int, *, offices: bool) -> tuple[int, list[str]]:
    """Move `start` past the titles that open a name ("Dr. Tristan Smith" → "Tristan
    Smith"): honorifics always, office titles when `offices` (a person's span). Returns the
    new start and the titles, case folded without full stops. The last word always stays,
    and so does a title that opens a name rather than an office ("Crown Heights")."""
    words = list(re.finditer(r"\S+", text[start:end]))
    count = 0
    while count < len(words) - 1:
        word = bare(words[count].group())
        crown_prince = word == "prince" and count and bare(words[count - 1].group()) == "crown"
        if word in HONORIFICS:
            # After "Ms", the rest of the title is an office: "Ms Justice Chisanga".
            count, offices = count + 1, True
        elif offices and (is_title_word(word) or crown_prince):
            count += 1
        else:
            break
    while count and bare(words[count - 1].group()) in TITLE_NEEDS_MORE:
        count -= 1
    if not count or not any(c.isupper() for c in text[start + words[count].start() : end]):
        return start, []
    titles = [bare(w.group()) for w in words[:count]]
    return start + words[count].start(), titles
