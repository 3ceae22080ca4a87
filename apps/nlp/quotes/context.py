"""What every quote rule reads: the parsed article, its offsets, its mentions, its quotes.

`QuoteContext` is built once per article; the rules in direct.py, reported.py and
extract.py are functions over it. A `Draft` is a quote still being worked on: its speaker
may be a pronoun not yet resolved, or missing until the quote before it is known.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence
from dataclasses import dataclass

from spacy.tokens import Doc, Token

from apps.nlp.docs import doc_text, token_starts
from apps.nlp.quotes.marks import QuotedSpan
from apps.nlp.quotes.mentions import MentionIndex
from apps.nlp.quotes.speakers import (
    Speaker,
    describe,
    name_after,
    name_before,
    subject_of,
)
from apps.nlp.types import FoundMention, QuoteKind

SENTENCE_END = frozenset({".", "?", "!", "…"})
QUOTE_CHARS = "\"'“”‘’«»„`"
# How far around a quote the attribution is looked for, in tokens.
REGION_TOKENS = 40
_PARAGRAPH_BREAK_RE = re.compile(r"\n+")

# How each way of finding the speaker reads in the explanation given to the annotator.
_HOW_LABELS = {
    "subject": "subject of",
    "subject after": "subject after",
    "shared subject": "subject shared with",
    "document": "source of the document that goes with",
    "agent": "agent (by …) of",
    "according to": "object of",
    "name right after": "name right after",
    "name right before": "name right before",
}


@dataclass(slots=True)
class Draft:
    start: int
    end: int
    kind: QuoteKind
    rule: str
    cue: tuple[int, int] | None = None
    cue_word: str = ""
    speaker: Speaker | None = None
    speaker_rule: str = ""
    # Where the quote with its attribution ends; a quote right after it may continue it.
    attribution_end: int = 0
    outer_start: int = 0
    outer_end: int = 0  # with the quotation marks
    needs_speaker: bool = False  # direct quote without a cue: continues the previous speaker?
    scare: bool = False  # quoted fragment no verb reports
    # Quoted fragment no verb reports, inside reported speech whose speaker it takes.
    inside_reported: bool = False
    # Fragment in the first person no verb reports: the words of the last quote's speaker.
    voiced: bool = False


class QuoteContext:
    """The article being read, with offset look-ups that cost a bisection each."""

    def __init__(
        self, doc: Doc, mentions: list[FoundMention], *, blocks: Sequence[Sequence[int]] = ()
    ) -> None:
        self.doc = doc
        self.text = doc_text(doc)
        self.mentions = MentionIndex(mentions)
        self.mentions.learn_roles(doc)
        self.token_starts = token_starts(doc)
        breaks = list(_PARAGRAPH_BREAK_RE.finditer(self.text))
        self.paragraph_starts = [0] + [m.end() for m in breaks]
        self.paragraph_ends = [m.start() for m in breaks] + [len(self.text)]
        self.quoted: list[QuotedSpan] = []
        self.quoted_starts: list[int] = []
        # Look-ups the block rules make once per article rather than once per paragraph.
        self.expansions: dict[str, tuple[int, int] | None] = {}
        self.main_person: list[str | None] = []
        # Paragraphs set as block quotations in the source (an HTML <blockquote>).
        self.blocks = sorted((int(start), int(end)) for start, end in blocks if start < end)
        self.block_starts = [start for start, _ in self.blocks]

    def set_quoted(self, spans: list[QuotedSpan]) -> None:
        self.quoted = spans
        self.quoted_starts = [s.start for s in spans]

    # --- offsets -------------------------------------------------------------------------

    def first_token_at(self, offset: int) -> int:
        """Index of the first token starting at or after `offset`."""
        return bisect.bisect_left(self.token_starts, offset)

    def token_containing(self, offset: int) -> Token:
        return self.doc[max(0, bisect.bisect_right(self.token_starts, offset) - 1)]

    def paragraph_of(self, offset: int) -> int:
        return bisect.bisect_right(self.paragraph_starts, offset) - 1

    def inside_quoted(self, offset: int) -> QuotedSpan | None:
        index = bisect.bisect_right(self.quoted_starts, offset) - 1
        if index >= 0 and self.quoted[index].start <= offset < self.quoted[index].end:
            return self.quoted[index]
        return None

    def in_block_quotation(self, start: int, end: int) -> bool:
        """Whether [start, end) overlaps a range the source set as a block quotation."""
        index = bisect.bisect_left(self.block_starts, end) - 1
        return index >= 0 and self.blocks[index][1] > start

    def is_quoted(self, offset: int) -> bool:
        return self.inside_quoted(offset) is not None

    def region_after(self, offset: int, limit: int) -> list[Token]:
        """Tokens from `offset` to the end of the sentence, `limit` or REGION_TOKENS."""
        doc = self.doc
        tokens: list[Token] = []
        first = self.first_token_at(offset)
        for i in range(first, min(len(doc), first + REGION_TOKENS)):
            token = doc[i]
            if token.idx >= limit or token.text in SENTENCE_END or "\n" in token.text:
                break
            tokens.append(token)
        return tokens

    def region_before(self, offset: int, floor: int) -> list[Token]:
        """Tokens back from `offset` to the start of the sentence, `floor` or REGION_TOKENS."""
        doc = self.doc
        tokens: list[Token] = []
        i = self.first_token_at(offset) - 1
        while i >= 0 and len(tokens) < REGION_TOKENS:
            token = doc[i]
            if token.idx < floor or token.text in SENTENCE_END or "\n" in token.text:
                break
            tokens.append(token)
            i -= 1
        tokens.reverse()
        return tokens

    # --- speakers and cues ---------------------------------------------------------------

    def speaker_for(
        self, cue: Token, span: QuotedSpan | None, *, inverted: bool
    ) -> tuple[Speaker | None, str]:
        """The speaker of `cue` and how it was found, for the annotator's explanation."""
        head, how = subject_of(cue, self.is_quoted)
        if head is not None and span is not None and span.start <= head.idx < span.end:
            head = None  # the parser took a word of the quote for the subject
        if head is not None and self.paragraph_of(head.idx) != self.paragraph_of(cue.idx):
            head = None  # the parse ran the sentence on from another paragraph
        if head is not None and head.ent_type_ in ("DATE", "TIME"):
            head = None  # "Monday said" is a parse of "on Monday, … said": a day never speaks
        if head is None:
            head = name_before(self.doc, cue, self.mentions)
            how = "name right before"
        if head is None and inverted:
            head = name_after(self.doc, cue, self.mentions)
            how = "name right after"
        if head is None:
            return None, ""
        if head.idx > cue.idx and how == "subject":
            how = "subject after"
        speaker = describe(head, self.mentions)
        # A speaker is named within one paragraph, whatever the parse joined across breaks.
        named = self.text[speaker.start : speaker.end]
        if "\n" in named:
            offset = speaker.start
            for part in named.split("\n"):
                if offset <= head.idx < offset + len(part) and part.strip():
                    speaker.start, speaker.end = offset, offset + len(part.rstrip())
                    break
                offset += len(part) + 1
        return speaker, _HOW_LABELS.get(how, how)

    def set_cue(self, draft: Draft, cue: Token) -> None:
        end = cue.idx + len(cue)
        if cue.lower_ == "according" and cue.i + 1 < len(self.doc):
            end = self.doc[cue.i + 1].idx + len(self.doc[cue.i + 1])
        else:
            for child in cue.children:
                if child.dep_ == "prt" and child.i == cue.i + 1:
                    end = child.idx + len(child)  # "pointed out"
        draft.cue = (cue.idx, end)
        draft.cue_word = self.text[cue.idx : end]


def is_cue(token: Token, lexicon: frozenset[str]) -> bool:
    if token.pos_ != "VERB":
        return False
    lemma = token.lemma_.lower()
    if lemma not in lexicon:
        return False
    if lemma == "point":
        return any(c.dep_ == "prt" and c.lower_ == "out" for c in token.children)
    if lemma == "make":
        return verdict_of(token) is not None  # "made it clear that …"
    return True


def verdict_of(token: Token) -> Token | None:
    """The adjective of "made (it) clear that …" or "called it unlikely that …", through
    which the verb reports a clause; None if the verb goes otherwise."""
    lemma = token.lemma_.lower()
    for child in token.children:
        if child.i <= token.i:
            continue
        if lemma == "make" and child.lower_ == "clear":
            return child
        if (
            lemma == "call"
            and child.dep_ == "oprd"
            and child.pos_ == "ADJ"
            and any(c.lower_ == "it" and c.i < child.i for c in token.children)
        ):
            return child
    return None


def is_according_to(token: Token) -> bool:
    return token.i + 1 < len(token.doc) and token.doc[token.i + 1].lower_ == "to"


def according_to(token: Token) -> Token | None:
    """The 'according' of an "according to X" attached to `token`, if any."""
    for child in token.children:
        if child.lower_ == "according" and is_according_to(child):
            return child
    return None


def trim_end(tokens: list[Token]) -> None:
    """Drop trailing spaces and punctuation, but not a closing quotation mark."""
    while tokens and (
        tokens[-1].is_space or (tokens[-1].is_punct and tokens[-1].text not in QUOTE_CHARS)
    ):
        tokens.pop()


def merge_spans(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Sorted, non-overlapping union of half-open spans."""
    merged: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged
