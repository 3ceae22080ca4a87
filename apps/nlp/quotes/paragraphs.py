"""The paragraphs of an article as the block rules read them: each with the speaker label
that opens it, if any, and turned into one direct quote (two around an editor's note)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from apps.nlp.quotes.context import QUOTE_CHARS, Draft, QuoteContext
from apps.nlp.quotes.speakers import Speaker
from apps.nlp.types import QuoteKind, SpeakerType, speaker_type_for_label

# Entity labels of a mention that can name a speaker in a label or a line.
SPEAKING_LABELS = frozenset({"PERSON", "ORG", "NORP", "GPE"})
# A speaker label opening a paragraph: a handle, a name in double brackets, or up to four
# capitalised words with an optional abbreviation in brackets, then a colon and the text.
_LABEL_RE = re.compile(
    r"(?P<label>@\w{1,30}|\(\([^()\n]{1,40}\)\)"
    r"|[A-Z][\w.’'-]*(?: [A-Z][\w.’'-]*){0,3}(?: \((?P<abbr>[A-Z][A-Za-z]{0,5})\))?)"
    r"[ \t]*:[ \t]+(?=\S)"
)
# An editor's aside inside a quoted paragraph is the outlet's words, not the speaker's.
_EDITORS_NOTE_RE = re.compile(
    r"\s*[(\[]\s*(?:editor['’]?s? note|ed\.|note)\s*:[^)\]]*[)\]]\.?\s*", re.I
)


@dataclass(slots=True)
class Paragraph:
    start: int
    end: int  # without trailing spaces
    label: str | None = None
    label_start: int = 0
    content_start: int = 0  # after the label, if any


def split_paragraphs(ctx: QuoteContext) -> list[Paragraph]:
    text = ctx.text
    found = []
    for start, end in zip(ctx.paragraph_starts, ctx.paragraph_ends, strict=True):
        while end > start and text[end - 1].isspace():
            end -= 1
        if start >= end:
            continue
        paragraph = Paragraph(start, end, content_start=start)
        match = _LABEL_RE.match(text, start, end)
        if match:
            paragraph.label = match.group("label")
            paragraph.label_start = start
            paragraph.content_start = match.end()
        found.append(paragraph)
    return found


def names_speaker(ctx: QuoteContext, paragraph: Paragraph, speaker: Speaker) -> bool:
    """Whether the paragraph names the speaker: people rarely name themselves, the
    narrative that resumes does."""
    if not speaker.entity:
        return False
    return any(
        m.entity == speaker.entity for m in ctx.mentions.within(paragraph.start, paragraph.end)
    )


def starts_with_mark(ctx: QuoteContext, paragraph: Paragraph) -> bool:
    return ctx.text[paragraph.content_start] in QUOTE_CHARS


def paragraph_drafts(
    ctx: QuoteContext, paragraph: Paragraph, rule: str, speaker: Speaker | None, how: str
) -> list[Draft]:
    """The paragraph as a quote, or as two around an editor's note inside it."""
    drafts = []
    start = paragraph.content_start
    for note in _EDITORS_NOTE_RE.finditer(ctx.text, start, paragraph.end):
        if note.start() > start:
            drafts.append(_draft(start, note.start(), rule, speaker, how))
        start = note.end()
    if start < paragraph.end:
        drafts.append(_draft(start, paragraph.end, rule, speaker, how))
    return drafts


def _draft(start: int, end: int, rule: str, speaker: Speaker | None, how: str) -> Draft:
    return Draft(
        start=start,
        end=end,
        kind=QuoteKind.DIRECT,
        rule=rule,
        speaker=None
        if speaker is None
        else Speaker(
            speaker.start,
            speaker.end,
            speaker.kind,
            speaker.entity,
            pronoun=speaker.pronoun,
            certain=speaker.certain,
        ),
        speaker_rule=how,
        attribution_end=end,
        outer_start=start,
        outer_end=end,
    )


# "…, inclusive growth, - says Ana Ruiz, director of the forum." or "… – Ana Ruiz asks at
# the forum" at a paragraph's end.
_SIGNATURE_CUES = r"(?P<cue>says|said|writes|wrote|adds|added|explains|explained|asks|asked)"
_SIGNATURE_NAME = r"(?P<name>[A-Z][\w.’'-]*(?: [A-Z][\w.’'-]*){1,4})"
_DASH = r"[\s,]*[-–—]\s*"
_TAIL = r"\b[^.!?]*[.!?]?$"
_SIGNATURE_RES = (
    re.compile(_DASH + _SIGNATURE_CUES + r"\s+" + _SIGNATURE_NAME + _TAIL),
    re.compile(_DASH + _SIGNATURE_NAME + r"\s+" + _SIGNATURE_CUES + _TAIL),
)


def signed_drafts(ctx: QuoteContext, paragraph: Paragraph) -> list[Draft]:
    """A paragraph without marks that ends "– says Ana Ruiz, …" (or "– Ana Ruiz asks …"),
    as press releases, blogs and posts quote: the words before the dash are hers."""
    for pattern in _SIGNATURE_RES:
        match = pattern.search(ctx.text, paragraph.content_start, paragraph.end)
        if match is not None and match.start() - paragraph.content_start >= 20:
            break
    else:
        return []
    start, end = match.start("name"), match.end("name")
    mention = ctx.mentions.covering(start, start + 1)
    if mention is not None and mention.start == start:
        label, entity = ctx.mentions.speaker_label(mention)
        speaker = Speaker(mention.start, mention.end, speaker_type_for_label(label), entity)
    else:
        speaker = Speaker(start, end, SpeakerType.NAMED, ctx.text[start:end])
    body = Paragraph(paragraph.start, match.start(), content_start=paragraph.content_start)
    rule = f"Paragraph signed ‘{ctx.text[match.start() : match.end()].strip(' ,')}’ at its end"
    drafts = paragraph_drafts(ctx, body, rule, speaker, "speaker is the name that signs it")
    for draft in drafts:
        draft.cue = (match.start("cue"), match.end("cue"))
        draft.cue_word = match.group("cue")
    return drafts
