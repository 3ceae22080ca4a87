"""Find the quoted stretches of a text from its quotation marks alone.

News copy mixes curly and straight marks, uses ``…'' in older wire copy, nests ‘…’ inside
“…” (or the other way round in British style), loses a mark now and then, and runs a quote
over several paragraphs by the convention that an unclosed paragraph continues in the next
paragraph that opens with a mark. Apostrophes (don't, voters', ’90s) look like single marks
and must not be taken for them.

The scan is one left-to-right pass over the marks with a stack of open quotes; it needs no
parse. Where a mark is missing, the span reaches as far as the marks allow (`missing_open` or
`missing_close` is set) and the caller narrows it with the parse.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field

from apps.nlp.quotes.lexicon import ELISIONS

DOUBLE, SINGLE, GUILLEMET = "double", "single", "guillemet"

_MARK_RE = re.compile(r"``|''|[\"“”„«»‘’']")
_PARAGRAPH_BREAK_RE = re.compile(r"\n+")
# Characters after which a mark followed by a word opens a quote: space, brackets, dashes,
# a colon or comma with no space ('said:"Yes'), or another opening mark.
_OPEN_CONTEXT = frozenset("([{—–-/:;,“‘«„\"'")
# Characters before which a mark after a word closes a quote.
_CLOSE_CONTEXT = frozenset(".,;:!?)]}—–-…”’»\"'")


@dataclass(slots=True)
class QuotedSpan:
    """A top-level quotation: its marks and its content, in code-point offsets."""

    content_start: int
    content_end: int
    family: str
    # Offsets of the opening mark's start and the closing mark's end; None when missing.
    open_start: int | None = None
    close_end: int | None = None
    # Quotations inside this one (‘…’ inside “…”), which belong to it.
    inner: list[tuple[int, int]] = field(default_factory=list)
    # Paragraph break(s) crossed by the "unclosed paragraph continues" convention.
    paragraphs: int = 1

    @property
    def missing_open(self) -> bool:
        return self.open_start is None

    @property
    def missing_close(self) -> bool:
        return self.close_end is None

    @property
    def start(self) -> int:
        return self.open_start if self.open_start is not None else self.content_start

    @property
    def end(self) -> int:
        return self.close_end if self.close_end is not None else self.content_end


@dataclass(slots=True)
class _Mark:
    start: int
    end: int
    family: str
    can_open: bool
    can_close: bool


@dataclass(slots=True)
class _Open:
    mark: _Mark
    paragraph: int
    inner: list[tuple[int, int]] = field(default_factory=list)
    paragraphs: int = 1


def _flanking(text: str, start: int, end: int) -> tuple[bool, bool]:
    before = text[start - 1] if start > 0 else "\n"
    after = text[end] if end < len(text) else "\n"
    left = not after.isspace() and (before.isspace() or before in _OPEN_CONTEXT)
    right = not before.isspace() and (after.isspace() or after in _CLOSE_CONTEXT)
    return left, right


def _is_elision(text: str, end: int) -> bool:
    """'90s, 'em, 'til: an apostrophe standing for left-out letters."""
    word = re.match(r"[A-Za-z0-9]+", text[end : end + 8])
    if not word:
        return False
    return word.group()[0].isdigit() or word.group().lower() in ELISIONS


def classify_mark(text: str, start: int, end: int) -> _Mark | None:
    """The family and possible roles of the mark text[start:end]; None for an apostrophe."""
    char = text[start:end]
    left, right = _flanking(text, start, end)
    if char in ("``", "„"):
        return _Mark(start, end, DOUBLE, True, False)
    if char == "''":
        # Two apostrophes stand for a double mark in archive copy, opening as well as
        # closing: ''We will win'' as much as ``We will win''.
        opens = left and not right
        return _Mark(start, end, DOUBLE, opens, not opens)
    if char == "«":
        return _Mark(start, end, GUILLEMET, True, False)
    if char == "»":
        return _Mark(start, end, GUILLEMET, False, True)
    if char == "“":
        # Typed the wrong way round now and then: a “ after a word and before a space closes.
        closes = right and not left
        return _Mark(start, end, DOUBLE, not closes, closes)
    if char == "”":
        opens = left and not right
        return _Mark(start, end, DOUBLE, opens, not opens)
    if char == '"':
        if not left and not right:
            return None
        return _Mark(start, end, DOUBLE, left, right)
    # Single marks double as apostrophes.
    before = text[start - 1] if start > 0 else " "
    after = text[end] if end < len(text) else " "
    if before.isalnum() and after.isalnum():
        return None  # don't, Maliki’s
    if char == "‘":
        if _is_elision(text, end) or (not left and not right):
            return None
        closes = right and not left
        return _Mark(start, end, SINGLE, not closes, closes)
    # ’ or '
    opens = left and not right and not _is_elision(text, end)
    closes = right
    if not opens and not closes:
        return None
    return _Mark(start, end, SINGLE, opens, closes)


def find_quoted_spans(text: str) -> list[QuotedSpan]:
    """The top-level quotations of `text`, in order, each with the quotations nested in it."""
    marks = [
        mark
        for match in _MARK_RE.finditer(text)
        if (mark := classify_mark(text, match.start(), match.end())) is not None
    ]
    paragraph_starts = [0] + [m.end() for m in _PARAGRAPH_BREAK_RE.finditer(text)]
    paragraph_ends = [m.start() for m in _PARAGRAPH_BREAK_RE.finditer(text)] + [len(text)]
    single_closers = [m.start for m in marks if m.family == SINGLE and m.can_close]
    double_closers = [m.start for m in marks if m.family != SINGLE and m.can_close]
    scanner = _Scanner(text, paragraph_starts, paragraph_ends, single_closers, double_closers)
    for mark in marks:
        scanner.feed(mark)
    scanner.finish()
    return scanner.spans


class _Scanner:
    def __init__(
        self,
        text: str,
        paragraph_starts: list[int],
        paragraph_ends: list[int],
        single_closers: list[int],
        double_closers: list[int],
    ) -> None:
        self.text = text
        self.paragraph_starts = paragraph_starts
        self.paragraph_ends = paragraph_ends
        self.single_closers = single_closers
        self.double_closers = double_closers
        self.stack: list[_Open] = []
        self.spans: list[QuotedSpan] = []
        self.paragraph = 0
        # The opening mark of a paragraph that continues an unclosed quotation.
        self.continuation_mark: int | None = None

    def paragraph_of(self, offset: int) -> int:
        return bisect.bisect_right(self.paragraph_starts, offset) - 1

    def feed(self, mark: _Mark) -> None:
        paragraph = self.paragraph_of(mark.start)
        while self.paragraph < paragraph:
            self.end_paragraph()
        if mark.start == self.continuation_mark:
            self.continuation_mark = None
            return
        same = self.innermost(mark.family)
        if mark.can_close and same is not None:
            if mark.family == SINGLE and self.looks_possessive(mark):
                return
            opened = self.stack[same]
            del self.stack[same:]
            self.record(opened, mark.start, mark.end, depth=same)
        elif mark.can_open:
            if same is not None and self.nests(mark):
                self.stack.append(_Open(mark, paragraph))
                return
            if same is not None:
                # A second opening mark of the same kind while one is open: the first one's
                # closing mark is missing (or a single mark was an apostrophe after all).
                opened = self.stack[same]
                del self.stack[same:]
                if mark.family != SINGLE or self.surely_opens(opened.mark):
                    self.record(opened, mark.start, None, depth=same)
            self.stack.append(_Open(mark, paragraph))
        elif mark.can_close and mark.family != SINGLE and not self.stack:
            self.record_orphan_closer(mark)

    def nests(self, mark: _Mark) -> bool:
        """ "The "Blue Line" is not …": a straight double mark opening a few words
        that close soon, inside a quote whose own closing mark comes later in the paragraph,
        is a quote inside the quote, not the start of the next one."""
        if mark.family != DOUBLE or self.text[mark.start] != '"':
            return False
        paragraph_end = self.paragraph_ends[self.paragraph]
        later = bisect.bisect_right(self.double_closers, mark.start)
        if later + 1 >= len(self.double_closers):
            return False
        inner_close, outer_close = self.double_closers[later], self.double_closers[later + 1]
        return (
            outer_close < paragraph_end
            and len(self.text[mark.end : inner_close].split()) <= 5
            and "\n" not in self.text[mark.end : inner_close]
        )

    def surely_opens(self, mark: _Mark) -> bool:
        """A single mark after a space and before a capital letter opens a quote, even when
        its closing mark never comes (‘It’s so sad…, she said. ‘He died …)."""
        before = self.text[mark.start - 1] if mark.start else " "
        after = self.text[mark.end : mark.end + 1]
        return mark.family == SINGLE and (before.isspace() or before in ":(") and after.isupper()

    def innermost(self, family: str) -> int | None:
        for index in range(len(self.stack) - 1, -1, -1):
            if self.stack[index].mark.family == family:
                return index
        return None

    def looks_possessive(self, mark: _Mark) -> bool:
        """‘the voters’ choice’: a closing single mark after -s, before a lower-case word,
        with another closing candidate later in the paragraph, is an apostrophe."""
        text = self.text
        if not (
            mark.start > 0
            and text[mark.start - 1] in "sS"
            and text[mark.end : mark.end + 1] == " "
            and text[mark.end + 1 : mark.end + 2].islower()
        ):
            return False
        paragraph_end = self.paragraph_ends[self.paragraph]
        later = bisect.bisect_right(self.single_closers, mark.start)
        if later >= len(self.single_closers) or self.single_closers[later] >= paragraph_end:
            return False
        next_double = bisect.bisect_right(self.double_closers, mark.start)
        if len(self.stack) > 1 and next_double < len(self.double_closers):
            return self.single_closers[later] < self.double_closers[next_double]
        return True

    def record(self, opened: _Open, close_start: int, close_end: int | None, depth: int) -> None:
        content_start, content_end = _strip(self.text, opened.mark.end, close_start)
        if depth > 0:
            self.stack[depth - 1].inner.append((opened.mark.start, close_end or content_end))
            return
        if content_start >= content_end:
            return
        self.spans.append(
            QuotedSpan(
                content_start=content_start,
                content_end=content_end,
                family=opened.mark.family,
                open_start=opened.mark.start,
                close_end=close_end,
                inner=opened.inner,
                paragraphs=opened.paragraphs,
            )
        )

    def record_orphan_closer(self, mark: _Mark) -> None:
        before = self.text[mark.start - 1] if mark.start else ""
        if before.isdigit():
            return  # 5'11" — a measurement, not a quotation
        floor = self.paragraph_starts[self.paragraph]
        if self.spans and self.spans[-1].end > floor:
            floor = self.spans[-1].end
        content_start, content_end = _strip(self.text, floor, mark.start)
        if len(self.text[content_start:content_end].split()) < 2:
            return
        self.spans.append(
            QuotedSpan(
                content_start=content_start,
                content_end=content_end,
                family=mark.family,
                open_start=None,
                close_end=mark.end,
            )
        )

    def end_paragraph(self) -> None:
        """Close the paragraph self.paragraph and move to the next one."""
        paragraph_end = self.paragraph_ends[self.paragraph]
        next_paragraph = self.paragraph + 1
        # Quotations nested inside an open one do not run across paragraphs.
        del self.stack[1:]
        if self.stack:
            opened = self.stack[0]
            continues = False
            if next_paragraph < len(self.paragraph_starts):
                start = self.paragraph_starts[next_paragraph]
                match = _MARK_RE.match(self.text, start)
                if match:
                    mark = classify_mark(self.text, match.start(), match.end())
                    continues = bool(mark and mark.can_open and mark.family == opened.mark.family)
                    if continues:
                        self.continuation_mark = match.start()
                        opened.paragraphs += 1
            if not continues:
                self.stack.clear()
                if opened.mark.family != SINGLE or self.surely_opens(opened.mark):
                    self.record(opened, paragraph_end, None, depth=0)
        self.paragraph = next_paragraph

    def finish(self) -> None:
        while self.paragraph < len(self.paragraph_starts):
            self.end_paragraph()


def _strip(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end
