"""Entity mentions from spaCy's NER, tidied to OntoNotes span conventions, completed where
the article itself names what the model missed, relabelled where the article is sure, and
grouped under one canonical name per real-world thing within the article.

Pure functions over a spaCy `Doc`; no Django.
"""

from apps.nlp.entities.extract import extract_mention_forms, extract_mentions
from apps.nlp.entities.words import SKIPPED_LABELS

__all__ = ["SKIPPED_LABELS", "extract_mention_forms", "extract_mentions"]
