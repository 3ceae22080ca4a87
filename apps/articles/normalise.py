"""From an upload to the canonical plain text of an article (DESIGN.md, "The text and its offsets").

Pure functions, no Django. The canonical body: HTML reduced to text (block elements become
paragraph breaks, inline tags vanish, entities decoded), Unicode NFC, paragraphs separated
by one blank line, no control characters. Quote marks and apostrophes are kept as they are.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

import lxml.html
import markdown
import nh3
from lxml import etree

from apps.articles.pages import looks_like_page, page_article

FORMATS = ("txt", "md", "html")


class IngestError(ValueError):
    """The input cannot become an article; the message is shown to the person who sent it."""


BLOCK_TAGS = frozenset(
    [
        "address",
        "article",
        "aside",
        "blockquote",
        "dd",
        "details",
        "dialog",
        "div",
        "dl",
        "dt",
        "figcaption",
        "figure",
        "footer",
        "form",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "header",
        "hr",
        "li",
        "main",
        "nav",
        "ol",
        "p",
        "pre",
        "section",
        "summary",
        "table",
        "tbody",
        "td",
        "tfoot",
        "th",
        "thead",
        "tr",
        "ul",
        "caption",
    ]
)
# Tags whose content is never article text.
DROPPED_CONTENT_TAGS = {
    "script", "style", "template", "noscript", "iframe", "object", "embed", "svg",
    "math", "head", "title", "canvas", "audio", "video", "select", "textarea", "button",
}  # fmt: skip
KEPT_TAGS = (BLOCK_TAGS | {"br", "a", "b", "i", "em", "strong", "span", "small", "sub", "sup",
             "u", "s", "q", "cite", "abbr", "code", "mark", "time", "body", "html"})  # fmt: skip

# A .txt upload that carries stray inline markup (as wire copy often does) is read as HTML.
_TAG_RE = re.compile(
    r"</?(?:" + "|".join(sorted(KEPT_TAGS | DROPPED_CONTENT_TAGS)) + r")\b[^<>]*>", re.IGNORECASE
)
_ENTITY_RE = re.compile(r"&(?:[a-zA-Z]{2,8}|#\d{1,7}|#x[0-9a-fA-F]{1,6});")
_UNUSUAL_SPACES = re.compile(r"[\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000\t\f\v]")
_SPACE_RUN = re.compile(r" {2,}")
_PARAGRAPH_SPLIT = re.compile(r"\n\s*\n")
# Unicode's control characters (category Cc) are exactly these 65; matched by one pattern
# rather than asking for each character's category, which is most of normalising's time.
_CONTROLS = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")
_CONTROLS_BUT_SPACING = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
# Markers among the text pieces while walking HTML: a paragraph break, and a <blockquote>
# opening and closing. Objects rather than characters, so no input text can pass for one.
_BREAK, _QUOTE_OPEN, _QUOTE_CLOSE = object(), object(), object()


def decode_upload(data: bytes) -> str:
    """Decode uploaded bytes strictly; refuse binary files and unknown encodings."""
    if not data or not data.strip():
        raise IngestError("The file is empty.")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            text = data.decode("utf-16")
        except UnicodeDecodeError as exc:
            raise IngestError("The file is not valid UTF-16 text.") from exc
    else:
        if b"\x00" in data[:8192] or data.startswith((b"PK\x03\x04", b"%PDF", b"\x89PNG")):
            raise IngestError("The file looks binary; upload plain text, Markdown or HTML.")
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise IngestError(
                f"The file is not UTF-8 text (undecodable byte at position {exc.start}); "
                "save it as UTF-8 and upload it again."
            ) from exc
    controls = len(_CONTROLS_BUT_SPACING.findall(text))
    if controls > max(2, len(text) // 200):
        raise IngestError("The file looks binary; upload plain text, Markdown or HTML.")
    return text


def format_for_filename(filename: str) -> str:
    name = filename.lower()
    if name.endswith((".md", ".markdown")):
        return "md"
    if name.endswith((".html", ".htm")):
        return "html"
    if name.endswith(".txt"):
        return "txt"
    raise IngestError("Only .txt, .md and .html files can be uploaded.")


Range = tuple[int, int]


@dataclass(frozen=True, slots=True)
class CanonicalText:
    body: str
    # The title a whole web page gives its article ("" for other input).
    title: str = ""
    # The [start, end) code-point ranges in `body` of the paragraphs that stood in a
    # <blockquote>: evidence of a block quotation for the pre-tagger. Plain text has none.
    blocks: tuple[Range, ...] = ()


def canonical_body(raw: str, fmt: str) -> str:
    """Return the canonical body of `raw` given as `fmt` ("txt", "md" or "html")."""
    return canonical_text(raw, fmt).body


def canonical_text(raw: str, fmt: str) -> CanonicalText:
    """The canonical body of `raw` given as `fmt`, and what the input says besides.

    A whole web page (a document with <html> or <body>) is reduced to its main text, found
    by trafilatura, so navigation, sidebars and footers never become article text; a
    fragment of HTML, or a page in which no main text is found, is reduced whole.
    """
    if fmt not in FORMATS:
        raise IngestError(f"Unknown format {fmt!r}.")
    raw = raw.replace("\r\n", "\n").replace("\r", "\n")
    title = ""
    if fmt == "md":
        paragraphs = _html_paragraphs(markdown.markdown(raw, output_format="html"))
    elif fmt == "html":
        page = page_article(raw) if looks_like_page(raw) else None
        if page is not None:
            raw, title = page.html, page.title
        paragraphs = _html_paragraphs(raw)
    else:
        paragraphs = []
        for block in _plain_paragraphs(raw):
            if ("<" in block and _TAG_RE.search(block)) or (
                "&" in block and _ENTITY_RE.search(block)
            ):
                paragraphs.extend(_html_paragraphs(block))
            else:
                paragraphs.append((block, False))
    cleaned = [(_clean_paragraph(text), quoted) for text, quoted in paragraphs]
    kept = [(text, quoted) for text, quoted in cleaned if text]
    body = "\n\n".join(text for text, _ in kept)
    if not body:
        raise IngestError("The article has no text.")
    blocks, offset = [], 0
    for text, quoted in kept:
        if quoted:
            blocks.append((offset, offset + len(text)))
        offset += len(text) + len("\n\n")
    return CanonicalText(body=body, title=title, blocks=tuple(blocks))


def _plain_paragraphs(raw: str) -> list[str]:
    """Blank lines separate paragraphs; without any, each line is a paragraph."""
    if _PARAGRAPH_SPLIT.search(raw):
        return [" ".join(block.split("\n")) for block in _PARAGRAPH_SPLIT.split(raw)]
    return raw.split("\n")


def _clean_paragraph(text: str) -> str:
    if not text.isascii() and not unicodedata.is_normalized("NFC", text):
        text = unicodedata.normalize("NFC", text)
    # Nothing below changes a printable text without double spaces (a space is the only
    # separator printable, and no control or format character is): most paragraphs.
    if text.isprintable() and "  " not in text:
        return text.strip()
    text = text.replace("\ufeff", "").replace("\n", " ")
    text = _UNUSUAL_SPACES.sub(" ", text)
    text = _CONTROLS.sub("", text)
    return _SPACE_RUN.sub(" ", text).strip()


def _html_paragraphs(html: str) -> list[tuple[str, bool]]:
    """The paragraphs of `html`, each with whether it stood in a <blockquote>."""
    cleaned = nh3.clean(
        html,
        tags=set(KEPT_TAGS),
        clean_content_tags=DROPPED_CONTENT_TAGS,
        attributes={},
        link_rel=None,
        strip_comments=True,
    )
    if not cleaned.strip():
        return []
    root = lxml.html.fragment_fromstring(cleaned, create_parent="div")
    parts: list[object] = []
    _walk(root, parts)
    paragraphs: list[tuple[str, bool]] = []
    pieces: list[str] = []
    depth, quoted = 0, False
    for part in parts:
        if part is _BREAK:
            paragraphs.append(("".join(pieces), quoted))
            pieces, quoted = [], False
        elif part is _QUOTE_OPEN:
            depth += 1
        elif part is _QUOTE_CLOSE:
            depth -= 1
        else:
            pieces.append(part)
            quoted = quoted or (depth > 0 and not part.isspace())
    paragraphs.append(("".join(pieces), quoted))
    return paragraphs


def _walk(element: etree._Element, parts: list[object]) -> None:
    tag = element.tag if isinstance(element.tag, str) else ""
    block = tag in BLOCK_TAGS or tag == "br"
    # A blockquote opens and closes with a break, so each paragraph is all in or all out.
    if block:
        parts.append(_BREAK)
    if tag == "blockquote":
        parts.append(_QUOTE_OPEN)
    if element.text and tag != "br":
        parts.append(_collapse(element.text))
    for child in element:
        _walk(child, parts)
        if child.tail:
            parts.append(_collapse(child.tail))
    if tag == "blockquote":
        parts.append(_QUOTE_CLOSE)
    if block:
        parts.append(_BREAK)


def _collapse(text: str) -> str:
    # Whitespace in HTML source is layout, not content.
    return re.sub(r"\s+", " ", text)
