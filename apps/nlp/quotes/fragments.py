"""Quoted fragments inside the writer's sentence (partial quotes), and who said them.

A fragment takes the speaker of the verb that reports it ("described the plan as “a
disaster”"), or of "according to". A fragment in the first person is someone's own words
even when no reporting verb governs it. One that nobody is given for is scare quotes.
"""

from __future__ import annotations

from spacy.tokens import Token

from apps.nlp.quotes.context import Draft, QuoteContext, according_to, is_cue
from apps.nlp.quotes.lexicon import FRAGMENT_CUES, SPEECH_CUES
from apps.nlp.quotes.marks import QuotedSpan
from apps.nlp.types import SpeakerType

FIRST_PERSON = frozenset({"i", "me", "my", "mine", "myself", "we", "us", "our"})
SUBJECT_PATH_DEPS = frozenset({"nsubj", "nsubjpass", "csubj", "csubjpass"})


def attribute_fragment(ctx: QuoteContext, span: QuotedSpan, draft: Draft) -> None:
    """A partial quote takes the speaker of the verb that reports it."""
    doc = ctx.doc
    first = ctx.first_token_at(span.content_start)
    last = ctx.first_token_at(span.content_end)
    roots = [
        t for t in doc[first:last] if not (span.start <= t.head.idx < span.end) or t.head.i == t.i
    ]
    seen: set[int] = set()
    for root in roots:
        token = root
        while token.i not in seen:
            seen.add(token.i)
            if not (span.start <= token.idx < span.end):
                found = (
                    _attribute(ctx, span, draft, _as_clause(token), " in the “as …” beside it")
                    or (
                        is_cue(token, FRAGMENT_CUES)
                        and _attribute(ctx, span, draft, token, ", the verb reporting it")
                    )
                    or _attribute(ctx, span, draft, according_to(token), "")
                )
                if found:
                    return
            if token.head.i == token.i or token.dep_ in SUBJECT_PATH_DEPS:
                # A fragment inside the subject ("the so-called “x” say …") is not what
                # the verb reports.
                break
            token = token.head
    if _in_speaker_voice(ctx, span):
        # Someone's own words ("her love “stemmed from my childhood”"): the subject of the
        # verb it hangs on, whatever the verb, or the speaker of the quote before it.
        for root in roots:
            verb = root.head
            while verb.i != verb.head.i and (span.start <= verb.idx < span.end):
                verb = verb.head
            if span.start <= verb.idx < span.end or verb.pos_ not in ("VERB", "AUX"):
                continue
            speaker, how = ctx.speaker_for(verb, span, inverted=False)
            if speaker is not None and speaker.kind != SpeakerType.UNKNOWN:
                ctx.set_cue(draft, verb)
                draft.speaker = speaker
                draft.speaker_rule = (
                    f"the fragment speaks in the first person: speaker is the {how}"
                    f" ‘{draft.cue_word}’"
                )
                return
        # "She told a guard, in French, “they hurt me”": the reporting verb earlier in the
        # sentence, however the parse attached the fragment.
        floor = ctx.paragraph_starts[ctx.paragraph_of(span.start)]
        region = ctx.region_before(span.start, floor)
        for cue in reversed([t for t in region if is_cue(t, SPEECH_CUES)]):
            speaker, how = ctx.speaker_for(cue, span, inverted=False)
            if speaker is not None and speaker.kind != SpeakerType.UNKNOWN:
                ctx.set_cue(draft, cue)
                draft.speaker = speaker
                draft.speaker_rule = (
                    f"the fragment speaks in the first person: speaker is the {how}"
                    f" ‘{draft.cue_word}’ earlier in the sentence"
                )
                return
        draft.voiced = True
        return
    draft.scare = True


def _attribute(
    ctx: QuoteContext, span: QuotedSpan, draft: Draft, cue: Token | None, where: str
) -> bool:
    """Give the fragment the speaker of `cue` ("according" for "according to"), if it has
    one; `where` ends the explanation: how the cue goes with the fragment."""
    if cue is None:
        return False
    speaker, how = ctx.speaker_for(cue, span, inverted=False)
    if speaker is None:
        return False
    ctx.set_cue(draft, cue)
    draft.speaker = speaker
    if cue.lower_ == "according":
        draft.speaker_rule = "speaker is named by ‘according to’"
    else:
        draft.speaker_rule = f"speaker is the {how} ‘{draft.cue_word}’{where}"
    return True


def _as_clause(verb: Token) -> Token | None:
    """The cue of an "as" clause on `verb` that says whose words the sentence borrows:
    "“safest in Europe”, as claimed by the ministry", "“dead on arrival”, as the senator
    put it", "as the mayor said"."""
    for child in verb.children:
        if child.dep_ != "advcl" or not any(
            m.dep_ == "mark" and m.lower_ == "as" for m in child.children
        ):
            continue
        lemma = child.lemma_.lower()
        if lemma == "put" and any(c.lower_ == "it" for c in child.children):
            return child
        if lemma in SPEECH_CUES and child.pos_ == "VERB":
            return child
    return None


def _in_speaker_voice(ctx: QuoteContext, span: QuotedSpan) -> bool:
    first = ctx.first_token_at(span.content_start)
    last = ctx.first_token_at(span.content_end)
    return any(t.lower_ in FIRST_PERSON for t in ctx.doc[first:last])
