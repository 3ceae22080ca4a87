"""JSON Lines and JSON arrays of articles: Newsdesk's own shape, or a tool's export.

One record decides the shape of the whole file; a file in no shape Newsdesk imports (a
pretty-printed object, say) is refused with one error rather than one per line.
"""

from __future__ import annotations

import json

from apps.articles.normalise import IngestError
from apps.ingest.parsers import ParsedItem, _too_many, max_items, record_payload, tools

NOT_A_LIST = (
    "The file is one JSON object over several lines, not a list of articles: import JSON Lines "
    "(one article per line) or a JSON array of articles."
)
NO_SHAPE = (
    "The file's records are in none of the shapes Newsdesk imports: objects with a text (or "
    "body) field and optionally entities and quotes, doccano's JSONL or Label Studio's JSON "
    "export."
)


def json_records(text: str) -> list[tuple[str, object]]:
    """(where, record) for each article of JSON Lines or a JSON array; a line that is not
    JSON comes as an IngestError in place of its record. A file that is neither (a
    pretty-printed object, say) raises one IngestError."""
    stripped = text.lstrip()
    if stripped.startswith("["):
        try:
            array = json.loads(stripped)
        except (json.JSONDecodeError, RecursionError) as exc:
            raise IngestError(f"The file is not a readable JSON array: {exc}.") from exc
        if not isinstance(array, list):
            raise IngestError("The file is not a readable JSON array.")
        if len(array) > max_items():
            raise _too_many(len(array))
        return [(f"item {n}", record) for n, record in enumerate(array, start=1)]
    records: list[tuple[str, object]] = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        if len(records) >= max_items():
            raise _too_many(len(records))
        try:
            records.append((f"line {number}", json.loads(line)))
        except (json.JSONDecodeError, RecursionError) as exc:
            if not records:  # the first line decides whether this is JSON Lines at all
                raise IngestError(_not_json_lines(stripped, exc)) from exc
            records.append((f"line {number}", IngestError(f"Not valid JSON: {exc}.")))
    return records


def _not_json_lines(text: str, exc: Exception) -> str:
    if text.startswith("{"):
        try:
            whole = json.loads(text)
        except (json.JSONDecodeError, RecursionError):
            whole = None
        if isinstance(whole, dict):
            return NOT_A_LIST
    return f"The file is neither JSON Lines nor a JSON array (line 1: {exc})."


def file_tool(records: list[tuple[str, object]]) -> str:
    """The tool whose export the records are ("" for Newsdesk's own shape), judged on the
    first record. Raises IngestError when it is in no shape Newsdesk imports."""
    first = next((r for _, r in records if not isinstance(r, IngestError)), None)
    if not isinstance(first, dict):
        raise IngestError(NO_SHAPE)
    tool = tools.tool_of(first)
    if not tool and not isinstance(first.get("body", first.get("text")), str):
        raise IngestError(NO_SHAPE)
    return tool


def parse_jsonl_text(text: str, mapping: dict | None = None) -> list[ParsedItem]:
    """Items of JSON Lines or a JSON array: Newsdesk's shape (the CSV fields, or the `pretag`
    shape), or a tool's export, whose annotations need `mapping` (see `tools`)."""
    return parse_json_records(json_records(text), mapping)


def parse_json_records(
    records: list[tuple[str, object]], mapping: dict | None = None
) -> list[ParsedItem]:
    """`parse_jsonl_text` for records already read with `json_records`."""
    if not records:
        raise IngestError("The JSONL file has no lines with articles.")
    tool = file_tool(records)
    items: list[ParsedItem] = []
    for label, record in records:
        if isinstance(record, IngestError):
            items.append(ParsedItem(label, error=str(record)))
            continue
        if not isinstance(record, dict):
            items.append(ParsedItem(label, error="Each article must be a JSON object."))
            continue
        try:
            payload = (
                _tool_payload(record, tool=tool, mapping=mapping or {}, where=label)
                if tool
                else _pretag_payload(record)
            )
        except IngestError as exc:
            items.append(ParsedItem(label, error=str(exc)))
            continue
        if record.get("id") not in (None, ""):
            label += f" (id {str(record['id'])[:80]})"
        items.append(ParsedItem(label, payload))
    return items


def _pretag_payload(record: dict) -> dict:
    payload = record_payload(record, where="The line")
    annotations = {
        key: record[key] for key in ("entities", "quotes") if record.get(key) is not None
    }
    for key, value in annotations.items():
        if not isinstance(value, list):
            raise IngestError(f"{key} must be a list.")
    if annotations:
        payload["annotations"] = annotations
    return payload


def tool_records(text: str) -> tuple[str, list[tools.ToolRecord]]:
    """The tool and its readable records (for the preview of their labels)."""
    records = json_records(text)
    tool = file_tool(records)
    read = []
    for label, record in records:
        if isinstance(record, dict):
            try:
                read.append(tools.tool_record(record, tool=tool, where=label))
            except IngestError:
                continue  # reported on its item when the import runs
    return tool, read


def _tool_payload(record: dict, *, tool: str, mapping: dict, where: str) -> dict:
    read = tools.tool_record(record, tool=tool, where=where.capitalize())
    payload = record_payload({**read.meta, "text": read.text}, where=where.capitalize())
    done, predicted = tools.record_annotations(read, mapping)
    if done["entities"] or done["quotes"]:
        payload["annotations"] = done
    if predicted["entities"] or predicted["quotes"]:
        payload["suggestions"] = predicted
    return payload
