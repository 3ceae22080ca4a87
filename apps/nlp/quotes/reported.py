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

from apps.nlp.docs import doc_tokens
from apps.nlp.quotes.context import (
    Draft,
    QuoteContext,
    is_according_to,
    is_cue,
    merge_spans,
    trim_end,
    verdict_of,
)
from apps.nlp.quotes.lexicon import (
    ANONYMOUS_NOUNS,
    CLAUSE_CUES,
    CONTINUING_CUES,
    DOCUMENT_NOUNS,
    EVIDENTIAL_CUES,
    GROUP_NOUNS,
    ORGANISATION_NOUNS,
    PERSONAL_PRONOUNS,
)
from apps.nlp.quotes.speakers import Speaker, describe
from apps.nlp.types import QuoteKind

# "declined to say whether …", "refused to comment": the cue reports nothing said.
WITHHOLDING_VERBS = frozenset({"decline", "refuse", "fail", "avoid", "hesitate"})


def reported_drafts(ctx: QuoteContext, drafts: list[Draft]) -> list[Draft]:
    """Reported speech outside the quotes in `drafts`, the outermost clause of each."""
    direct = _Spans([(d.outer_start, d.outer_end) for d in drafts if d.kind == QuoteKind.DIRECT])
    direct_content = _Spans([(d.start, d.end) for d in drafts if d.kind == QuoteKind.DIRECT])
    found: list[Draft] = []
    for token in doc_tokens(ctx.doc):
        # The cheap tests first: most tokens are neither a cue nor "according".
        if token.lower_ == "according" and is_according_to(token):
            if ctx.inside_quoted(token.idx) is not None:
                continue
            draft = _according_to_draft(ctx, token, direct_content)
        elif (
            is_cue(token, CLAUSE_CUES) or (token.lemma_ == "call" and verdict_of(token))
        ) and not any(c.dep_ == "neg" for c in token.children):
            if ctx.inside_quoted(token.idx) is not None:
                continue
            draft = _clause_draft(ctx, token, direct_content)
        else:
            continue
        if draft is not None and not direct.mostly_covers(draft.start, draft.end):
            found.append(draft)
    return _outermost(found)


def _clause_draft(ctx: QuoteContext, cue: Token, direct: _Spans) -> Draft | None:
    if cue.dep_ == "xcomp" and cue.head.lemma_.lower() in WITHHOLDING_VERBS:
        return None
    if cue.dep_ == "parataxis" and ctx.is_quoted(cue.head.idx):
        return None  # "he said, “It happened …”": the attribution of a quote in marks
    reported = _reported_tokens(cue)
    if reported is None:
        return None
    tokens, rule = reported
    tokens = _within_its_sentence(ctx, cue, tokens)
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
    if direct.mostly_covers(start, end) or _all_quoted(ctx, start, end):
        return None
    quoted = ctx.inside_quoted(end - 1)
    if quoted is not None and quoted.content_end == end:
        end = quoted.end  # the clause ends with the quoted words: and their closing mark
    speaker, how = ctx.speaker_for(cue, None, inverted=False)
    if speaker is None:
        return None
    if cue.lemma_.lower() in EVIDENTIAL_CUES and not speaker.certain:
        return None  # "his efforts suggest that …" is the writer's inference
    draft = _indirect(ctx, start, end, cue, speaker, rule)
    draft.speaker_rule = f"speaker is the {how} ‘{draft.cue_word}’"
    return draft


def _indirect(
    ctx: QuoteContext, start: int, end: int, cue: Token, speaker: Speaker, rule: str
) -> Draft:
    """Reported speech [start, end) by `speaker`, with its cue set."""
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
    if clause.i > cue.i:
        # "said the name had to be easy and, to prevent stigma, it must not …": the parse may
        # hang the rest of what was said on the cue as a second clause.
        for child in cue.children:
            if child.dep_ == "ccomp" and child.i > clause.i:
                last = max(last, child.right_edge.i)
    if clause.i < cue.i:
        # "The plan is dead, he said": the clause must end at the attribution's comma.
        after = doc[clause.right_edge.i + 1] if clause.right_edge.i + 1 < cue.i else None
        if after is None or after.text not in (",", "—", "–"):
            return None
        if any(c.dep_ in ("dobj", "dative") for c in cue.children):
            return None
    rule = f"Reported speech: the clause that ‘{cue.text}’ introduces"
    return list(doc[clause.left_edge.i : last + 1]), rule


def _within_its_sentence(ctx: QuoteContext, cue: Token, tokens: list[Token]) -> list[Token]:
    """The reported tokens cut where the parse ran on too far: at the end of the cue's
    paragraph (and a colon that introduces what follows), at a semicolon, and before
    speech reported by someone else inside it ("…, despite the site claiming …")."""
    paragraph = ctx.paragraph_of(cue.idx)
    low, high = ctx.paragraph_starts[paragraph], ctx.paragraph_ends[paragraph]
    kept: list[Token] = []
    for token in tokens:
        if not (low <= token.idx < high):
            if token.idx >= high:
                break
            continue
        quoted = ctx.inside_quoted(token.idx) is not None
        if kept and not quoted and token.text == ";":
            break
        if kept and not quoted and _goes_on_saying(token, cue):
            while kept and (kept[-1].is_punct or kept[-1].dep_ == "cc"):
                kept.pop()
            break
        if kept and not quoted and _goes_on_reporting(token, cue):
            while kept and kept[-1].dep_ == "cc":
                kept.pop()
            break
        if kept and token.i != cue.i and not quoted and _someone_else_reports(token):
            first = min([token.left_edge.i, *(c.left_edge.i for c in token.children)])
            ancestor = token
            while ancestor.head.i != ancestor.i and ancestor.dep_ != "prep":
                if ancestor.head.i == cue.i or ancestor.i <= kept[0].i:
                    break
                ancestor = ancestor.head
            if ancestor.dep_ == "prep":
                first = min(first, ancestor.i)
            while kept and kept[-1].i >= first:
                kept.pop()
            break
        kept.append(token)
    # A dangling "and", "of" or colon is where the cut fell; inside quotation marks the
    # words are the speaker's own ("who have not been heard from”").
    while (
        kept
        and (kept[-1].pos_ in ("ADP", "SCONJ", "CCONJ") or kept[-1].text == ":")
        and ctx.inside_quoted(kept[-1].idx) is None
    ):
        kept.pop()
    return kept


def _someone_else_reports(token: Token) -> bool:
    """ "… despite the union claiming …", "… while officials said …": a cue of its own inside
    the clause, with a speaker of its own. A cue whose subject can be no source reports
    nothing ("because the drugs had shown clear benefits", "that strikes would continue" go
    on with what was said)."""
    if not is_cue(token, CLAUSE_CUES):
        return False
    if token.dep_ in ("pcomp", "advcl"):
        return any(_a_source(c) for c in token.children if c.dep_ == "nsubj")
    return token.dep_ == "acl" and token.head.dep_ == "pobj"


def _goes_on_saying(token: Token, cue: Token) -> bool:
    """ "insisted that the vote was fair, saying observers had found no fraud": a participle
    cue after a comma, with no subject of its own, that the parse hung inside the clause;
    the speaker goes on, in a quote of its own."""
    if token.i == cue.i or token.tag_ != "VBG" or token.dep_ != "advcl":
        return False
    if not is_cue(token, CLAUSE_CUES) or any(
        c.dep_ in ("nsubj", "nsubjpass") for c in token.children
    ):
        return False
    return token.i > 0 and token.doc[token.i - 1].text == ","


def _goes_on_reporting(token: Token, cue: Token) -> bool:
    """ "admitted the team had played badly and added the players were tired": the same
    speaker going on ("added", "continued"), with no subject of its own, that the parse hung
    inside the first clause; what it reports is a quote of its own. (Another cue there may
    be the reported person's: "said the minister resigned and announced …".)"""
    if token.i == cue.i or token.dep_ != "conj" or token.lemma_.lower() not in CONTINUING_CUES:
        return False
    if any(c.dep_ in ("nsubj", "nsubjpass") for c in token.children):
        return False
    if not any(c.dep_ == "ccomp" for c in token.children):
        return False
    previous = token.doc[token.i - 1] if token.i > 0 else None
    return previous is not None and previous.dep_ == "cc"


def _a_source(subject: Token) -> bool:
    """Whether a subject can be someone who reports: a name, a person, a document."""
    return (
        subject.pos_ == "PROPN"
        or subject.ent_type_ in ("PERSON", "ORG", "NORP", "GPE")
        or subject.lower_ in PERSONAL_PRONOUNS
        or subject.lemma_.lower() in DOCUMENT_NOUNS
        or subject.lemma_.lower() in ANONYMOUS_NOUNS
        or subject.lemma_.lower() in ORGANISATION_NOUNS
        or subject.lemma_.lower() in GROUP_NOUNS
    )


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
    relative = _according_to_which(according)
    if relative is not None:
        return _according_to_which_draft(ctx, according, relative, direct)
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
    rule = "Reported speech: the sentence attributed with ‘according to’"
    draft = _indirect(ctx, start, end, according, speaker, rule)
    draft.speaker_rule = "speaker is named by ‘according to’"
    return draft


def _according_to_which(according: Token) -> Token | None:
    """The "which" of "…, according to which …", if that is how the phrase goes."""
    doc = according.doc
    index = according.i + 2
    if index < len(doc) and doc[index].lower_ in ("which", "whom"):
        return doc[index]
    return None


def _according_to_which_draft(
    ctx: QuoteContext, according: Token, relative: Token, direct: _Spans
) -> Draft | None:
    """ "signed a border deal, according to which the island would be shared": what follows
    "which" is reported, by the noun before the comma."""
    doc = ctx.doc
    before = according.i - 1
    while before >= 0 and doc[before].is_punct:
        before -= 1
    if before < 0 or doc[before].pos_ not in ("NOUN", "PROPN"):
        return None
    source = doc[before]
    while source.dep_ in ("compound", "flat") and source.head.i > source.i:
        source = source.head
    tokens = list(doc[relative.i + 1 : according.sent.end])
    tokens = _within_its_sentence(ctx, according, tokens)
    trim_end(tokens)
    if len(tokens) < 3:
        return None
    start, end = tokens[0].idx, tokens[-1].idx + len(tokens[-1])
    if direct.overlaps(start, end):
        return None
    rule = "Reported speech: the clause after ‘according to which’"
    draft = _indirect(ctx, start, end, according, describe(source, ctx.mentions), rule)
    draft.speaker_rule = "speaker is what ‘which’ stands for"
    return draft


def _further_clauses(cue: Token, clause: Token) -> Token | None:
    """The last of "…, and that …" clauses the parser hung on the cue rather than the first
    clause; they are part of what was reported."""
    last = None
    for child in cue.children:
        if child.dep_ != "conj" or child.i <= clause.i:
            continue
        if any(m.dep_ == "mark" and m.lower_ == "that" for m in child.children) or (
            _states_something(child) and not is_cue(child, CLAUSE_CUES)
        ):
            last = child
    return last


_MODALS = frozenset({"will", "would", "could", "can", "may", "might", "should", "must"})


def _states_something(verb: Token) -> bool:
    """ "…, and actual construction is in private hands": a copula or a modal with a subject
    of its own goes on with what was said; "…, and the council voted" is narrative."""
    if not any(c.dep_ in ("nsubj", "nsubjpass", "expl") for c in verb.children):
        return False
    return verb.lemma_ == "be" or any(
        c.dep_ == "aux" and c.lower_ in _MODALS for c in verb.children
    )


def _complement_clause(cue: Token) -> Token | None:
    """The clause a reporting verb introduces: its ccomp, or a "that" clause the parser hung
    on the listener ("told a journalist that …" parsed as a clause modifying 'journalist')."""
    clear = verdict_of(cue)
    if clear is not None:
        # "made it clear that strikes would continue", "called it unlikely that …": the
        # clause after the adjective, whether the parse hangs it on the verb or on it.
        for child in (*cue.children, *clear.children):
            if child.i <= clear.i:
                continue
            # (the small parser may take the "that" for a determiner: "that same sex …")
            if child.dep_ == "ccomp" or (
                child.dep_ == "advcl" and child.left_edge.lower_ == "that"
            ):
                return child
        return None
    clauses = [child for child in cue.children if child.dep_ == "ccomp"]
    if clauses:
        # "Alvarez claimed …; Brooks insisted it was a gift": the parse may hang the clause
        # before on the cue too; what the cue reports comes after it.
        after = [c for c in clauses if c.i > cue.i]
        return after[0] if after else clauses[0]
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

    def mostly_covers(self, start: int, end: int) -> bool:
        """Whether more than half of [start, end) lies inside the spans: a clause with a
        quoted fragment in it is still reported speech; a quote in marks is not."""
        covered = 0
        index = max(0, bisect.bisect_right(self.starts, start) - 1)
        while index < len(self.starts) and self.starts[index] < end:
            covered += max(0, min(end, self.ends[index]) - max(start, self.starts[index]))
            index += 1
        return covered * 2 > end - start


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
