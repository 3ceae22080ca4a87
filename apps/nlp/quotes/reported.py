"""Reported speech: the clause after a reporting verb, or the sentence around "according to".

"X said that …", "…, officials said, …", "The plan is dead, he said", "told a journalist
that …", "According to the report, …". The clause comes from the dependency parse; the
speaker is the subject of the cue (speakers.py). Clauses that are already in quotation marks
belong to the direct or partial quote instead.
"""

from __future__ import annotations

import bisect
import re

from spacy.tokens import Token

from apps.nlp.quotes.context import (
    Draft,
    QuoteContext,
    is_according_to,
    is_cue,
    merge_spans,
    trim_end,
)
from apps.nlp.quotes.lexicon import CLAUSE_CUES, EVIDENTIAL_CUES
from apps.nlp.types import QuoteKind

# "declined to say whether …", "refused to comment": the cue reports nothing said.
WITHHOLDING_VERBS = frozenset({"decline", "refuse", "fail", "avoid", "hesitate"})


def reported_drafts(ctx: QuoteContext, drafts: list[Draft]) -> list[Draft]:
    """Reported speech outside the quotes in `drafts`, the outermost clause of each."""
    direct = _Spans([(d.outer_start, d.outer_end) for d in drafts if d.kind == QuoteKind.DIRECT])
    direct_content = _Spans([(d.start, d.end) for d in drafts if d.kind == QuoteKind.DIRECT])
    found: list[Draft] = []
    for token in ctx.doc:
        if ctx.inside_quoted(token.idx) is not None:
            continue
        if token.lower_ == "according" and is_according_to(token):
            draft = _according_to_draft(ctx, token, direct_content)
        elif is_cue(token, CLAUSE_CUES) and not any(c.dep_ == "neg" for c in token.children):
            draft = _clause_draft(ctx, token, direct_content)
        else:
            continue
        if draft is not None and not direct.overlaps(draft.start, draft.end):
            found.append(draft)
    return _outermost(found)


def _clause_draft(ctx: QuoteContext, cue: Token, direct: _Spans) -> Draft | None:
    if cue.dep_ == "xcomp" and cue.head.lemma_.lower() in WITHHOLDING_VERBS:
        return None
    reported = _reported_tokens(cue)
    if reported is None:
        return None
    tokens, rule = reported
    while tokens and (
        tokens[0].is_punct
        or tokens[0].is_space
        or (tokens[0].dep_ == "mark" and tokens[0].lower_ == "that")
    ):
        tokens.pop(0)
    trim_end(tokens)
    if len(tokens) < 3:
        return None
    start, end = tokens[0].idx, tokens[-1].idx + len(tokens[-1])
    if direct.overlaps(start, end) or _all_quoted(ctx, start, end):
        return None
    speaker, how = ctx.speaker_for(cue, None, inverted=False)
    if speaker is None:
        return None
    if cue.lemma_.lower() in EVIDENTIAL_CUES and not speaker.certain:
        return None  # "his efforts suggest that …" is the writer's inference
    draft = Draft(
        start=start,
        end=end,
        kind=QuoteKind.INDIRECT,
        rule=rule,
        speaker=speaker,
        outer_start=start,
        attribution_end=end,
    )
    ctx.set_cue(draft, cue)
    draft.speaker_rule = f"speaker is the {how} ‘{draft.cue_word}’"
    return draft


def _reported_tokens(cue: Token) -> tuple[list[Token], str] | None:
    """The tokens of what `cue` reports, and how they were found."""
    doc = cue.doc
    if cue.dep_ == "parataxis" and cue.head.pos_ in ("VERB", "AUX") and cue.head.i != cue.i:
        # "The talks, officials said, would resume": the attribution sits inside.
        clause = cue.head
        first, last = clause.left_edge.i, clause.right_edge.i
        if not any(c.dep_ in ("nsubj", "nsubjpass") for c in cue.children):
            return None
        if cue.right_edge.i + 1 >= last:  # "…, officials said."
            last = cue.left_edge.i - 1
        elif cue.left_edge.i <= first:  # "Officials said, … "
            first = cue.right_edge.i + 1
        rule = f"Reported speech: the clause around ‘{cue.text}’"
        return list(doc[first : last + 1]), rule
    clause = _complement_clause(cue)
    if clause is None:
        return None
    further = _further_clauses(cue, clause) if clause.i > cue.i else None
    last = (further or clause).right_edge.i
    if clause.i < cue.i:
        # "The plan is dead, he said": the clause must end at the attribution's comma.
        after = doc[clause.right_edge.i + 1] if clause.right_edge.i + 1 < cue.i else None
        if after is None or after.text not in (",", "—", "–"):
            return None
        if any(c.dep_ in ("dobj", "dative") for c in cue.children):
            return None
    rule = f"Reported speech: the clause that ‘{cue.text}’ introduces"
    return list(doc[clause.left_edge.i : last + 1]), rule


def _all_quoted(ctx: QuoteContext, start: int, end: int) -> bool:
    """Whether the clause is (almost) all one quoted fragment: the partial quote has it."""
    outside = list(ctx.text[start:end])
    # Quoted spans are top-level and sorted: only those from the one around `start` on.
    index = max(0, bisect.bisect_right(ctx.quoted_starts, start) - 1)
    for span in ctx.quoted[index:]:
        if span.start >= end:
            break
        for offset in range(max(start, span.start), min(end, span.end)):
            outside[offset - start] = " "
    return len(re.findall(r"\w+", "".join(outside))) < 2


def _according_to_draft(ctx: QuoteContext, according: Token, direct: _Spans) -> Draft | None:
    doc = ctx.doc
    sentence = according.sent
    phrase_start, phrase_end = according.left_edge.i, according.right_edge.i + 1
    parts = [list(doc[sentence.start : phrase_start]), list(doc[phrase_end : sentence.end])]
    best: list[Token] = []
    for part in parts:
        while part and (part[0].is_punct or part[0].is_space):
            part.pop(0)
        trim_end(part)
        if len(part) > len(best):
            best = part
    if len(best) < 3:
        return None
    start, end = best[0].idx, best[-1].idx + len(best[-1])
    if direct.overlaps(start, end):
        return None
    speaker, _ = ctx.speaker_for(according, None, inverted=False)
    if speaker is None:
        return None
    draft = Draft(
        start=start,
        end=end,
        kind=QuoteKind.INDIRECT,
        rule="Reported speech: the sentence attributed with ‘according to’",
        speaker=speaker,
        outer_start=start,
        attribution_end=end,
    )
    ctx.set_cue(draft, according)
    draft.speaker_rule = "speaker is named by ‘according to’"
    return draft


def _further_clauses(cue: Token, clause: Token) -> Token | None:
    """The last of "…, and that …" clauses the parser hung on the cue rather than the first
    clause; they are part of what was reported."""
    last = None
    for child in cue.children:
        if (
            child.dep_ == "conj"
            and child.i > clause.i
            and any(m.dep_ == "mark" and m.lower_ == "that" for m in child.children)
        ):
            last = child
    return last


def _complement_clause(cue: Token) -> Token | None:
    """The clause a reporting verb introduces: its ccomp, or a "that" clause the parser hung
    on the listener ("told a journalist that …" parsed as a clause modifying 'journalist')."""
    for child in cue.children:
        if child.dep_ == "ccomp":
            return child
    for child in cue.children:
        if child.dep_ in ("dobj", "dative", "pobj") or (child.dep_ == "prep" and child.i > cue.i):
            listeners = [child, *(g for g in child.children if g.dep_ == "pobj")]
            for listener in listeners:
                for clause in listener.children:
                    if clause.dep_ in ("acl", "relcl", "ccomp") and any(
                        m.dep_ == "mark" and m.lower_ in ("that", "whether", "if")
                        for m in clause.children
                    ):
                        return clause
    return None


class _Spans:
    """A union of half-open spans that answers "does [start, end) overlap it?" by bisection."""

    def __init__(self, spans: list[tuple[int, int]]) -> None:
        merged = merge_spans(spans)
        self.starts = [s for s, _ in merged]
        self.ends = [e for _, e in merged]

    def overlaps(self, start: int, end: int) -> bool:
        index = bisect.bisect_left(self.starts, end) - 1
        return index >= 0 and self.ends[index] > start


def _outermost(drafts: list[Draft]) -> list[Draft]:
    """Reported speech inside reported speech ("said that …, describing how …") is one quote.

    One sweep in order of start (longest first): a draft is inside an earlier one when the
    furthest end reached so far covers its end."""
    kept = []
    furthest = -1
    for draft in sorted(drafts, key=lambda d: (d.start, -d.end)):
        if draft.end > furthest:
            kept.append(draft)
            furthest = draft.end
    return kept
