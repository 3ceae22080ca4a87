"""Quote extraction and speaker attribution over a parsed article.

Three kinds of quote come out (DESIGN.md, "What the pre-tagger produces"):

- direct: a stretch in quotation marks that stands as the speaker's own sentence(s);
- partial: a quoted fragment inside the writer's sentence ("described him as “a good man”"),
  attributed to the sentence's speaker, or left without a speaker when no verb reports it
  (scare quotes);
- indirect: reported speech, the clause after a reporting verb ("X said that …") or the
  sentence around "according to X".

The work is done on the Doc the pipeline already parsed: quotation marks are found by one
scan of the text (quote_marks.py), the cue verb by looking around each quote, the speaker by
the dependency parse (quote_speakers.py). Pronoun speakers and quotes with no cue of their
own are resolved last, in reading order, because they depend on the quotes before them.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

from spacy.tokens import Doc, Token

from apps.nlp.quote_lexicon import (
    CLAUSE_CUES,
    EVIDENTIAL_CUES,
    FEMININE_PRONOUNS,
    FRAGMENT_CUES,
    MASCULINE_PRONOUNS,
    PERSONAL_PRONOUNS,
    SPEECH_CUES,
)
from apps.nlp.quote_marks import QuotedSpan, find_quoted_spans
from apps.nlp.quote_speakers import MentionIndex, Speaker, describe, name_after, subject_of
from apps.nlp.types import FoundMention, FoundQuote, TextSpan

SENTENCE_END = frozenset({".", "?", "!", "…"})
QUOTE_CHARS = "\"'“”‘’«»„`"
# How far around a quote the attribution is looked for, in tokens.
REGION_TOKENS = 40
# How many sentences of narrative back a pronoun may reach for its antecedent.
PRONOUN_WINDOW = 6
FIRST_AND_SECOND_PERSON = frozenset({"i", "me", "my", "we", "us", "our", "you", "your"})
_PARAGRAPH_BREAK_RE = re.compile(r"\n+")
SUBJECT_PATH_DEPS = frozenset({"nsubj", "nsubjpass", "csubj", "csubjpass"})
# "declined to say whether …", "refused to comment": the cue reports nothing said.
WITHHOLDING_VERBS = frozenset({"decline", "refuse", "fail", "avoid", "hesitate"})


@dataclass(slots=True)
class _Draft:
    start: int
    end: int
    kind: str
    rule: str
    cue: tuple[int, int] | None = None
    cue_word: str = ""
    speaker: Speaker | None = None
    speaker_rule: str = ""
    # Where the quote with its attribution ends; a quote right after it may continue it.
    attribution_end: int = 0
    outer_start: int = 0
    outer_end: int = 0  # with the quotation marks
    needs_speaker: bool = False  # direct quote without a cue: continues the previous speaker?
    scare: bool = False  # quoted fragment no verb reports


def extract_quotes(doc: Doc, mentions: list[FoundMention]) -> list[FoundQuote]:
    """All quotes of the article in `doc`, sorted by start, each with its speaker if known."""
    return _Extractor(doc, mentions).run()


class _Extractor:
    def __init__(self, doc: Doc, mentions: list[FoundMention]) -> None:
        self.doc = doc
        self.text = doc.text
        self.mentions = MentionIndex(mentions)
        self.mentions.learn_roles(doc)
        self.token_starts = [t.idx for t in doc]
        self.paragraph_starts = [0] + [m.end() for m in _PARAGRAPH_BREAK_RE.finditer(self.text)]
        self.paragraph_ends = [m.start() for m in _PARAGRAPH_BREAK_RE.finditer(self.text)]
        self.paragraph_ends.append(len(self.text))
        self.quoted: list[QuotedSpan] = []
        self.quoted_starts: list[int] = []

    # --- offsets -------------------------------------------------------------------------

    def first_token_at(self, offset: int) -> int:
        """Index of the first token starting at or after `offset`."""
        return bisect.bisect_left(self.token_starts, offset)

    def token_containing(self, offset: int) -> Token:
        return self.doc[max(0, bisect.bisect_right(self.token_starts, offset) - 1)]

    def paragraph_of(self, offset: int) -> int:
        return bisect.bisect_right(self.paragraph_starts, offset) - 1

    def inside_quoted(self, offset: int) -> QuotedSpan | None:
        index = bisect.bisect_right(self.quoted_starts, offset) - 1
        if index >= 0 and self.quoted[index].start <= offset < self.quoted[index].end:
            return self.quoted[index]
        return None

    # --- the run -------------------------------------------------------------------------

    def run(self) -> list[FoundQuote]:
        if not len(self.doc):
            return []
        spans = find_quoted_spans(self.text)
        for span in spans:
            if span.missing_close:
                self.narrow_missing_close(span)
            elif span.missing_open:
                self.narrow_missing_open(span)
        self.quoted = [s for s in spans if s.content_start < s.content_end]
        self.quoted_starts = [s.start for s in self.quoted]
        drafts = [self.draft_from_marks(index, span) for index, span in enumerate(self.quoted)]
        drafts.extend(_outermost(self.indirect_drafts(drafts)))
        drafts.sort(key=lambda d: (d.start, d.end))
        self.resolve(drafts)
        return [self.finish(d) for d in drafts]

    # --- missing marks -------------------------------------------------------------------

    def narrow_missing_close(self, span: QuotedSpan) -> None:
        """End an unclosed quote where its attribution starts (“…, says X"), if it has one."""
        bound = span.content_end
        first = self.first_token_at(span.content_start)
        for i in range(first + 2, len(self.doc)):
            token = self.doc[i]
            if token.idx >= bound:
                break
            if token.text in (",", "—", "–") and self.attribution_follows(i + 1, bound):
                span.content_end = token.idx
                return

    def attribution_follows(self, i: int, bound: int) -> bool:
        """Tokens from i read as "says X" or "X said" (a short name phrase then the cue)."""
        for j in range(i, min(i + 8, len(self.doc))):
            token = self.doc[j]
            if token.idx >= bound or token.text in SENTENCE_END:
                return False
            if _is_cue(token, SPEECH_CUES):
                return True
            if token.pos_ in ("VERB", "AUX") or token.text in ",;:":
                return False
        return False

    def narrow_missing_open(self, span: QuotedSpan) -> None:
        """Start an unopened quote at its sentence, reaching back over sentences that read
        as speech (first or second person, no reporting verb)."""
        floor = span.content_start
        closing = self.token_containing(max(floor, span.content_end - 1))
        sentence = closing.sent
        start = max(floor, sentence.start_char)
        while sentence.start > 0:
            previous = self.doc[sentence.start - 1].sent
            if previous.start_char < floor:
                break
            words = {t.lower_ for t in previous}
            if not words & FIRST_AND_SECOND_PERSON or any(
                _is_cue(t, SPEECH_CUES) for t in previous
            ):
                break
            start = previous.start_char
            sentence = previous
        while start < span.content_end and (
            self.text[start].isspace() or self.text[start] in QUOTE_CHARS
        ):
            start += 1
        span.content_start = start

    # --- quotes in quotation marks -------------------------------------------------------

    def draft_from_marks(self, index: int, span: QuotedSpan) -> _Draft:
        start, end = span.content_start, span.content_end
        while end > start and self.text[end - 1] in ", ":
            end -= 1  # “…,” he said: the comma is the writer's
        direct = self.stands_alone(span)
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
        draft = _Draft(
            start=start,
            end=end,
            kind="direct" if direct else "partial",
            rule=rule,
            attribution_end=span.end,
            outer_start=span.start,
            outer_end=span.end,
        )
        if direct:
            self.attribute_direct(index, span, draft)
        else:
            self.attribute_fragment(span, draft)
        return draft

    def stands_alone(self, span: QuotedSpan) -> bool:
        """Whether the quote is the speaker's own sentence rather than part of the writer's."""
        text = self.text
        paragraph_start = self.paragraph_starts[self.paragraph_of(span.start)]
        before = text[paragraph_start : span.start].rstrip()
        if span.missing_open or not before or before[-1] in ".?!:;…" + QUOTE_CHARS:
            opens_well = True
        else:
            previous = self.token_containing(len(before) + paragraph_start - 1)
            opens_well = before[-1] in ",—–" and any(
                _is_cue(t, SPEECH_CUES) for t in self.doc[max(0, previous.i - 4) : previous.i]
            )
            # said “We will …” with no comma, as some house styles write it
            opens_well = opens_well or (
                _is_cue(previous, SPEECH_CUES) and text[span.content_start].isupper()
            )
        if not opens_well:
            return False
        content = text[span.content_start : span.content_end].rstrip()
        after = text[span.end : span.end + 2].lstrip(" ")
        ends_well = (
            span.missing_close
            or (content and content[-1] in ",.?!…:;—–-")
            or not after
            or after[0] in ",.?!;:—–\n"
            or after[0] in QUOTE_CHARS
        )
        return bool(ends_well)

    def region_after(self, offset: int, limit: int) -> list[Token]:
        tokens: list[Token] = []
        for i in range(
            self.first_token_at(offset),
            min(len(self.doc), self.first_token_at(offset) + REGION_TOKENS),
        ):
            token = self.doc[i]
            if token.idx >= limit or token.text in SENTENCE_END or "\n" in token.text:
                break
            tokens.append(token)
        return tokens

    def region_before(self, offset: int, floor: int) -> list[Token]:
        tokens: list[Token] = []
        i = self.first_token_at(offset) - 1
        while i >= 0 and len(tokens) < REGION_TOKENS:
            token = self.doc[i]
            if token.idx < floor or token.text in SENTENCE_END or "\n" in token.text:
                break
            tokens.append(token)
            i -= 1
        tokens.reverse()
        return tokens

    def attribute_direct(self, index: int, span: QuotedSpan, draft: _Draft) -> None:
        text = self.text
        paragraph = self.paragraph_of(span.start)
        paragraph_end = self.paragraph_ends[self.paragraph_of(max(span.start, span.end - 1))]
        next_start = self.quoted[index + 1].start if index + 1 < len(self.quoted) else len(text)
        previous_end = self.quoted[index - 1].end if index > 0 else 0
        after_from = span.end if not span.missing_close else span.content_end
        after = self.region_after(after_from, min(next_start, paragraph_end))
        ending = text[draft.start : span.content_end].rstrip()[-1:]
        if after and ending in ".…" and not after[0].text[:1].islower():
            after = []  # “… ended.” Next sentence: the quote's sentence closed inside the marks
        elif after and ending in "?!":
            after = after[:6]
        floor = max(previous_end, self.paragraph_starts[paragraph])
        before = self.region_before(span.start, floor)
        if not before:
            # “He said:” closing the previous paragraph introduces this one.
            tail = text[: span.start].rstrip()
            if tail.endswith(":") and span.start > 0 and self.paragraph_of(len(tail)) < paragraph:
                before = self.region_before(len(tail), previous_end)
        content = text[draft.start : span.content_end].rstrip()
        trailing_comma = content.endswith(",") or text[span.end : span.end + 1] == ","
        before_text = text[floor : span.start].rstrip()
        introduced = before_text.endswith((":", ","))
        order = (("before", before), ("after", after))
        if trailing_comma or not introduced:
            order = (("after", after), ("before", before))
        for side, region in order:
            cues = [t for t in region if _is_cue(t, SPEECH_CUES)]
            if not cues:
                continue
            cue = cues[0] if side == "after" else cues[-1]
            speaker, how = self.speaker_for(cue, span, inverted=side == "after")
            if speaker is None:
                continue
            self.set_cue(draft, cue)
            draft.speaker = speaker
            where = "after" if side == "after" else "before"
            draft.speaker_rule = f"speaker is the {how} ‘{draft.cue_word}’ {where} the quote"
            if side == "after":
                draft.attribution_end = max(draft.attribution_end, region[-1].idx + len(region[-1]))
            return
        draft.needs_speaker = True

    def attribute_fragment(self, span: QuotedSpan, draft: _Draft) -> None:
        """A partial quote takes the speaker of the verb that reports it."""
        first = self.first_token_at(span.content_start)
        last = self.first_token_at(span.content_end)
        roots = [
            t
            for t in self.doc[first:last]
            if not (span.start <= t.head.idx < span.end) or t.head.i == t.i
        ]
        seen: set[int] = set()
        for root in roots:
            token = root
            while token.i not in seen:
                seen.add(token.i)
                if not (span.start <= token.idx < span.end):
                    if _is_cue(token, FRAGMENT_CUES):
                        speaker, how = self.speaker_for(token, span, inverted=False)
                        if speaker is not None:
                            self.set_cue(draft, token)
                            draft.speaker = speaker
                            draft.speaker_rule = (
                                f"speaker is the {how} ‘{draft.cue_word}’, the verb reporting it"
                            )
                            return
                    according = _according_to(token)
                    if according is not None:
                        speaker, how = self.speaker_for(according, span, inverted=False)
                        if speaker is not None:
                            self.set_cue(draft, according)
                            draft.speaker = speaker
                            draft.speaker_rule = "speaker is named by ‘according to’"
                            return
                if token.head.i == token.i or token.dep_ in SUBJECT_PATH_DEPS:
                    # A fragment inside the subject ("the so-called “x” say …") is not what
                    # the verb reports.
                    break
                token = token.head
        draft.scare = True

    def speaker_for(
        self, cue: Token, span: QuotedSpan | None, *, inverted: bool
    ) -> tuple[Speaker | None, str]:
        head, how = subject_of(cue)
        if head is not None and span is not None and span.start <= head.idx < span.end:
            head = None  # the parser took a word of the quote for the subject
        if head is None and inverted:
            head = name_after(self.doc, cue, self.mentions)
            how = "name right after"
        if head is None:
            return None, ""
        if head.idx > cue.idx and how == "subject":
            how = "subject after"
        labels = {
            "subject": "subject of",
            "subject after": "subject after",
            "shared subject": "subject shared with",
            "agent": "agent (by …) of",
            "according to": "object of",
            "name right after": "name right after",
        }
        return describe(head, self.mentions), labels.get(how, how)

    def set_cue(self, draft: _Draft, cue: Token) -> None:
        end = cue.idx + len(cue)
        if cue.lower_ == "according" and cue.i + 1 < len(self.doc):
            end = self.doc[cue.i + 1].idx + len(self.doc[cue.i + 1])
        else:
            for child in cue.children:
                if child.dep_ == "prt" and child.i == cue.i + 1:
                    end = child.idx + len(child)  # "pointed out"
        draft.cue = (cue.idx, end)
        draft.cue_word = self.text[cue.idx : end]

    # --- reported speech -----------------------------------------------------------------

    def indirect_drafts(self, drafts: list[_Draft]) -> list[_Draft]:
        direct = [(d.outer_start, d.outer_end) for d in drafts if d.kind == "direct"]
        direct_content = [(d.start, d.end) for d in drafts if d.kind == "direct"]
        found: list[_Draft] = []
        for token in self.doc:
            if self.inside_quoted(token.idx) is not None:
                continue
            if token.lower_ == "according" and _is_according_to(token):
                draft = self.according_to_draft(token, direct_content)
            elif _is_cue(token, CLAUSE_CUES) and not any(c.dep_ == "neg" for c in token.children):
                draft = self.clause_draft(token, direct_content)
            else:
                continue
            if draft is not None and not _overlaps_any(draft.start, draft.end, direct):
                found.append(draft)
        return found

    def clause_draft(self, cue: Token, direct: list[tuple[int, int]]) -> _Draft | None:
        if cue.dep_ == "xcomp" and cue.head.lemma_.lower() in WITHHOLDING_VERBS:
            return None
        reported = self.reported_tokens(cue)
        if reported is None:
            return None
        tokens, rule = reported
        while tokens and (
            tokens[0].is_punct
            or tokens[0].is_space
            or (tokens[0].dep_ == "mark" and tokens[0].lower_ == "that")
        ):
            tokens.pop(0)
        _trim_end(tokens)
        if len(tokens) < 3:
            return None
        start, end = tokens[0].idx, tokens[-1].idx + len(tokens[-1])
        if _overlaps_any(start, end, direct) or self.all_quoted(start, end):
            return None
        speaker, how = self.speaker_for(cue, None, inverted=False)
        if speaker is None:
            return None
        if cue.lemma_.lower() in EVIDENTIAL_CUES and not speaker.certain:
            return None  # "his efforts suggest that …" is the writer's inference
        draft = _Draft(
            start=start,
            end=end,
            kind="indirect",
            rule=rule,
            speaker=speaker,
            outer_start=start,
            attribution_end=end,
        )
        self.set_cue(draft, cue)
        draft.speaker_rule = f"speaker is the {how} ‘{draft.cue_word}’"
        return draft

    def reported_tokens(self, cue: Token) -> tuple[list[Token], str] | None:
        """The tokens of what `cue` reports, and how they were found."""
        doc = self.doc
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

    def all_quoted(self, start: int, end: int) -> bool:
        """Whether the clause is (almost) all one quoted fragment: the partial quote has it."""
        outside = list(self.text[start:end])
        for span in self.quoted:
            for offset in range(max(start, span.start), min(end, span.end)):
                outside[offset - start] = " "
        return len(re.findall(r"\w+", "".join(outside))) < 2

    def according_to_draft(self, according: Token, direct: list[tuple[int, int]]) -> _Draft | None:
        sentence = according.sent
        phrase_start, phrase_end = according.left_edge.i, according.right_edge.i + 1
        parts = [
            list(self.doc[sentence.start : phrase_start]),
            list(self.doc[phrase_end : sentence.end]),
        ]
        best: list[Token] = []
        for part in parts:
            while part and (part[0].is_punct or part[0].is_space):
                part.pop(0)
            _trim_end(part)
            if len(part) > len(best):
                best = part
        if len(best) < 3:
            return None
        start, end = best[0].idx, best[-1].idx + len(best[-1])
        if _overlaps_any(start, end, direct):
            return None
        speaker, _ = self.speaker_for(according, None, inverted=False)
        if speaker is None:
            return None
        draft = _Draft(
            start=start,
            end=end,
            kind="indirect",
            rule="Reported speech: the sentence attributed with ‘according to’",
            speaker=speaker,
            outer_start=start,
            attribution_end=end,
        )
        self.set_cue(draft, according)
        draft.speaker_rule = "speaker is named by ‘according to’"
        return draft

    # --- pronouns and continuations, in reading order ------------------------------------

    def resolve(self, drafts: list[_Draft]) -> None:
        masked = sorted((d.start, d.end) for d in drafts if d.kind != "indirect")
        reported = sorted(
            (d.start, d.end)
            for d in drafts
            if d.kind == "indirect" and d.cue_word.lower() != "according to"
        )
        self.resolver = _PronounResolver(self, masked + reported)
        previous_direct: _Draft | None = None
        for draft in drafts:
            if draft.needs_speaker:
                self.continue_previous(draft, previous_direct)
            elif draft.scare:
                self.inside_reported_speech(draft, drafts)
            speaker = draft.speaker
            if speaker is not None and speaker.pronoun is not None:
                entity, how = self.resolver.resolve(speaker.pronoun, speaker.start)
                speaker.entity = entity
                if entity and speaker.pronoun in MASCULINE_PRONOUNS:
                    self.mentions.gender.setdefault(entity, "m")
                elif entity and speaker.pronoun in FEMININE_PRONOUNS:
                    self.mentions.gender.setdefault(entity, "f")
                if entity:
                    draft.speaker_rule += (
                        f"; ‘{self.text[speaker.start : speaker.end]}’ is {entity}, {how}"
                    )
                else:
                    draft.speaker_rule += "; the pronoun could not be resolved"
            if speaker is not None:
                self.resolver.heard(speaker)
            if draft.kind == "direct":
                previous_direct = draft

    def continue_previous(self, draft: _Draft, previous: _Draft | None) -> None:
        if previous is None or previous.speaker is None:
            draft.speaker_rule = (
                "speaker unknown: no reporting verb, and no quote before it to continue"
            )
            return
        # Only punctuation and paragraph breaks may lie between the previous quote (with its
        # attribution) and this one; across a break, this quote must fill its paragraph.
        gap = self.text[previous.attribution_end : draft.outer_start]
        adjacent = not any(ch.isalnum() for ch in gap)
        same_paragraph_run = adjacent and "\n" not in gap
        paragraph = self.paragraph_of(draft.outer_start)
        fills_paragraph = (
            adjacent
            and draft.outer_start == self.paragraph_starts[paragraph]
            and not self.text[draft.outer_end : self.paragraph_ends[paragraph]].strip()
        )
        if not (same_paragraph_run or fills_paragraph):
            draft.speaker_rule = (
                "speaker unknown: no reporting verb, and narrative separates it from the last quote"
            )
            return
        draft.speaker = previous.speaker
        draft.cue = None
        draft.speaker_rule = (
            "no reporting verb of its own: it continues the quote before it, same speaker"
        )
        # A run of quotes continues as one.
        draft.attribution_end = max(draft.attribution_end, draft.end)

    def inside_reported_speech(self, draft: _Draft, drafts: list[_Draft]) -> None:
        for other in drafts:
            if other.kind == "indirect" and other.start <= draft.start and draft.end <= other.end:
                draft.speaker = other.speaker
                draft.cue = other.cue
                draft.cue_word = other.cue_word
                draft.scare = False
                draft.speaker_rule = (
                    f"it sits inside speech reported with ‘{other.cue_word}’: same speaker"
                )
                return

    def finish(self, draft: _Draft) -> FoundQuote:
        text = self.text
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
            speaker_type=speaker.kind if speaker else "unknown",
            reason=reason,
        )


class _PronounResolver:
    """Nearest earlier compatible mention, with a bonus for the subject of its sentence and
    for the speaker of the last quote (a "he added" usually continues the current speaker).
    Mentions inside quotations and reported clauses are not antecedents."""

    def __init__(self, extractor: _Extractor, masked: list[tuple[int, int]]) -> None:
        self.extractor = extractor
        doc = extractor.doc
        self.masked = _merge(masked)
        self.masked_starts = [s for s, _ in self.masked]
        self.narrative_starts = [
            s.start_char for s in doc.sents if not self.is_masked(s.start_char)
        ]
        self.candidates: list[tuple[int, str, str, bool]] = []  # offset, entity, label, subject
        for mention in extractor.mentions.mentions:
            if self.is_masked(mention.start):
                continue
            span = doc.char_span(mention.start, mention.end, alignment_mode="expand")
            subject = span is not None and span.root.dep_ in ("nsubj", "nsubjpass")
            self.candidates.append((mention.start, mention.entity, mention.label, subject))
        # Surnames the entity tagger missed ("Okafor dismissed the offer").
        for token in doc:
            if (
                token.pos_ == "PROPN"
                and token.dep_ in ("nsubj", "nsubjpass")
                and not self.is_masked(token.idx)
                and extractor.mentions.covering(token.idx, token.idx + len(token)) is None
            ):
                entity = extractor.mentions.person_named(token.text)
                if entity:
                    self.candidates.append((token.idx, entity, "PERSON", True))
        self.candidates.sort()
        self.candidate_starts = [c[0] for c in self.candidates]
        self.heard_speakers: list[tuple[int, str, str]] = []  # offset, entity, group

    def is_masked(self, offset: int) -> bool:
        index = bisect.bisect_right(self.masked_starts, offset) - 1
        return index >= 0 and offset < self.masked[index][1]

    def heard(self, speaker: Speaker) -> None:
        if not speaker.entity:
            return
        if speaker.pronoun is not None:
            group = PERSONAL_PRONOUNS.get(speaker.pronoun, "self")
        elif speaker.kind == "named":
            group = "person"
        elif speaker.kind in ("organisation", "document"):
            group = "thing"
        else:
            group = "plural"
        self.heard_speakers.append((speaker.start, speaker.entity, group))

    def distance(self, earlier: int, later: int) -> int:
        return bisect.bisect_right(self.narrative_starts, later) - bisect.bisect_right(
            self.narrative_starts, earlier
        )

    def resolve(self, pronoun: str, offset: int) -> tuple[str | None, str]:
        wanted = PERSONAL_PRONOUNS.get(pronoun, "self")
        if wanted == "self":
            return None, ""
        labels = {"person": {"PERSON"}, "plural": {"ORG", "GPE", "NORP"}, "thing": {"ORG", "GPE"}}[
            wanted
        ]
        groups = {"person": {"person"}, "plural": {"plural", "thing"}, "thing": {"thing"}}[wanted]
        gender = self.extractor.mentions.gender
        last_speaker = None
        for start, entity, group in reversed(self.heard_speakers):
            if start < offset and self.distance(start, offset) <= PRONOUN_WINDOW:
                last_speaker = entity if group in groups else None
                break
        best: tuple[float, int, str] | None = None
        options: list[tuple[int, str, bool]] = []
        end = bisect.bisect_left(self.candidate_starts, offset)
        for start, entity, label, subject in self.candidates[max(0, end - 60) : end]:
            if label in labels:
                options.append((start, entity, subject))
        for start, entity, group in self.heard_speakers:
            if start < offset and group in groups:
                options.append((start, entity, True))
        for start, entity, subject in options:
            distance = self.distance(start, offset)
            if distance > PRONOUN_WINDOW:
                continue
            if pronoun in MASCULINE_PRONOUNS and gender.get(entity) == "f":
                continue
            if pronoun in FEMININE_PRONOUNS and gender.get(entity) == "m":
                continue
            score = -distance + 0.5 * subject + 1.0 * (entity == last_speaker)
            if best is None or (score, start) > (best[0], best[1]):
                best = (score, start, entity)
        if best is None:
            return None, ""
        how = "the current speaker" if best[2] == last_speaker else "the nearest earlier candidate"
        if wanted == "person" and how != "the current speaker":
            how = "the nearest earlier person"
        return best[2], how


def _is_cue(token: Token, lexicon: frozenset[str]) -> bool:
    if token.pos_ != "VERB":
        return False
    lemma = token.lemma_.lower()
    if lemma not in lexicon:
        return False
    if lemma == "point":
        return any(c.dep_ == "prt" and c.lower_ == "out" for c in token.children)
    return True


def _trim_end(tokens: list[Token]) -> None:
    """Drop trailing spaces and punctuation, but not a closing quotation mark."""
    while tokens and (
        tokens[-1].is_space or (tokens[-1].is_punct and tokens[-1].text not in QUOTE_CHARS)
    ):
        tokens.pop()


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


def _is_according_to(token: Token) -> bool:
    return token.i + 1 < len(token.doc) and token.doc[token.i + 1].lower_ == "to"


def _according_to(token: Token) -> Token | None:
    """The 'according' of an "according to X" attached to `token`, if any."""
    for child in token.children:
        if child.lower_ == "according" and _is_according_to(child):
            return child
    return None


def _overlaps_any(start: int, end: int, spans: list[tuple[int, int]]) -> bool:
    return any(s < end and start < e for s, e in spans)


def _merge(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Sorted, non-overlapping union of half-open spans."""
    merged: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged


def _outermost(drafts: list[_Draft]) -> list[_Draft]:
    """Reported speech inside reported speech ("said that …, describing how …") is one quote."""
    kept = []
    for draft in drafts:
        if not any(
            other is not draft and other.start <= draft.start and draft.end <= other.end
            for other in drafts
        ):
            kept.append(draft)
    return kept
