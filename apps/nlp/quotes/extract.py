"""Quote extraction and speaker attribution over a parsed article.

Three kinds of quote come out (DESIGN.md, "What the pre-tagger produces"):

- direct: a stretch in quotation marks that stands as the speaker's own sentence(s);
- partial: a quoted fragment inside the writer's sentence ("described him as “a good man”"),
  attributed to the sentence's speaker, or left without a speaker when no verb reports it
  (scare quotes);
- indirect: reported speech, the clause after a reporting verb ("X said that …") or the
  sentence around "according to X".

The work is done on the Doc the pipeline already parsed: quotation marks are found by one
scan of the text (marks.py, narrowed by missing.py where one is missing), quotes in marks
and their cues by looking around each quote (direct.py, fragments.py), quotations set as
paragraphs of their own by the layout (blocks.py), reported speech by the parse
(reported.py), the speaker by the dependency parse and the article's mentions (speakers.py,
mentions.py). Pronoun speakers (pronouns.py) and quotes with no cue of their own are
resolved last, here, in reading order, because they depend on the quotes before them.
"""

from __future__ import annotations

import bisect
from collections.abc import Sequence

from spacy.tokens import Doc

from apps.nlp.quotes.blocks import block_drafts
from apps.nlp.quotes.context import Draft, QuoteContext
from apps.nlp.quotes.direct import marked_drafts
from apps.nlp.quotes.lexicon import FEMININE_PRONOUNS, MASCULINE_PRONOUNS
from apps.nlp.quotes.marks import find_quoted_spans
from apps.nlp.quotes.missing import narrow_missing_marks
from apps.nlp.quotes.pronouns import PronounResolver
from apps.nlp.quotes.reported import reported_drafts
from apps.nlp.types import FoundMention, FoundQuote, QuoteKind, SpeakerType, TextSpan


def extract_quotes(
    doc: Doc, mentions: list[FoundMention], *, blocks: Sequence[Sequence[int]] = ()
) -> list[FoundQuote]:
    """All quotes of the article in `doc`, sorted by start, each with its speaker if known.

    `blocks`: [start, end) ranges of paragraphs known to be block quotations (they stood in
    an HTML <blockquote>)."""
    if not len(doc):
        return []
    ctx = QuoteContext(doc, mentions, blocks=blocks)
    spans = find_quoted_spans(ctx.text)
    narrow_missing_marks(ctx, spans)
    ctx.set_quoted([s for s in spans if s.content_start < s.content_end])
    drafts = marked_drafts(ctx)
    blocks = block_drafts(ctx)
    drafts = _outside_blocks(ctx, drafts, blocks) + blocks
    drafts.extend(reported_drafts(ctx, drafts))
    drafts.sort(key=lambda d: (d.start, d.end))
    _resolve_in_reading_order(ctx, drafts)
    return [
        _finish(ctx, d)
        for d in drafts
        if not ((d.scare or d.inside_reported) and _names_something(ctx, d))
    ]


def _outside_blocks(ctx: QuoteContext, marked: list[Draft], blocks: list[Draft]) -> list[Draft]:
    """A stray mark inside a block quotation ("… against the state.”" closing nothing) makes
    no quote of its own: the block has those words already."""
    starts = [b.start for b in blocks]
    kept = []
    for draft in marked:
        index = bisect.bisect_right(starts, draft.start) - 1
        inside = index >= 0 and draft.end <= blocks[index].end
        span = ctx.inside_quoted(draft.outer_start)
        stray = span is not None and span.missing_open
        if not (inside and stray):
            kept.append(draft)
    return kept


def _names_something(ctx: QuoteContext, draft: Draft) -> bool:
    """Whether a fragment in marks that no one is given for is a name, a title or a single
    term ("the “Blue Line”", "“COVID-19”", "a book called “Long Way Home”") rather than
    scare quotes around the writer's own words: those are not quotes at all."""
    words = ctx.text[draft.start : draft.end].split()
    if len(words) <= 1:
        return True
    mention = ctx.mentions.covering(draft.start, draft.end)
    if mention is not None:
        return True
    capitalised = [
        w[0].isupper() for w in words if w[0].isalpha() and w.lower() not in _SMALL_WORDS
    ]
    return bool(capitalised) and all(capitalised)


# Words a title leaves in lower case: "Day after Day", "A Tribute for a King".
_SMALL_WORDS = frozenset(
    [
        "a",
        "an",
        "the",
        "of",
        "for",
        "and",
        "or",
        "in",
        "on",
        "to",
        "at",
        "by",
        "with",
        "after",
        "from",
    ]
)


# --- pronouns and continuations, in reading order --------------------------------------------


def _resolve_in_reading_order(ctx: QuoteContext, drafts: list[Draft]) -> None:
    # Quoted words are not antecedents; reported speech is: "PBS reported that the prince
    # accepted responsibility. “…,” he said."
    masked = sorted((d.start, d.end) for d in drafts if d.kind != QuoteKind.INDIRECT)
    resolver = PronounResolver(ctx.doc, ctx.mentions, masked)
    reported_index = _ReportedIndex(drafts)
    previous_direct: Draft | None = None
    previous_reported: Draft | None = None
    for draft in drafts:
        if draft.needs_speaker:
            previous = previous_direct
            if previous_reported is not None and (
                previous is None or previous.attribution_end < previous_reported.end
            ):
                previous = previous_reported
            _continue_previous(ctx, draft, previous)
        elif draft.scare:
            _inside_reported_speech(draft, reported_index)
        elif draft.voiced:
            _voice_of_previous(ctx, draft, previous_direct)
        speaker = draft.speaker
        if speaker is not None and speaker.pronoun is not None:
            entity, how = resolver.resolve(speaker.pronoun, speaker.start)
            speaker.entity = entity
            if entity and speaker.pronoun in MASCULINE_PRONOUNS:
                ctx.mentions.gender.setdefault(entity, "m")
            elif entity and speaker.pronoun in FEMININE_PRONOUNS:
                ctx.mentions.gender.setdefault(entity, "f")
            if entity:
                draft.speaker_rule += (
                    f"; ‘{ctx.text[speaker.start : speaker.end]}’ is {entity}, {how}"
                )
            else:
                draft.speaker_rule += "; the pronoun could not be resolved"
        if speaker is not None:
            resolver.heard(speaker)
        if draft.kind == QuoteKind.DIRECT:
            previous_direct = draft
        elif (
            draft.kind == QuoteKind.INDIRECT
            and draft.speaker is not None
            and draft.end <= ctx.paragraph_ends[ctx.paragraph_of(draft.start)]
        ):
            previous_reported = draft


def _continue_previous(ctx: QuoteContext, draft: Draft, previous: Draft | None) -> None:
    if previous is None or previous.speaker is None:
        draft.speaker_rule = (
            "speaker unknown: no reporting verb, and no quote before it to continue"
        )
        return
    # Only punctuation and paragraph breaks may lie between the previous quote (with its
    # attribution) and this one; across a break, this quote must fill its paragraph. Or the
    # words between finish the sentence that attributed the previous quote (“…,” she wrote,
    # recalling their first meeting. “…”).
    text = ctx.text
    gap = text[previous.attribution_end : draft.outer_start]
    adjacent = not any(ch.isalnum() for ch in gap)
    same_paragraph_run = (adjacent and "\n" not in gap) or _ends_attribution(ctx, previous, draft)
    paragraph = ctx.paragraph_of(draft.outer_start)
    fills_paragraph = (
        adjacent
        and draft.outer_start == ctx.paragraph_starts[paragraph]
        and not text[draft.outer_end : ctx.paragraph_ends[paragraph]].strip()
    )
    if not (same_paragraph_run or fills_paragraph):
        draft.speaker_rule = (
            "speaker unknown: no reporting verb, and narrative separates it from the last quote"
        )
        return
    draft.speaker = previous.speaker
    draft.cue = None
    if previous.kind == QuoteKind.INDIRECT:
        draft.speaker_rule = (
            "no reporting verb of its own: it goes on from the speech reported just before it,"
            " same speaker"
        )
    else:
        draft.speaker_rule = (
            "no reporting verb of its own: it continues the quote before it, same speaker"
        )
    # A run of quotes continues as one.
    draft.attribution_end = max(draft.attribution_end, draft.end)


def _voice_of_previous(ctx: QuoteContext, draft: Draft, previous: Draft | None) -> None:
    """A first-person fragment with no verb of its own belongs to the speaker of the quote
    before it in the same paragraph."""
    if (
        previous is None
        or previous.speaker is None
        or ctx.paragraph_of(previous.start) != ctx.paragraph_of(draft.start)
    ):
        draft.speaker_rule = "speaker unknown: no verb reports it and no quote before it"
        return
    draft.speaker = previous.speaker
    draft.speaker_rule = (
        "a fragment in the first person with no verb of its own: the words of the speaker"
        " quoted just before it"
    )


def _ends_attribution(ctx: QuoteContext, previous: Draft, draft: Draft) -> bool:
    """Whether the words between two quotes only finish the previous quote's sentence:
    one sentence end, at the end, and no new subject on the way."""
    if previous.kind == QuoteKind.INDIRECT or previous.cue is None:
        return False
    gap_start = max(previous.outer_end, previous.attribution_end)
    gap = ctx.text[gap_start : draft.outer_start]
    stripped = gap.strip()
    if not stripped or "\n" in gap or stripped[-1] not in ".!?…" or len(stripped) > 120:
        return False
    if any(ch in ".!?…" for ch in stripped[:-1]):
        return False
    first = ctx.first_token_at(gap_start)
    last = ctx.first_token_at(draft.outer_start)
    return not any(t.dep_ in ("nsubj", "nsubjpass") for t in ctx.doc[first:last])


class _ReportedIndex:
    """The reported-speech drafts by start, to find the first one around a fragment by
    bisection: a prefix maximum of their ends is sorted, so the first draft that starts at
    or before the fragment and ends at or after it is found in one search."""

    def __init__(self, drafts: list[Draft]) -> None:
        self.drafts = sorted(
            (d for d in drafts if d.kind == QuoteKind.INDIRECT), key=lambda d: d.start
        )
        self.starts = [d.start for d in self.drafts]
        self.furthest: list[int] = []
        for draft in self.drafts:
            self.furthest.append(max(draft.end, self.furthest[-1] if self.furthest else -1))

    def around(self, start: int, end: int) -> Draft | None:
        candidates = bisect.bisect_right(self.starts, start)
        index = bisect.bisect_left(self.furthest, end, 0, candidates)
        return self.drafts[index] if index < candidates else None


def _inside_reported_speech(draft: Draft, reported: _ReportedIndex) -> None:
    other = reported.around(draft.start, draft.end)
    if other is None:
        return
    draft.speaker = other.speaker
    draft.cue = other.cue
    draft.cue_word = other.cue_word
    draft.scare = False
    draft.inside_reported = True
    draft.speaker_rule = f"it sits inside speech reported with ‘{other.cue_word}’: same speaker"


def _finish(ctx: QuoteContext, draft: Draft) -> FoundQuote:
    text = ctx.text
    cue = (
        TextSpan(draft.cue[0], draft.cue[1], text[draft.cue[0] : draft.cue[1]])
        if draft.cue
        else None
    )
    speaker = draft.speaker
    if draft.scare:
        reason = f"{draft.rule}, with no verb reporting it: scare quotes, no speaker."
    elif speaker is None:
        reason = f"{draft.rule}; {draft.speaker_rule or 'speaker unknown: no reporting verb'}."
    else:
        reason = f"{draft.rule}; {draft.speaker_rule}."
    return FoundQuote(
        start=draft.start,
        end=draft.end,
        text=text[draft.start : draft.end],
        kind=draft.kind,
        cue=cue,
        speaker=TextSpan(speaker.start, speaker.end, text[speaker.start : speaker.end])
        if speaker
        else None,
        speaker_entity=speaker.entity if speaker else None,
        speaker_type=speaker.kind if speaker else SpeakerType.UNKNOWN,
        reason=reason,
    )
