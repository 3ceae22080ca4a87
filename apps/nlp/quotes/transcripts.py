"""Interview transcripts and posts: paragraphs opened by their speaker's label.

"SMITH: …", "Mark Lee (ML): …", "A: …", "((Jane Doe)) …", "@handle: …". An answer runs on over
the unlabelled paragraphs after it until the next label; the interviewer's questions ("Q:",
or a label whose paragraphs are questions) are the outlet's own words, not quotes.
"""

from __future__ import annotations

import re
from collections import Counter

from apps.nlp.quotes.context import Draft, QuoteContext
from apps.nlp.quotes.paragraphs import (
    SPEAKING_LABELS,
    Paragraph,
    names_speaker,
    paragraph_drafts,
    signed_drafts,
    starts_with_mark,
)
from apps.nlp.quotes.speakers import Speaker
from apps.nlp.types import SpeakerType, speaker_type_for_label

_QUESTION_LABELS = frozenset({"q", "question", "questions", "interviewer"})
_ANSWER_LABELS = frozenset({"a", "answer", "answers"})


def speaker_labels(ctx: QuoteContext, paragraphs: list[Paragraph]) -> dict[str, bool]:
    """The labels that name a speaker, each mapped to whether it asks the questions."""
    counts = Counter(p.label for p in paragraphs if p.label)
    first_with: dict[str, Paragraph] = {}
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
    # An abbreviated label ("ML") is the one introduced as "Mark Lee (ML)".
    for p in paragraphs:
        if p.label and "(" in p.label and not p.label.startswith("(("):
            abbreviation = p.label[p.label.index("(") + 1 : -1]
            if abbreviation in labels or p.label in labels:
                asks = labels.get(abbreviation, labels.get(p.label, False))
                labels[abbreviation] = labels[p.label] = asks
    return labels


def _label_mention(ctx: QuoteContext, paragraph: Paragraph, label: str):
    name_end = paragraph.label_start + len(label.split(" (")[0])
    mention = ctx.mentions.covering(paragraph.label_start, name_end)
    if mention is not None and mention.label in SPEAKING_LABELS:
        return mention
    return None


def _label_speaker(ctx: QuoteContext, paragraph: Paragraph) -> Speaker:
    label = paragraph.label or ""
    start = paragraph.label_start
    if label.startswith("(("):
        return Speaker(start + 2, start + len(label) - 2, SpeakerType.NAMED, label[2:-2])
    name = label.split(" (")[0]
    end = start + len(name)
    if label.startswith("@"):
        return Speaker(start, end, SpeakerType.NAMED, label)
    # An abbreviation spelled out earlier ("Mark Lee (ML)") names that person, whatever
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
    """Where "Mark Lee (ML)" spells out the abbreviation `abbreviation` before `before`
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


def transcript_turn(
    ctx: QuoteContext,
    paragraphs: list[Paragraph],
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
        if following.label in labels or starts_with_mark(ctx, following):
            break
        if speaker is not None and names_speaker(ctx, following, speaker):
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
        drafts.extend(paragraph_drafts(ctx, part, rule, speaker, "speaker is the label's name"))
        # A post that quotes someone ("@lee: Who is hiring? – Ana Ruiz asks at the fair").
        drafts.extend(signed_drafts(ctx, part))
    return index


def _turn_speaker(
    ctx: QuoteContext,
    paragraph: Paragraph,
    paragraphs: list[Paragraph],
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
