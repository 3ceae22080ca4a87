"""One guard for what people send: control characters in query strings and form fields,
and JSON bodies that are too deep, are refused with a 400 before any view reads them.

PostgreSQL cannot store NUL in text, and no field here has a use for other control
characters; tab, line feed and carriage return are ordinary text in a comment.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse, QueryDict

from apps.core.http import refusal

CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
MAX_JSON_DEPTH = 32
# Only URL-encoded forms: Django reads their body whole anyway, whereas reading a multipart
# body here would consume the upload stream before the view chose how to read it. The
# fields of multipart forms (uploads) go through Django forms, whose text fields refuse NUL.
FORM_TYPE = "application/x-www-form-urlencoded"


class BadInput(ValueError):
    """Input refused; the message says what was wrong and is shown to the client."""


def _first_bad_field(data: QueryDict) -> str | None:
    for key, values in data.lists():
        if CONTROL_CHARACTERS.search(key) or any(CONTROL_CHARACTERS.search(v) for v in values):
            return key
    return None


class InputGuardMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        bad = _first_bad_field(request.GET)
        if bad is None and request.method == "POST" and request.content_type == FORM_TYPE:
            bad = _first_bad_field(request.POST)
        if bad is not None:
            return refusal(
                request, f"The field {bad[:40]!r} contains a control character.", status=400
            )
        return self.get_response(request)


def json_body(raw: bytes | str, *, max_depth: int = MAX_JSON_DEPTH) -> object:
    """Parse a request body as JSON, refusing deep nesting and NUL in strings (BadInput)."""
    try:
        text = raw.decode("utf-8") if isinstance(raw, bytes) else raw
    except UnicodeDecodeError as exc:
        raise BadInput("The request is not UTF-8 JSON.") from exc
    if _nesting_depth(text) > max_depth:
        raise BadInput(f"The JSON is nested more than {max_depth} levels deep.")
    try:
        value = json.loads(text)
    except (ValueError, RecursionError) as exc:
        raise BadInput("The request is not JSON.") from exc
    if _has_nul(value):
        raise BadInput("The JSON contains a NUL character.")
    return value


_STRINGS = re.compile(r'"(?:[^"\\]+|\\.)*"', re.DOTALL)


def _nesting_depth(text: str) -> int:
    """How deep brackets nest outside strings; cheap enough to run before parsing."""
    depth = deepest = 0
    for char in re.sub(r"[^\[\]{}]", "", _STRINGS.sub("", text)):
        if char in "[{":
            depth += 1
            deepest = max(deepest, depth)
        else:
            depth -= 1
    return deepest


def _has_nul(value: object) -> bool:
    pending = [value]
    while pending:
        item = pending.pop()
        if isinstance(item, str):
            if "\x00" in item:
                return True
        elif isinstance(item, dict):
            pending.extend(item.keys())
            pending.extend(item.values())
        elif isinstance(item, list):
            pending.extend(item)
    return False
