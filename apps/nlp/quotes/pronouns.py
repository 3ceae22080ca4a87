"""Which earlier mention a pronoun speaker ("he said", "they added") stands for."""

from __future__ import annotations

import bisect

from spacy.tokens import Doc

from apps.nlp.docs import doc_text, doc_tokens
from apps.nlp.quotes.context import merge_spans
from apps.nlp.quotes.lexicon import FEMININE_PRONOUNS, MASCULINE_PRONOUNS, PERSONAL_PRONOUNS
from apps.nlp.quotes.mentions import MentionIndex
from apps.nlp.quotes.speakers import Speaker
from apps.nlp.types import SpeakerType

# How many sentences of narrative back a pronoun may reach for its antecedent.
PRONOUN_WINDOW = 6
# How many of the latest quotes' speakers and earlier mentions are weighed: far more than
# a window of six sentences holds, and a bound that keeps long articles linear.
RECENT_SPEAKERS = 60
RECENT_CANDIDATES = 60
# The label of an antecedent that is a plural noun phrase, not an entity ("the officers").
GROUP_CANDIDATE = "group"


class PronounResolver:
    """Nearest earlier compatible mention, with a bonus for the subject of its sentence and
    for the speaker of the last quote (a "he added" usually continues the current speaker).
    Mentions inside quotations and reported clauses (`masked`) are not antecedents."""

    def __init__(self, doc: Doc, mentions: MentionIndex, masked: list[tuple[int, int]]) -> None:
        self.mentions = mentions
        self.text = doc_text(doc)
        self.masked = merge_spans(masked)
        self.masked_starts = [s for s, _ in self.masked]
        self.narrative_starts = [
            s.start_char for s in doc.sents if not self.is_masked(s.start_char)
        ]
        self.candidates: list[tuple[int, str, str, bool]] = []  # offset, entity, label, subject
        for mention in mentions.mentions:
            if self.is_masked(mention.start):
                continue
            span = doc.char_span(mention.start, mention.end, alignment_mode="expand")
            subject = span is not None and span.root.dep_ in ("nsubj", "nsubjpass")
            label, entity = mentions.speaker_label(mention)
            self.candidates.append((mention.start, entity, label, subject))
        # Surnames the entity tagger missed ("Okafor dismissed the offer").
        for token in doc_tokens(doc):
            if (
                token.pos_ == "PROPN"
                and token.dep_ in ("nsubj", "nsubjpass")
                and not self.is_masked(token.idx)
                and mentions.covering(token.idx, token.idx + len(token)) is None
            ):
                entity = mentions.person_named(token.text)
                if entity:
                    self.candidates.append((token.idx, entity, "PERSON", True))
            elif (
                token.tag_ == "NNS"
                and token.dep_ in ("nsubj", "nsubjpass")
                and any(c.dep_ == "det" and c.lower_ == "the" for c in token.children)
                and not self.is_masked(token.idx)
            ):
                # "The officers appealed. They said …": a group the article names by a noun.
                words = doc[token.left_edge.i : token.i + 1]
                self.candidates.append((words.start_char, words.text, GROUP_CANDIDATE, True))
        self.candidates.sort()
        self.candidate_starts = [c[0] for c in self.candidates]
        self.heard_speakers: list[tuple[int, str, str]] = []  # offset, entity, group

    def is_masked(self, offset: int) -> bool:
        index = bisect.bisect_right(self.masked_starts, offset) - 1
        return index >= 0 and offset < self.masked[index][1]

    def heard(self, speaker: Speaker) -> None:
        """Remember a quote's speaker: the next "he added" most likely continues them. A
        speaker no entity stands for ("the head of the inquiry") is remembered by its words."""
        entity = speaker.entity
        if not entity and speaker.pronoun is None:
            entity = self.text[speaker.start : speaker.end]
        if not entity:
            return
        if speaker.pronoun is not None:
            group = PERSONAL_PRONOUNS.get(speaker.pronoun, "self")
        elif speaker.kind in (SpeakerType.NAMED, SpeakerType.ANONYMOUS, SpeakerType.UNKNOWN):
            group = "person"
        elif speaker.kind in (SpeakerType.ORGANISATION, SpeakerType.DOCUMENT):
            group = "thing"
        else:
            group = "plural"
        self.heard_speakers.append((speaker.start, entity, group))

    def distance(self, earlier: int, later: int) -> int:
        return bisect.bisect_right(self.narrative_starts, later) - bisect.bisect_right(
            self.narrative_starts, earlier
        )

    def resolve(self, pronoun: str, offset: int) -> tuple[str | None, str]:
        """The entity `pronoun` at `offset` stands for, and how it was chosen."""
        wanted = PERSONAL_PRONOUNS.get(pronoun, "self")
        if wanted == "self":
            return None, ""
        labels = {
            "person": {"PERSON"},
            "plural": {"ORG", "GPE", "NORP", GROUP_CANDIDATE},
            "thing": {"ORG", "GPE"},
        }[wanted]
        groups = {"person": {"person"}, "plural": {"plural", "thing"}, "thing": {"thing"}}[wanted]
        gender = self.mentions.gender
        last_speaker = None
        last_speaker_at = offset
        for start, entity, group in reversed(self.heard_speakers[-RECENT_SPEAKERS:]):
            if start < offset and self.distance(start, offset) <= PRONOUN_WINDOW:
                last_speaker = entity if group in groups else None
                last_speaker_at = start
                break
        best: tuple[float, int, str] | None = None
        options: list[tuple[int, str, bool]] = []
        end = bisect.bisect_left(self.candidate_starts, offset)
        for start, entity, label, subject in self.candidates[max(0, end - RECENT_CANDIDATES) : end]:
            if label in labels:
                options.append((start, entity, subject))
                if subject and start > last_speaker_at and entity != last_speaker:
                    # Someone else became the subject of the narrative since the last quote:
                    # "he" is now more likely them than the last speaker.
                    last_speaker = None
        for start, entity, group in self.heard_speakers[-RECENT_SPEAKERS:]:
            if start < offset and group in groups:
                options.append((start, entity, True))
        for start, entity, subject in options:
            distance = self.distance(start, offset)
            if distance > PRONOUN_WINDOW or (distance == 0 and not subject):
                # In the pronoun's own sentence only a subject can be its antecedent:
                # "Speaking to Ann Lee, he said" is not Ann Lee speaking.
                continue
            if pronoun in MASCULINE_PRONOUNS and gender.get(entity) == "f":
                continue
            if pronoun in FEMININE_PRONOUNS and gender.get(entity) == "m":
                continue
            # A subject pronoun mostly continues the subject of the narrative: a subject a
            # sentence further back outweighs a nearer name in another role.
            score = -distance + 1.5 * subject + 1.0 * (entity == last_speaker)
            if best is None or (score, start) > (best[0], best[1]):
                best = (score, start, entity)
        if best is None:
            return None, ""
        how = "the current speaker" if best[2] == last_speaker else "the nearest earlier candidate"
        if wanted == "person" and how != "the current speaker":
            how = "the nearest earlier person"
        return best[2], how
