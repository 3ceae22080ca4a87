"""Reading an import file into items, one per article. Pure functions: no database.

A problem with the whole file (not UTF-8, not a zip, too many entries) raises IngestError
and nothing is stored. A problem with one row becomes a failed item with its reason, and
the other rows go on.
"""

from __future__ import annotations

import csv
import datetime
import io
import posixpath
import stat
import zipfile
from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator

from apps.articles.normalise import FORMATS, IngestError, decode_upload, format_for_filename
from apps.ingest.fetch import FetchError, url_check

METADATA_FIELDS = ("title", "byline", "source", "url", "published_at")


# The caps are read when used, so that tests (and operators) can change the settings.
def max_import_bytes() -> int:
    return settings.NEWSDESK_MAX_IMPORT_BYTES


def max_items() -> int:
    return settings.NEWSDESK_MAX_IMPORT_ITEMS


def max_zip_entries() -> int:
    return settings.NEWSDESK_MAX_ZIP_ENTRIES


def max_zip_unpacked_bytes() -> int:
    return settings.NEWSDESK_MAX_ZIP_UNPACKED_BYTES


def max_urls() -> int:
    return settings.NEWSDESK_MAX_IMPORT_URLS


@dataclass(slots=True)
class ParsedItem:
    label: str
    payload: dict = field(default_factory=dict)
    error: str = ""


def _decode_text_file(data: bytes, what: str) -> str:
    if not data or not data.strip():
        raise IngestError(f"The {what} file is empty.")
    if len(data) > max_import_bytes():
        raise IngestError(
            f"The file is too large ({len(data) // 1024} KB; "
            f"the limit is {max_import_bytes() // 1024} KB)."
        )
    if b"\x00" in data[:8192] or data.startswith((b"PK\x03\x04", b"%PDF", b"\x89PNG")):
        raise IngestError(f"The file looks binary, not a {what} file.")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise IngestError(
            f"The {what} file is not UTF-8 (undecodable byte at position {exc.start}); "
            "save it as UTF-8 and import it again."
        ) from exc


def _too_many(count: int) -> IngestError:
    return IngestError(f"The file has more than {max_items():,} articles; split it into parts.")


def _date(value: object) -> datetime.date | None:
    if value in (None, ""):
        return None
    if not isinstance(value, str):
        raise IngestError(f"published_at must be a date like 2024-05-31, not {value!r}.")
    text = value.strip()
    try:
        return datetime.date.fromisoformat(text[:10])
    except ValueError as exc:
        raise IngestError(
            f"published_at must be a date like 2024-05-31, not {text[:40]!r}."
        ) from exc


def _clean_url(value: object) -> str:
    text = "" if value is None else str(value).strip()
    if not text:
        return ""
    # The address is shown as a link on the article page: only plain web addresses pass.
    try:
        URLValidator(schemes=["http", "https"])(text)
    except ValidationError as exc:
        raise IngestError(f"url {text[:80]!r} is not an http:// or https:// address.") from exc
    if len(text) > 2000:
        raise IngestError("url is longer than 2,000 characters.")
    return text


def record_payload(record: dict, *, where: str) -> dict:
    """Validate one CSV row or JSON object into the keyword arguments of `article_create`."""
    body = record.get("body")
    if body is None:
        body = record.get("text")
    if not isinstance(body, str) or not body.strip():
        raise IngestError(f"{where} has no body text.")
    fmt = record.get("format") or "txt"
    if fmt not in FORMATS:
        raise IngestError(f"{where}: format must be one of {', '.join(FORMATS)}.")
    payload = {"raw": body, "fmt": fmt}
    for key in ("title", "byline", "source"):
        value = record.get(key)
        if value is not None and not isinstance(value, str):
            raise IngestError(f"{where}: {key} must be text.")
        payload[key] = value or ""
    payload["url"] = _clean_url(record.get("url"))
    published = _date(record.get("published_at"))
    payload["published_at"] = published.isoformat() if published else None
    return payload


def decode_csv(data: bytes) -> str:
    return _decode_text_file(data, "CSV")


def decode_jsonl(data: bytes) -> str:
    return _decode_text_file(data, "JSONL")


def parse_csv(data: bytes) -> list[ParsedItem]:
    return parse_csv_text(decode_csv(data))


def parse_jsonl(data: bytes) -> list[ParsedItem]:
    """One JSON object per line: the CSV fields, or the `pretag` shape (text, entities, quotes)."""
    return parse_jsonl_text(decode_jsonl(data))


def parse_csv_text(text: str) -> list[ParsedItem]:
    # Article bodies are longer than the csv module's default field limit of 128 KB.
    csv.field_size_limit(max(csv.field_size_limit(), settings.NEWSDESK_MAX_UPLOAD_BYTES))
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = [name.strip().lower() for name in next(reader)]
    except (StopIteration, csv.Error) as exc:
        raise IngestError("The CSV file has no header row.") from exc
    if "body" not in header:
        raise IngestError(
            "The CSV file needs a header row with a body column "
            f"(and optionally {', '.join(METADATA_FIELDS)}); found: {', '.join(header)[:200]}."
        )
    items: list[ParsedItem] = []
    while True:
        row_number = reader.line_num + 1
        try:
            row = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            items.append(ParsedItem(f"row at line {row_number}", error=f"Unreadable CSV: {exc}."))
            continue
        if not any(cell.strip() for cell in row):
            continue
        if len(items) >= max_items():
            raise _too_many(len(items))
        label = f"row {len(items) + 1} (line {row_number})"
        if len(row) > len(header):
            items.append(ParsedItem(label, error="The row has more cells than the header."))
            continue
        record = dict(zip(header, row, strict=False))
        try:
            items.append(ParsedItem(label, record_payload(record, where="The row")))
        except IngestError as exc:
            items.append(ParsedItem(label, error=str(exc)))
    if not items:
        raise IngestError("The CSV file has a header but no rows.")
    return items


def _entry_problem(info: zipfile.ZipInfo) -> str:
    name = info.filename
    mode = info.external_attr >> 16
    if info.flag_bits & 0x1:
        return "The entry is encrypted."
    if stat.S_ISLNK(mode):
        return "The entry is a symbolic link."
    parts = name.replace("\\", "/").split("/")
    if name.startswith(("/", "\\")) or "\\" in name or (len(name) > 1 and name[1] == ":"):
        return "The entry has an absolute path."
    if ".." in parts or posixpath.normpath(name) != name:
        return "The entry's path leaves its folder."
    if name.lower().endswith((".zip", ".gz", ".tar", ".7z", ".rar", ".bz2", ".xz")):
        return "Archives inside the zip are not opened."
    try:
        format_for_filename(name)
    except IngestError as exc:
        return str(exc)
    return ""


def open_zip(data: bytes) -> zipfile.ZipFile:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, EOFError) as exc:
        raise IngestError("The file is not a readable zip archive.") from exc
    return archive


def _per_file_bytes() -> int:
    return settings.NEWSDESK_MAX_UPLOAD_BYTES


def parse_zip(data: bytes) -> list[ParsedItem]:
    """One item per file, judged from the zip's directory alone: nothing is decompressed here.

    An item's payload names its entry (`{"entry": n}`, its place in the directory);
    `zip_entry_payload` unpacks it later, in the background job.
    """
    if not data:
        raise IngestError("The zip file is empty.")
    if len(data) > max_import_bytes():
        raise IngestError(
            f"The file is too large ({len(data) // 1024} KB; "
            f"the limit is {max_import_bytes() // 1024} KB)."
        )
    archive = open_zip(data)
    files = [
        (index, info)
        for index, info in enumerate(archive.infolist())
        if not info.is_dir()
        and not info.filename.startswith("__MACOSX/")
        and not posixpath.basename(info.filename).startswith(".")
    ]
    if len(files) > min(max_zip_entries(), max_items()):
        raise IngestError(
            f"The zip has {len(files):,} files; at most {min(max_zip_entries(), max_items()):,} "
            "can be imported at once."
        )
    declared = sum(info.file_size for _, info in files)
    if declared > max_zip_unpacked_bytes():
        raise IngestError(
            f"The zip would unpack to {declared // (1024 * 1024)} MB; "
            f"the limit is {max_zip_unpacked_bytes() // (1024 * 1024)} MB."
        )
    per_file = _per_file_bytes()
    items: list[ParsedItem] = []
    for index, info in files:
        label = info.filename[:500]
        problem = _entry_problem(info)
        if not problem and info.file_size > per_file:
            problem = f"The file is too large (limit {per_file // 1024} KB)."
        items.append(
            ParsedItem(label, error=problem) if problem else ParsedItem(label, {"entry": index})
        )
    if not items:
        raise IngestError("The zip has no .txt, .md or .html files.")
    return items


def zip_entry_payload(archive: zipfile.ZipFile, index: int) -> dict:
    """Unpack entry `index` (as named by `parse_zip`) into an article's raw text and format.

    Never reads more than the directory declared (nor more than one upload may hold), so a
    lying directory cannot make an entry larger than it was judged. Raises IngestError.
    """
    info = archive.infolist()[index]
    allowed = min(info.file_size, _per_file_bytes())
    try:
        with archive.open(info) as entry:
            content = entry.read(allowed + 1)
    except (zipfile.BadZipFile, OSError, EOFError, NotImplementedError) as exc:
        raise IngestError(f"The entry cannot be unpacked ({exc}).") from exc
    if len(content) > allowed:
        raise IngestError("The entry is larger than the zip declares.")
    raw = decode_upload(content)
    if "\x00" in raw:  # PostgreSQL cannot keep it, and no article has one
        raise IngestError("The text contains NUL characters; it looks binary.")
    return {
        "raw": raw,
        "fmt": format_for_filename(info.filename),
        "filename": info.filename[:255],
    }


def parse_urls(text: str) -> list[ParsedItem]:
    lines = [line.strip() for line in (text or "").splitlines()]
    urls = [line for line in lines if line and not line.startswith("#")]
    if not urls:
        raise IngestError("Give at least one web address, one per line.")
    if len(urls) > max_urls():
        raise IngestError(f"At most {max_urls()} addresses can be imported at once.")
    items: list[ParsedItem] = []
    seen: set[str] = set()
    for url in urls:
        label = url[:500]
        if url in seen:
            items.append(ParsedItem(label, error="The address is listed twice."))
            continue
        seen.add(url)
        try:
            url_check(url)
        except FetchError as exc:
            items.append(ParsedItem(label, error=str(exc)))
            continue
        items.append(ParsedItem(label, {"fetch": url}))
    return items


# JSON Lines and JSON arrays, in Newsdesk's shape or a tool's; they use the helpers above.
from apps.ingest.parsers.jsonl import (  # noqa: E402
    NO_SHAPE,
    NOT_A_LIST,
    file_tool,
    json_records,
    parse_json_records,
    parse_jsonl_text,
    tool_records,
)

__all__ = [
    "NO_SHAPE",
    "NOT_A_LIST",
    "ParsedItem",
    "decode_csv",
    "decode_jsonl",
    "file_tool",
    "json_records",
    "open_zip",
    "parse_csv",
    "parse_csv_text",
    "parse_jsonl",
    "parse_json_records",
    "parse_jsonl_text",
    "parse_urls",
    "parse_zip",
    "record_payload",
    "tool_records",
    "zip_entry_payload",
]
