"""Quotations set as paragraphs of their own, without quotation marks.

Three layouts are common in news and blog copy:

- a block quotation after a line that introduces it and ends with a colon ("Ana Ruiz wrote
  on her blog:", "The ministry said in a statement:"): the paragraph after the colon is the
  quote, and the paragraphs after it continue it until the narrative resumes;
- an interview transcript, each answer opened by its speaker's label ("SMITH: …",
  "Mark Lee (ML): …", "A: …"); the interviewer's questions ("Q: …", or a label whose
  paragraphs are questions) are the outlet's own words, not quotes;
- a post printed with its author's handle ("@handle: …").

Each paragraph is one direct quote: the layout gives its speaker, so no cue verb is needed.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from spacy.tokens import Token

from apps.nlp.quotes.context import QUOTE_CHARS, Draft, QuoteContext, is_cue
from apps.nlp.quotes.lexicon import SPEECH_CUES
from apps.nlp.quotes.speakers import Speaker
from apps.nlp.types import QuoteKind, SpeakerType, speaker_type_for_label

# A speaker label opening a paragraph: a handle, a name in double brackets, or up to four
# capitalised words with an optional abbreviation in brackets, then a colon and the text.
_LABEL_RE = re.compile(
    r"(?P<label>@\w{1,30}|\(\([^()\n]{1,40}\)\)"
    r"|[A-Z][\w.’'-]*(?: [A-Z][\w.’'-]*){0,3}(?: \((?P<abbr>[A-Z][A-Za-z]{0,5})\))?)"
    r"[ \t]*:[ \t]+(?=\S)"
)
_QUESTION_LABELS = frozenset({"q", "question", "questions", "interviewer"})
_ANSWER_LABELS = frozenset({"a", "answer", "answers"})
# How many paragraphs a block quotation may run to after its introduction.
MAX_BLOCK_PARAGRAPHS = 4
_MENTION_SPEAKER_LABELS = frozenset({"PERSON", "ORG", "NORP", "GPE"})
SPEAKER_VOICE = frozenset({"i", "me", "my", "we", "us", "our", "you", "your"})
# An editor's aside inside a quoted paragraph is the outlet's words, not the speaker's.
_EDITORS_NOTE_RE = re.compile(
    r"\s*[(\[]\s*(?:editor['’]?s? note|ed\.|note)\s*:[^)\]]*[)\]]\.?\s*", re.I
)


@dataclass(slots=True)
class _Paragraph:
    start: int
    end: int  # without trailing spaces
    label: str | None = None
    label_start: int = 0
    content_start: int = 0  # after the label, if any


def block_drafts(ctx: QuoteContext) -> list[Draft]:
    """Direct quotes set as paragraphs without marks, in reading order."""
    paragraphs = _paragraphs(ctx)
    labels = _speaker_labels(ctx, paragraphs)
    drafts: list[Draft] = []
    index = 0
    while index < len(paragraphs):
        paragraph = paragraphs[index]
        if paragraph.label in labels:
            index = _transcript_turn(ctx, paragraphs, index, labels, drafts)
            continue
        if ctx.text[paragraph.start : paragraph.end].endswith(":") and index + 1 < len(paragraphs):
            intro = _introduction(ctx, paragraph)
            if intro is not None:
                index = _block_after(ctx, paragraphs, index + 1, intro, labels, drafts)
                continue
        if not _starts_with_mark(ctx, paragraph):
            drafts.extend(_signed_paragraph(ctx, paragraph))
        index += 1
    return drafts


# "…, inclusive growth, - says Ana Ruiz, director of the forum." at a paragraph's end.
_SIGNATURE_RE = re.compile(
    r"[\s,]*[-–—]\s*(?P<cue>says|said|writes|wrote|adds|added|explains|explained)\s+"
    r"(?P<name>[A-Z][\w.’'-]*(?: [A-Z][\w.’'-]*){1,4})[^.!?]*[.!?]?$"
)


def _signed_paragraph(ctx: QuoteContext, paragraph: _Paragraph) -> list[Draft]:
    """A paragraph without marks that ends "– says Ana Ruiz, …", as press releases and
    blogs quote: the paragraph before the dash is her quote."""
    match = _SIGNATURE_RE.search(ctx.text, paragraph.start, paragraph.end)
    if match is None or match.start() - paragraph.start < 20:
        return []
    start, end = match.start("name"), match.end("name")
    mention = ctx.mentions.covering(start, start + 1)
    if mention is not None and mention.start == start:
        label, entity = ctx.mentions.speaker_label(mention)
        speaker = Speaker(mention.start, mention.end, speaker_type_for_label(label), entity)
    else:
        speaker = Speaker(start, end, SpeakerType.NAMED, ctx.text[start:end])
    body = _Paragraph(paragraph.start, match.start(), content_start=paragraph.content_start)
    rule = f"Paragraph signed ‘– {match.group('cue')} {ctx.text[start:end]}’ at its end"
    drafts = _paragraph_drafts(ctx, body, rule, speaker, "speaker is the name that signs it")
    for draft in drafts:
        draft.cue = (match.start("cue"), match.end("cue"))
        draft.cue_word = match.group("cue")
    return drafts


# --- paragraphs and labels -------------------------------------------------------------------


def _paragraphs(ctx: QuoteContext) -> list[_Paragraph]:
    text = ctx.text
    found = []
    for start, end in zip(ctx.paragraph_starts, ctx.paragraph_ends, strict=True):
        while end > start and text[end - 1].isspace():
            end -= 1
        if start >= end:
            continue
        paragraph = _Paragraph(start, end, content_start=start)
        match = _LABEL_RE.match(text, start, end)
        if match:
            paragraph.label = match.group("label")
            paragraph.label_start = start
            paragraph.content_start = match.end()
        found.append(paragraph)
    return found


def _speaker_labels(ctx: QuoteContext, paragraphs: list[_Paragraph]) -> dict[str, bool]:
    """The labels that name a speaker, each mapped to whether it asks the questions."""
    counts = Counter(p.label for p in paragraphs if p.label)
    first_with: dict[str, _Paragraph] = {}
    for p in paragraphs:
        if p.label:
            first_with.setdefault(p.label, p)
    questions: Counter = Counter()
    for p in paragraphs:
        if p.label and ctx.text[p.start : p.end].rstrip("”\"' ").endswith("?"):
            questions[p.label] += 1
    labels: dict[str, bool] = {}
    for label, count in counts.items():
        key = label.lower()
        if not (
            label.startswith(("@", "(("))
            or key in _QUESTION_LABELS
            or key in _ANSWER_LABELS
            or (label.isupper() and count > 1)
            or _label_mention(ctx, first_with[label], label) is not None
        ):
            continue
        labels[label] = key in _QUESTION_LABELS or (
            key not in _ANSWER_LABELS and not label.startswith("@") and questions[label] * 2 > count
        )
    # An abbreviated label ("MK") is the one introduced as "Mark Kaigwa (MK)".
    for p in paragraphs:
        if p.label and "(" in p.label and not p.label.startswith("(("):
            abbreviation = p.label[p.label.index("(") + 1 : -1]
            if abbreviation in labels or p.label in labels:
                asks = labels.get(abbreviation, labels.get(p.label, False))
                labels[abbreviation] = labels[p.label] = asks
    return labels


def _label_mention(ctx: QuoteContext, paragraph: _Paragraph, label: str):
    name_end = paragraph.label_start + len(label.split(" (")[0])
    mention = ctx.mentions.covering(paragraph.label_start, name_end)
    if mention is not None and mention.label in _MENTION_SPEAKER_LABELS:
        return mention
    return None


def _label_speaker(ctx: QuoteContext, paragraph: _Paragraph) -> Speaker:
    label = paragraph.label or ""
    start = paragraph.label_start
    if label.startswith("(("):
        return Speaker(start + 2, start + len(label) - 2, SpeakerType.NAMED, label[2:-2])
    name = label.split(" (")[0]
    end = start + len(name)
    if label.startswith("@"):
        return Speaker(start, end, SpeakerType.NAMED, label)
    # An abbreviation spelled out earlier ("Mark Kaigwa (MK)") names that person, whatever
    # the entity tagger made of the letters.
    expanded = _expansion(ctx, name, start)
    if expanded is not None:
        mention = ctx.mentions.covering(*expanded)
        entity = mention.entity if mention else ctx.text[expanded[0] : expanded[1]]
        return Speaker(start, end, SpeakerType.NAMED, entity)
    mention = ctx.mentions.covering(start, end)
    if mention is not None:
        kind = speaker_type_for_label(mention.label)
        return Speaker(start, end, kind, mention.entity)
    entity = None
    if name.isupper() and len(name) > 2:
        entity = ctx.mentions.person_named(name.title())
    return Speaker(start, end, SpeakerType.NAMED, entity)


def _expansion(ctx: QuoteContext, abbreviation: str, before: int) -> tuple[int, int] | None:
    """Where "Mark Kaigwa (MK)" spells out the abbreviation `abbreviation` before `before`
    (looked up once per abbreviation and article)."""
    cache = ctx.expansions
    if abbreviation not in cache:
        pattern = re.compile(
            r"([A-Z][\w.’'-]*(?: [A-Z][\w.’'-]*){0,4}) \(" + re.escape(abbreviation) + r"\)"
        )
        match = pattern.search(ctx.text)
        cache[abbreviation] = (match.start(1), match.end(1)) if match else None
    found = cache[abbreviation]
    return found if found is not None and found[0] <= before else None


# --- transcripts -----------------------------------------------------------------------------


def _transcript_turn(
    ctx: QuoteContext,
    paragraphs: list[_Paragraph],
    index: int,
    labels: dict[str, bool],
    drafts: list[Draft],
) -> int:
    """One speaker's turn: the labelled paragraph and the unlabelled ones after it."""
    paragraph = paragraphs[index]
    label = paragraph.label or ""
    asks = labels[label]
    speaker = None if asks else _turn_speaker(ctx, paragraph, paragraphs, labels)
    handle = label.startswith("@")
    index += 1
    turn = [paragraph]
    while not handle and index < len(paragraphs):
        following = paragraphs[index]
        if following.label in labels or _starts_with_mark(ctx, following):
            break
        if speaker is not None and _names_speaker(ctx, following, speaker):
            break  # "The interview with Mark Lee was conducted …": the outlet speaks again
        turn.append(following)
        index += 1
    if speaker is None:
        return index
    for position, part in enumerate(turn):
        if position == 0:
            rule = (
                f"Post printed after its author's handle ‘{label}’"
                if handle
                else f"Answer after the speaker label ‘{label}’"
            )
        else:
            rule = f"Paragraph continuing the answer after the speaker label ‘{label}’"
        drafts.extend(_paragraph_drafts(ctx, part, rule, speaker, "speaker is the label's name"))
    return index


def _turn_speaker(
    ctx: QuoteContext,
    paragraph: _Paragraph,
    paragraphs: list[_Paragraph],
    labels: dict[str, bool],
) -> Speaker | None:
    label = paragraph.label or ""
    if label.lower() in _ANSWER_LABELS:
        # "A:" answers for the one person the interview is with: the article's main person.
        entity = _main_person(ctx)
        if entity is None:
            return None
        start = paragraph.label_start
        return Speaker(start, start + len(label), SpeakerType.NAMED, entity)
    return _label_speaker(ctx, paragraph)


def _main_person(ctx: QuoteContext) -> str | None:
    if not ctx.main_person:
        counts = Counter(m.entity for m in ctx.mentions.mentions if m.label == "PERSON")
        ctx.main_person.append(counts.most_common(1)[0][0] if counts else None)
    return ctx.main_person[0]


# --- block quotations after a colon ----------------------------------------------------------


def _introduction(ctx: QuoteContext, paragraph: _Paragraph) -> tuple[Token, Speaker] | None:
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
    # before: "Clemans congratulates the president:", "Maxibeats compiled statements …:".
    roots = [
        t for t in verbs if t.dep_ == "ROOT" or not (paragraph.start <= t.head.idx < paragraph.end)
    ]
    for cue in [*reversed(cues), *roots]:
        speaker, _ = ctx.speaker_for(cue, None, inverted=True)
        if speaker is None or not (paragraph.start <= speaker.start < paragraph.end):
            continue
        if speaker.start > cue.idx and speaker.end < paragraph.end - 1:
            continue  # after the cue, a speaker ends the line: "…, reports Kracktivist:"

        # A capitalised name the entity tagger did not know still names a speaker here
        # ("Maxibeats compiled …"); a plural noun guessed to be a group does not.
        if speaker.kind == SpeakerType.UNKNOWN or (
            not speaker.certain
            and speaker.kind != SpeakerType.NAMED
            and not ctx.text[speaker.start].isupper()
        ):
            continue
        return cue, speaker
    # "Optimum Sports, in a post titled “…” said:": the parse lost the subject of the cue
    # in the quoted title; the name that opens the line is the one speaking.
    if cues and not any(c.dep_ in ("nsubj", "nsubjpass") for cue in cues for c in cue.children):
        mention = ctx.mentions.covering(paragraph.start, paragraph.start + 1)
        if mention is not None and mention.label in _MENTION_SPEAKER_LABELS:
            label, entity = ctx.mentions.speaker_label(mention)
            speaker = Speaker(mention.start, mention.end, speaker_type_for_label(label), entity)
            return cues[-1], speaker
    return None


def _block_after(
    ctx: QuoteContext,
    paragraphs: list[_Paragraph],
    index: int,
    intro: tuple[Token, Speaker],
    labels: dict[str, bool],
    drafts: list[Draft],
) -> int:
    cue, speaker = intro
    taken = 0
    while index < len(paragraphs) and taken < MAX_BLOCK_PARAGRAPHS:
        paragraph = paragraphs[index]
        if paragraph.label in labels or _starts_with_mark(ctx, paragraph):
            break
        if taken and (
            not _continues_block(ctx, paragraph) or _names_speaker(ctx, paragraph, speaker)
        ):
            break
        if taken == 0:
            rule = f"Block quotation after ‘{cue.text}’ and a colon"
            how = f"speaker is the one who ‘{cue.text}’ in the line before"
        else:
            rule = "Paragraph continuing the block quotation before it"
            how = "same speaker as the block quotation it continues"
        parts = _paragraph_drafts(ctx, paragraph, rule, speaker, how)
        if taken == 0 and parts:
            ctx.set_cue(parts[0], cue)
        drafts.extend(parts)
        taken += 1
        index += 1
        if ctx.text[paragraph.end - 1] in '”»"':
            break  # a closing mark ends what was quoted
    return index


def _names_speaker(ctx: QuoteContext, paragraph: _Paragraph, speaker: Speaker) -> bool:
    """Whether the paragraph names the speaker: people rarely name themselves, the
    narrative that resumes does."""
    if not speaker.entity:
        return False
    return any(
        m.entity == speaker.entity for m in ctx.mentions.within(paragraph.start, paragraph.end)
    )


def _continues_block(ctx: QuoteContext, paragraph: _Paragraph) -> bool:
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


def _starts_with_mark(ctx: QuoteContext, paragraph: _Paragraph) -> bool:
    return ctx.text[paragraph.content_start] in QUOTE_CHARS


def _paragraph_drafts(
    ctx: QuoteContext, paragraph: _Paragraph, rule: str, speaker: Speaker, how: str
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


def _draft(start: int, end: int, rule: str, speaker: Speaker, how: str) -> Draft:
    return Draft(
        start=start,
        end=end,
        kind=QuoteKind.DIRECT,
        rule=rule,
        speaker=Speaker(
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
