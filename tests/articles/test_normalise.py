import re
import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from apps.articles.normalise import IngestError, canonical_body, decode_upload, format_for_filename


def test_plain_text_paragraphs_and_hard_wraps():
    raw = "First line\nwrapped here.\n\n\n  Second paragraph.  \n"
    assert canonical_body(raw, "txt") == "First line wrapped here.\n\nSecond paragraph."


def test_plain_text_without_blank_lines_keeps_each_line_as_a_paragraph():
    assert canonical_body("One.\nTwo.\r\nThree.", "txt") == "One.\n\nTwo.\n\nThree."


def test_stray_inline_markup_in_text_vanishes_and_quotes_are_kept():
    raw = "Forces<b> </b>(PMF), publisher of <i>Inside Iraqi Politics</i>. “It’s ‘fine’,” he said."
    assert canonical_body(raw, "txt") == (
        "Forces (PMF), publisher of Inside Iraqi Politics. “It’s ‘fine’,” he said."
    )


FRAGMENT = (
    "<head><title>T</title><style>p{}</style></head>"
    "<h1>Head &amp; line</h1><p>Para <b>one</b>\n   continues</p>"
    "<script>alert('x')</script><p onclick='evil()'>&ldquo;Two,&rdquo; he said.<br>Three</p>"
    "<iframe src='http://x'>hidden</iframe>"
)


def test_html_blocks_become_paragraphs_entities_decoded_scripts_dropped():
    assert canonical_body(FRAGMENT, "html") == (
        "Head & line\n\nPara one continues\n\n“Two,” he said.\n\nThree"
    )


def test_a_whole_page_keeps_its_main_text_only():
    # As a page, the same markup is read for its main text: the lone heading is the page's,
    # not the story's.
    page = f"<html><body>{FRAGMENT}</body></html>"
    assert canonical_body(page, "html") == "Para one continues\n\n“Two,” he said.\n\nThree"


def test_markdown_becomes_plain_paragraphs():
    raw = "# Title\n\nSome *emphasis* and a [link](http://example.com).\n\n- one\n- two\n"
    assert canonical_body(raw, "md") == "Title\n\nSome emphasis and a link.\n\none\n\ntwo"


def test_nfc_and_control_characters():
    raw = "Cafe\u0301 \x07bell\u00a0space\ttab \u200fRTL 😀"
    body = canonical_body(raw, "txt")
    assert body == unicodedata.normalize("NFC", "Café bell space tab \u200fRTL 😀")


# Characters that each change a paragraph, among plain ones and decomposed accents.
_TRICKY = "á   　\t\x07\x85\u200f\ufeff\u2028\u00ad😀éE."


def _cleaned_by_definition(text: str) -> str:
    text = unicodedata.normalize("NFC", text).replace("\ufeff", "")
    text = re.sub(r"[\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000\t\f\v]", " ", text)
    text = re.sub(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]", "", text)
    return re.sub(r" {2,}", " ", text).strip()


@given(
    st.one_of(
        st.text(alphabet=_TRICKY, min_size=1, max_size=40),
        st.text(alphabet="a e\u0301.", min_size=1, max_size=40),  # mostly nothing to clean
    )
)
def test_a_paragraph_is_cleaned_as_defined_whatever_it_holds(text):
    """Paragraphs with nothing to clean take a short way; it must agree with the long one."""
    expected = _cleaned_by_definition(text)
    if not expected:
        with pytest.raises(IngestError):
            canonical_body(text, "txt")
    else:
        assert canonical_body(text, "txt") == expected


@pytest.mark.parametrize("raw", ["", "   \n\n  ", "<p> </p>", "<script>only()</script>"])
def test_empty_text_is_refused(raw):
    fmt = "html" if raw.startswith("<") else "txt"
    with pytest.raises(IngestError, match="no text"):
        canonical_body(raw, fmt)


def test_decode_refuses_binary_and_wrong_encodings():
    with pytest.raises(IngestError, match="binary"):
        decode_upload(b"\x89PNG\r\n\x1a\n\x00\x00")
    with pytest.raises(IngestError, match="binary"):
        decode_upload(b"text\x00with nul")
    with pytest.raises(IngestError, match="not UTF-8"):
        decode_upload("caf\u00e9".encode("latin-1"))
    with pytest.raises(IngestError, match="empty"):
        decode_upload(b"  \n")
    assert decode_upload("\ufeffhello".encode()) == "hello"
    assert decode_upload("héllo".encode("utf-16")) == "héllo"


def test_formats_by_file_name():
    assert format_for_filename("a.TXT") == "txt"
    assert format_for_filename("a.markdown") == "md"
    assert format_for_filename("a.htm") == "html"
    with pytest.raises(IngestError, match="Only"):
        format_for_filename("a.pdf")
