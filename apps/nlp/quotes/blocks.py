"""Quotations set as paragraphs of their own, without quotation marks.

Three layouts are common in news and blog copy:

- a block quotation after a line that introduces it and ends with a colon ("Ana Ruiz wrote
  on her blog:", "The ministry said in a statement:"): the paragraph after the colon is the
  quote, and the paragraphs after it continue it until the narrative resumes;
- an interview transcript, each answer opened by its speaker's label, or a post printed with
  its author's handle (transcripts.py);
- a paragraph signed at its end with a dash and a cue ("… – says Ana Ruiz, director.");
- paragraphs the source set as a block quotation (an HTML <blockquote>, kept by the
  normaliser as ranges): their extent is known, their speaker comes from the paragraph
  that introduces them, as after a colon.

Each paragraph is one direct quote (paragraphs.py): the layout gives its speaker.
"""

from __future__ import annotations

from spacy.tokens import Token

from apps.nlp.quotes.context import Draft, QuoteContext, is_cue
from apps.nlp.quotes.lexicon import SPEECH_CUES
from apps.nlp.quotes.paragraphs import (
    SPEAKING_LABELS,
    Paragraph,
    names_speaker,
    paragraph_drafts,
    signed_drafts,
    split_paragraphs,
    starts_with_mark,
)
from apps.nlp.quotes.speakers import Speaker
from apps.nlp.quotes.transcripts import speaker_labels, transcript_turn
from apps.nlp.types import SpeakerType, speaker_type_for_label

# How many paragraphs a block quotation may run to after its introduction.
MAX_BLOCK_PARAGRAPHS = 4
SPEAKER_VOICE = frozenset({"i", "me", "my", "we", "us", "our", "you", "your"})


def block_drafts(ctx: QuoteContext) -> list[Draft]:
    """Direct quotes set as paragraphs without marks, in reading order."""
    paragraphs = split_paragraphs(ctx)
    labels = speaker_labels(ctx, paragraphs)
    drafts: list[Draft] = []
    index = 0
    while index < len(paragraphs):
        paragraph = paragraphs[index]
        if paragraph.label in labels:
            index = transcript_turn(ctx, paragraphs, index, labels, drafts)
            continue
        if _set_as_block(ctx, paragraph):
            index = _block_evidence(ctx, paragraphs, index, labels, drafts)
            continue
        if (
            ctx.text[paragraph.start : paragraph.end].endswith(":")
            and index + 1 < len(paragraphs)
            # A block the source marked up is read as such, its extent known.
            and not _set_as_block(ctx, paragraphs[index + 1])
        ):
            intro = _introduction(ctx, paragraph)
            if intro is not None:
                index = _block_after(ctx, paragraphs, index + 1, intro, labels, drafts)
                continue
        if not starts_with_mark(ctx, paragraph):
            drafts.extend(signed_drafts(ctx, paragraph))
        index += 1
    return drafts


# --- block quotations the source marked up ---------------------------------------------------


def _set_as_block(ctx: QuoteContext, paragraph: Paragraph) -> bool:
    return ctx.in_block_quotation(paragraph.start, paragraph.end)


def _block_evidence(
    ctx: QuoteContext,
    paragraphs: list[Paragraph],
    index: int,
    labels: dict[str, bool],
    drafts: list[Draft],
) -> int:
    """The run of paragraphs from `index` that stood in a <blockquote>: each one a direct
    quote, spoken by whoever the paragraph before introduces (with or without a colon)."""
    previous = paragraphs[index - 1] if index > 0 else None
    intro = None
    if previous is not None and not _set_as_block(ctx, previous):
        intro = _introduction(ctx, previous)
    cue, speaker = intro if intro is not None else (None, None)
    first = True
    while index < len(paragraphs) and _set_as_block(ctx, paragraphs[index]):
        paragraph = paragraphs[index]
        if paragraph.label in labels:
            break  # a transcript's turn: its own rule reads it
        index += 1
        if starts_with_mark(ctx, paragraph):
            continue  # a quote in marks, found by the rules for those
        if cue is None:
            rule = "Block quotation (a <blockquote> in the source)"
            how = "speaker unknown: nothing before the block quotation introduces it"
        else:
            rule = f"Block quotation (a <blockquote> in the source) after ‘{cue.text}’"
            how = f"speaker is the one who ‘{cue.text}’ in the paragraph before the block"
        parts = paragraph_drafts(ctx, paragraph, rule, speaker, how)
        if first and parts and cue is not None:
            ctx.set_cue(parts[0], cue)
        first = first and not parts
        drafts.extend(parts)
    return index


# --- block quotations after a colon ----------------------------------------------------------


def _introduction(ctx: QuoteContext, paragraph: Paragraph) -> tuple[Token, Speaker] | None:
    """The cue and speaker of a line that introduces a block quotation, if it names one."""
    last = ctx.token_containing(paragraph.end - 1)
    sentence = last.sent
    if len(sentence) < 4 and sentence.start > 0:
        # "… titled “X” said:" split after the title: the line is both sentences.
        sentence = ctx.doc[ctx.doc[sentence.start - 1].sent.start : sentence.end]
    tokens = [
        t
        for t in sentence
        if paragraph.start <= t.idx < paragraph.end and ctx.inside_quoted(t.idx) is None
    ]
    verbs = [t for t in tokens if t.pos_ == "VERB"]
    cues = [t for t in verbs if is_cue(t, SPEECH_CUES)]
    # The main verb of the line, also where the parse ran the sentence on from the paragraph
    # before: "Tomas congratulates the mayor:", "Sportsbeats compiled messages …:".
    roots = [
        t for t in verbs if t.dep_ == "ROOT" or not (paragraph.start <= t.head.idx < paragraph.end)
    ]
    for cue in [*reversed(cues), *roots]:
        speaker, _ = ctx.speaker_for(cue, None, inverted=True)
        if speaker is None or not (paragraph.start <= speaker.start < paragraph.end):
            continue
        if speaker.start > cue.idx and speaker.end < paragraph.end - 1:
            continue  # after the cue, a speaker ends the line: "…, reports Rivernews:"

        # A capitalised name the entity tagger did not know still names a speaker here
        # ("Sportsbeats compiled …"); a plural noun guessed to be a group does not.
        if speaker.kind == SpeakerType.UNKNOWN or (
            not speaker.certain
            and speaker.kind != SpeakerType.NAMED
            and not ctx.text[speaker.start].isupper()
        ):
            continue
        return cue, speaker
    # "Lakeside Radio, in a post titled “…” said:": the parse lost the subject of the cue
    # in the quoted title; the name that opens the line is the one speaking.
    if cues and not any(c.dep_ in ("nsubj", "nsubjpass") for cue in cues for c in cue.children):
        mention = ctx.mentions.covering(paragraph.start, paragraph.start + 1)
        if mention is not None and mention.label in SPEAKING_LABELS:
            label, entity = ctx.mentions.speaker_label(mention)
            speaker = Speaker(mention.start, mention.end, speaker_type_for_label(label), entity)
            return cues[-1], speaker
    return None


def _block_after(
    ctx: QuoteContext,
    paragraphs: list[Paragraph],
    index: int,
    intro: tuple[Token, Speaker],
    labels: dict[str, bool],
    drafts: list[Draft],
) -> int:
    cue, speaker = intro
    taken = 0
    while index < len(paragraphs) and taken < MAX_BLOCK_PARAGRAPHS:
        paragraph = paragraphs[index]
        if paragraph.label in labels or starts_with_mark(ctx, paragraph):
            break
        if taken and (
            not _continues_block(ctx, paragraph) or names_speaker(ctx, paragraph, speaker)
        ):
            break
        if taken == 0:
            rule = f"Block quotation after ‘{cue.text}’ and a colon"
            how = f"speaker is the one who ‘{cue.text}’ in the line before"
        else:
            rule = "Paragraph continuing the block quotation before it"
            how = "same speaker as the block quotation it continues"
        parts = paragraph_drafts(ctx, paragraph, rule, speaker, how)
        if taken == 0 and parts:
            ctx.set_cue(parts[0], cue)
        drafts.extend(parts)
        taken += 1
        index += 1
        if ctx.text[paragraph.end - 1] in '”»"':
            break  # a closing mark ends what was quoted
    return index


def _continues_block(ctx: QuoteContext, paragraph: Paragraph) -> bool:
    """Whether a paragraph after a block quotation is more of it rather than narrative.

    It must carry the quoted author's voice (first or second person, or a sentence that goes
    on from the paragraph before: "And it is further ordered …"); the narrative resumes with
    a heading, an attribution of its own, or a date ("In March, …")."""
    first = ctx.first_token_at(paragraph.start)
    last = ctx.first_token_at(paragraph.end)
    tokens = ctx.doc[first:last]
    if ctx.text[paragraph.end - 1] not in '.?!…:;"”’)' and len(tokens) < 8:
        return False  # a heading
    outside = [t for t in tokens if ctx.inside_quoted(t.idx) is None]
    voiced = tokens[0].lower_ in ("and", "but", "also") or any(
        t.lower_ in SPEAKER_VOICE for t in outside
    )
    if not voiced:
        return False
    for token in outside:
        if is_cue(token, SPEECH_CUES) and any(
            c.dep_ in ("nsubj", "nsubjpass") and c.lower_ not in SPEAKER_VOICE
            for c in token.children
        ):
            return False
        if token.ent_type_ in ("DATE", "TIME") and token.i == first + 1:
            return False
    return True
