"""Quotes whose opening or closing mark is missing, narrowed with the parse.

The mark scan (marks.py) lets such a quote reach as far as the marks allow; here an unclosed
quote ends where its attribution starts (“…, says X"), and an unopened one starts at its
sentence, reaching back over sentences that read as speech.
"""

from __future__ import annotations

from apps.nlp.quotes.context import QUOTE_CHARS, SENTENCE_END, QuoteContext, is_cue
from apps.nlp.quotes.lexicon import SPEECH_CUES
from apps.nlp.quotes.marks import QuotedSpan

FIRST_AND_SECOND_PERSON = frozenset({"i", "me", "my", "we", "us", "our", "you", "your"})


def narrow_missing_marks(ctx: QuoteContext, spans: list[QuotedSpan]) -> None:
    """Where a mark is missing, bring the span back to what the parse says was quoted."""
    for span in spans:
        if span.missing_close:
            _narrow_missing_close(ctx, span)
        elif span.missing_open:
            _narrow_missing_open(ctx, span)


def _narrow_missing_close(ctx: QuoteContext, span: QuotedSpan) -> None:
    """End an unclosed quote where its attribution starts (“…, says X"), if it has one."""
    doc = ctx.doc
    bound = span.content_end
    first = ctx.first_token_at(span.content_start)
    for i in range(first + 2, len(doc)):
        token = doc[i]
        if token.idx >= bound:
            break
        if token.text in (",", "—", "–") and _attribution_follows(ctx, i + 1, bound):
            span.content_end = token.idx
            return


def _attribution_follows(ctx: QuoteContext, i: int, bound: int) -> bool:
    """Tokens from i read as "says X" or "X said" (a short name phrase then the cue)."""
    doc = ctx.doc
    for j in range(i, min(i + 8, len(doc))):
        token = doc[j]
        if token.idx >= bound or token.text in SENTENCE_END:
            return False
        if is_cue(token, SPEECH_CUES):
            return True
        if token.pos_ in ("VERB", "AUX") or token.text in ",;:":
            return False
    return False


def _narrow_missing_open(ctx: QuoteContext, span: QuotedSpan) -> None:
    """Start an unopened quote at its sentence, reaching back over sentences that read
    as speech (first or second person, no reporting verb)."""
    doc, text = ctx.doc, ctx.text
    floor = span.content_start
    closing = ctx.token_containing(max(floor, span.content_end - 1))
    sentence = closing.sent
    start = max(floor, sentence.start_char)
    while sentence.start > 0:
        previous = doc[sentence.start - 1].sent
        if previous.start_char < floor:
            break
        words = {t.lower_ for t in previous}
        if not words & FIRST_AND_SECOND_PERSON or any(is_cue(t, SPEECH_CUES) for t in previous):
            break
        start = previous.start_char
        sentence = previous
    while start < span.content_end and (text[start].isspace() or text[start] in QUOTE_CHARS):
        start += 1
    span.content_start = start
