"""Quotes in quotation marks: a direct quote or a quoted fragment, and who said it.

A quoted stretch (marks.py, narrowed by missing.py where a mark is missing) that stands as
the speaker's own sentence(s) is `direct`; its cue is looked for after the quote ("“…,” she
said"), before it ("He said: “…”"), in the sentence that introduces it, or as a name that
labels or signs it. One inside the writer's sentence is `partial` (fragments.py). A direct
quote with no cue of its own is left for extract.py, which knows the quote before it.
"""

from __future__ import annotations

import bisect

from spacy.tokens import Token

from apps.nlp.quotes.context import (
    QUOTE_CHARS,
    Draft,
    QuoteContext,
    is_cue,
)
from apps.nlp.quotes.fragments import attribute_fragment
from apps.nlp.quotes.lexicon import SPEECH_CUES
from apps.nlp.quotes.marks import QuotedSpan
from apps.nlp.quotes.speakers import Speaker
from apps.nlp.types import QuoteKind, SpeakerType, speaker_type_for_label

FIRST_AND_SECOND_PERSON = frozenset({"i", "me", "my", "we", "us", "our", "you", "your"})
FIRST_PERSON = frozenset({"i", "me", "my", "mine", "myself", "we", "us", "our"})
SUBJECT_PATH_DEPS = frozenset({"nsubj", "nsubjpass", "csubj", "csubjpass"})


# --- quotes in quotation marks ---------------------------------------------------------------


def marked_drafts(ctx: QuoteContext) -> list[Draft]:
    """One draft per quoted stretch of `ctx.quoted`, in order."""
    return [_draft_from_marks(ctx, index, span) for index, span in enumerate(ctx.quoted)]


def _draft_from_marks(ctx: QuoteContext, index: int, span: QuotedSpan) -> Draft:
    text = ctx.text
    start, end = span.content_start, span.content_end
    while end > start and text[end - 1] in ", ":
        end -= 1  # “…,” he said: the comma is the writer's
    direct = stands_alone(ctx, span, index)
    marks = "quotation marks"
    if span.missing_open:
        marks = "a closing quotation mark (the opening one is missing)"
    elif span.missing_close:
        marks = "an opening quotation mark (the closing one is missing)"
    if direct:
        rule = f"Sentence(s) in {marks}"
        if span.paragraphs > 1:
            rule += f", running over {span.paragraphs} paragraphs"
    else:
        rule = f"Fragment in {marks} inside the writer's sentence"
    draft = Draft(
        start=start,
        end=end,
        kind=QuoteKind.DIRECT if direct else QuoteKind.PARTIAL,
        rule=rule,
        attribution_end=span.end,
        outer_start=span.start,
        outer_end=span.end,
    )
    if direct:
        _attribute_direct(ctx, index, span, draft)
    else:
        attribute_fragment(ctx, span, draft)
    return draft


def stands_alone(ctx: QuoteContext, span: QuotedSpan, index: int) -> bool:
    """Whether the quote is the speaker's own sentence rather than part of the writer's."""
    text = ctx.text
    paragraph_start = ctx.paragraph_starts[ctx.paragraph_of(span.start)]
    before = text[paragraph_start : span.start].rstrip()
    if span.missing_open or not before or before[-1] in ".?!:;…" + QUOTE_CHARS:
        opens_well = True
    else:
        previous = ctx.token_containing(len(before) + paragraph_start - 1)
        opens_well = before[-1] in ",—–" and (
            any(is_cue(t, SPEECH_CUES) for t in ctx.doc[max(0, previous.i - 4) : previous.i])
            or _split_around_cue(ctx, span, index, paragraph_start)
            or _introduced_by_clause(ctx, span, paragraph_start)
        )
        # said “We will …” (or told the court “We …”) with no comma, as some house styles
        # write it
        opens_well = opens_well or (
            text[span.content_start].isupper()
            and any(
                is_cue(t, SPEECH_CUES) for t in ctx.doc[max(0, previous.i - 3) : previous.i + 1]
            )
        )
    if not opens_well:
        return False
    content = text[span.content_start : span.content_end].rstrip()
    after = text[span.end : span.end + 2].lstrip(" ")
    ends_well = (
        _signature_after(ctx, span) is not None
        or span.missing_close
        or (content and content[-1] in ",.?!…:;—–-")
        or not after
        or after[0] in ",.?!;:—–\n"
        or after[0] in QUOTE_CHARS
    )
    return bool(ends_well)


def _introduced_by_clause(ctx: QuoteContext, span: QuotedSpan, floor: int) -> bool:
    """“Graham spoke on Fox News, “This is …”": a capitalised quote after a comma, ending
    the sentence, introduced by a clause with a subject and a verb of its own."""
    text = ctx.text
    content = text[span.content_start : span.content_end].rstrip()
    after = text[span.end : span.end + 2].lstrip(" ")
    if not text[span.content_start].isupper():
        return False
    if not (content[-1:] in ".?!…" or not after or after[0] in ".\n"):
        return False
    region = ctx.region_before(span.start, floor)
    return _verb_beside(region, "before", True) is not None


def _split_around_cue(ctx: QuoteContext, span: QuotedSpan, index: int, floor: int) -> bool:
    """“…,” Day said in her memoir, “…”: the quote resumes after the attribution that
    interrupts it, so it is the speaker's own words like the part before."""
    if index == 0:
        return False
    earlier = ctx.quoted[index - 1]
    if earlier.end < floor:
        return False
    first = ctx.first_token_at(earlier.end)
    last = ctx.first_token_at(span.start)
    between = ctx.doc[first:last]
    return len(between) <= 16 and any(is_cue(t, SPEECH_CUES) for t in between)


def _attribute_direct(ctx: QuoteContext, index: int, span: QuotedSpan, draft: Draft) -> None:
    text, quoted = ctx.text, ctx.quoted
    paragraph = ctx.paragraph_of(span.start)
    paragraph_end = ctx.paragraph_ends[ctx.paragraph_of(max(span.start, span.end - 1))]
    next_start = quoted[index + 1].start if index + 1 < len(quoted) else len(text)
    previous_end = quoted[index - 1].end if index > 0 else 0
    after_from = span.end if not span.missing_close else span.content_end
    after = ctx.region_after(after_from, min(next_start, paragraph_end))
    ending = text[draft.start : span.content_end].rstrip()[-1:]
    if after and ending in ".…" and not after[0].text[:1].islower():
        after = []  # “… ended.” Next sentence: the quote's sentence closed inside the marks
    elif after and ending in "?!":
        after = after[:6]
    floor = max(previous_end, ctx.paragraph_starts[paragraph])
    before = ctx.region_before(span.start, floor)
    if not before:
        # “He said:” closing the previous paragraph introduces this one.
        tail = text[: span.start].rstrip()
        if tail.endswith(":") and span.start > 0 and ctx.paragraph_of(len(tail)) < paragraph:
            before = ctx.region_before(len(tail), previous_end)
    content = text[draft.start : span.content_end].rstrip()
    trailing_comma = content.endswith(",") or text[span.end : span.end + 1] == ","
    before_text = text[floor : span.start].rstrip()
    introduced = before_text.endswith((":", ","))
    order = (("before", before), ("after", after))
    if trailing_comma or not introduced:
        order = (("after", after), ("before", before))
    for side, region in order:
        cues = [t for t in region if is_cue(t, SPEECH_CUES)]
        if not cues:
            continue
        cue = cues[0] if side == "after" else cues[-1]
        speaker, how = ctx.speaker_for(cue, span, inverted=side == "after")
        if speaker is None:
            continue
        ctx.set_cue(draft, cue)
        draft.speaker = speaker
        draft.speaker_rule = f"speaker is the {how} ‘{draft.cue_word}’ {side} the quote"
        if side == "after":
            draft.attribution_end = max(draft.attribution_end, region[-1].idx + len(region[-1]))
        return
    if _introduced_by_sentence_before(ctx, span, draft):
        return
    signature = _signature_after(ctx, span) or _label_before(ctx, span)
    if signature is not None:
        draft.speaker = signature
        draft.speaker_rule = "speaker is the name that labels or signs the quote in its paragraph"
        draft.attribution_end = ctx.paragraph_ends[ctx.paragraph_of(span.end - 1)]
        return
    # A verb outside the lexicon that stands beside the quote as its attribution:
    # "“…,” she smiled", "Graham spoke on Fox News, “…”".
    for side, region in order:
        cue = _verb_beside(region, side, introduced)
        if cue is None:
            continue
        speaker, how = ctx.speaker_for(cue, span, inverted=side == "after")
        if speaker is None or speaker.kind == SpeakerType.UNKNOWN:
            continue
        ctx.set_cue(draft, cue)
        draft.speaker = speaker
        draft.speaker_rule = (
            f"speaker is the {how} ‘{draft.cue_word}’, the verb that stands beside the quote"
            f" {side} it"
        )
        if side == "after":
            draft.attribution_end = max(draft.attribution_end, region[-1].idx + len(region[-1]))
        return
    draft.needs_speaker = True


def _signature_after(ctx: QuoteContext, span: QuotedSpan) -> Speaker | None:
    """“…” Ana Ruiz – union leader: a quote that ends its paragraph but for the name of a
    person (and a title), with no verb, as pull quotes and roundups sign them."""
    if span.missing_close:
        return None
    end = ctx.paragraph_ends[ctx.paragraph_of(span.end - 1)]
    tail = ctx.text[span.end : end]
    start = span.end + len(tail) - len(tail.lstrip(" –—-,"))
    if start >= end or len(tail.split()) > 10:
        return None
    # The tokenizer may glue the name to the closing mark ("world”Issa"): start from the
    # token that holds the name's first letter.
    first, last = ctx.token_containing(start).i, ctx.first_token_at(end)
    tokens = ctx.doc[first:last]
    if not len(tokens) or not ctx.text[start].isupper():
        return None
    if any(t.pos_ in ("VERB", "AUX") for t in tokens):
        return None
    return _name_at(ctx, start, tokens)


def _name_at(ctx: QuoteContext, start: int, tokens) -> Speaker | None:
    """The person named from `start` on: an entity mention, or two or more capitalised
    proper nouns the entity tagger missed."""
    mention = ctx.mentions.covering(start, start + 1)
    if mention is not None and mention.start == start:
        label, entity = ctx.mentions.speaker_label(mention)
        if label != "PERSON":
            return None
        return Speaker(mention.start, mention.end, SpeakerType.NAMED, entity)
    names = 1 if tokens[0].idx < start else 0
    while names < len(tokens) and tokens[names].pos_ == "PROPN" and tokens[names].text[0].isupper():
        names += 1
    if names < 2:
        return None
    name_end = tokens[names - 1].idx + len(tokens[names - 1])
    entity = ctx.mentions.person_named(tokens[names - 1].text)
    return Speaker(start, name_end, SpeakerType.NAMED, entity, certain=entity is not None)


def _label_before(ctx: QuoteContext, span: QuotedSpan) -> Speaker | None:
    """Ana Ruiz, City Weekly: “…” — a roundup's label: a name (and who they are) opening the
    paragraph, then a colon and the quote, with no verb."""
    paragraph_start = ctx.paragraph_starts[ctx.paragraph_of(span.start)]
    label = ctx.text[paragraph_start : span.start].rstrip()
    if not label.endswith(":") or len(label.split()) > 12:
        return None
    first, last = ctx.first_token_at(paragraph_start), ctx.first_token_at(span.start)
    if any(t.pos_ in ("VERB", "AUX") for t in ctx.doc[first:last]):
        return None
    mention = ctx.mentions.covering(paragraph_start, paragraph_start + 1)
    if mention is not None and mention.start == paragraph_start:
        label_name, entity = ctx.mentions.speaker_label(mention)
        return Speaker(mention.start, mention.end, speaker_type_for_label(label_name), entity)
    tokens = ctx.doc[first:last]
    return _name_at(ctx, paragraph_start, tokens) if len(tokens) else None


def _introduced_by_sentence_before(ctx: QuoteContext, span: QuotedSpan, draft: Draft) -> bool:
    """“X criticised the decision on social media. “…”": a quote that opens a sentence right
    after one whose main verb is a reporting verb takes that verb's speaker."""
    if span.start == 0:
        return False
    paragraph_start = ctx.paragraph_starts[ctx.paragraph_of(span.start)]
    before = ctx.text[paragraph_start : span.start].rstrip()
    if not before or before[-1] not in ".!?…":
        return False
    sentence = ctx.token_containing(paragraph_start + len(before) - 1).sent
    root = sentence.root
    if root.idx < paragraph_start or not is_cue(root, SPEECH_CUES) or ctx.is_quoted(root.idx):
        return False
    index = bisect.bisect_right(ctx.quoted_starts, sentence.start_char) - 1
    for earlier in range(max(0, index), len(ctx.quoted)):
        other = ctx.quoted[earlier]
        if other.start >= span.start:
            break
        if other.end > max(sentence.start_char, paragraph_start) and stands_alone(
            ctx, other, earlier
        ):
            return False  # it attributes a quote of its own, which this one continues
    speaker, how = ctx.speaker_for(root, span, inverted=False)
    if speaker is None:
        return False
    ctx.set_cue(draft, root)
    draft.speaker = speaker
    draft.speaker_rule = (
        f"speaker is the {how} ‘{draft.cue_word}’ in the sentence that introduces the quote"
    )
    return True


def _verb_beside(region: list[Token], side: str, introduced: bool) -> Token | None:
    """The verb of a short attribution right after a quote ("she smiled", "wrote Kim
    wryly"), or of the clause that introduces it with a comma or colon."""
    if not region:
        return None
    if side == "after":
        verbs = [t for t in region[:5] if t.pos_ == "VERB"]
        if not verbs:
            return None
        verb = verbs[0]
        subject = any(c.dep_ in ("nsubj", "nsubjpass") for c in verb.children)
        leading = region[: region.index(verb)]
        if not all(
            t.is_punct or t.pos_ in ("PROPN", "PRON", "DET", "NOUN", "ADV") for t in leading
        ):
            return None
        return verb if subject or not leading or leading[-1].is_punct else None
    if not introduced:
        return None
    for token in reversed(region):
        if token.pos_ == "VERB" and any(c.dep_ == "nsubj" for c in token.children):
            return token
    return None
