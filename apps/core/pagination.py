"""Keyset ("cursor") pagination: each page starts after the last row of the one before, so
page 200 costs what page 1 costs (an OFFSET reads and throws away every row before it)."""

from __future__ import annotations

import base64
import binascii
import datetime
import json
from typing import Any

from django.db.models import Q, QuerySet


class BadCursor(ValueError):
    pass


def _plain(value: Any) -> Any:
    if isinstance(value, datetime.datetime):
        return {"dt": value.isoformat()}
    if isinstance(value, datetime.date):
        return {"d": value.isoformat()}
    return value


def _typed(value: Any) -> Any:
    if isinstance(value, dict) and set(value) == {"dt"}:
        return datetime.datetime.fromisoformat(value["dt"])
    if isinstance(value, dict) and set(value) == {"d"}:
        return datetime.date.fromisoformat(value["d"])
    if value is None or isinstance(value, str | int):
        return value
    raise BadCursor("cursor is not one this API gave.")


def cursor_encode(*, page: int, order: list[str], values: list[Any]) -> str:
    raw = json.dumps([page, ",".join(order), [_plain(v) for v in values]], separators=(",", ":"))
    return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")


def cursor_decode(cursor: str, *, order: list[str]) -> tuple[int, list[Any]]:
    """The page number and the last row's values; refused if made for another ordering."""
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        page, made_for, values = json.loads(raw)
        values = [_typed(v) for v in values]
    except (binascii.Error, ValueError, TypeError, UnicodeDecodeError) as exc:
        raise BadCursor("cursor is not one this API gave.") from exc
    if not isinstance(page, int) or page < 2 or made_for != ",".join(order):
        raise BadCursor("cursor is not one this API gave (or was made for another ordering).")
    if len(values) != len(order):
        raise BadCursor("cursor is not one this API gave.")
    return page, values


def after(items: QuerySet, *, order: list[str], values: list[Any]) -> QuerySet:
    """The rows of `items` (ordered by `order`, whose last field is unique) after `values`."""
    condition = Q()
    for index, field in enumerate(order):
        name = field.lstrip("-")
        step = Q(**{f"{name}__{'lt' if field.startswith('-') else 'gt'}": values[index]})
        for earlier, value in zip(order[:index], values[:index], strict=True):
            step &= Q(**{earlier.lstrip("-"): value})
        condition |= step
    return items.filter(condition)


def row_values(row: Any, order: list[str]) -> list[Any]:
    return [getattr(row, field.lstrip("-")) for field in order]
