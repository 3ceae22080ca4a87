"""From a parsed article to its entity mentions, each with its in-article entity."""

from __future__ import annotations

from spacy.tokens import Doc

from apps.nlp.docs import doc_text
from apps.nlp.entities.candidates import (
    Candidate,
    drop_non_names,
    gazetteer_hints,
    given_name_people,
    model_candidates,
    person_words,
    shared_plural_titles,
    split_compounds,
    untagged_honorific_names,
)
from apps.nlp.entities.grouping import group_mention_forms, group_mentions
from apps.nlp.entities.recall import (
    acronyms,
    complete_person_spans,
    untagged_known_names,
    untagged_person_names,
    untagged_speakers,
)
from apps.nlp.entities.words import SKIPPED_LABELS
from apps.nlp.types import FoundMention


def extract_mentions(
    doc: Doc, *, skipped_labels: frozenset[str] = SKIPPED_LABELS, titles_in_span: bool = True
) -> list[FoundMention]:
    """spaCy's entities as tidy mentions, each carrying its canonical in-article entity name.

    With `titles_in_span` (the default: what the quote rules read a speaker's span and sex
    from) a person's honorific starts the span ("Mr Knights"); without it the spans follow
    OntoNotes ("Mr [Knights]"), as the pre-tagger's output does.
    """
    return group_mentions(
        doc_text(doc), _candidates(doc, skipped_labels), titles_in_span=titles_in_span
    )


def extract_mention_forms(
    doc: Doc, *, skipped_labels: frozenset[str] = SKIPPED_LABELS
) -> tuple[list[FoundMention], list[FoundMention]]:
    """The mentions with OntoNotes spans and the same mentions with titles in their span,
    from one pass over the Doc."""
    return group_mention_forms(doc_text(doc), _candidates(doc, skipped_labels))


def _candidates(doc: Doc, skipped_labels: frozenset[str]) -> list[Candidate]:
    candidates = split_compounds(doc, model_candidates(doc, skipped_labels))
    complete_person_spans(doc, candidates)
    candidates.extend(untagged_honorific_names(doc))
    candidates.extend(untagged_speakers(doc, candidates))
    shared_plural_titles(doc, candidates)
    given_name_people(doc, candidates)
    people = person_words(candidates)
    gazetteer_hints(doc, candidates, people)
    candidates.extend(untagged_known_names(doc, candidates, people))
    candidates.extend(untagged_person_names(doc, candidates))
    candidates.extend(acronyms(doc, candidates))
    return drop_non_names(doc, candidates)
