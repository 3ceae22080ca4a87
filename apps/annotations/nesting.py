"""Nested quotes: a partial quote inside a direct one is one utterance, not two. Wherever
quotes are counted or exported, the inner one says which quote it is nested in."""

from __future__ import annotations

from collections.abc import Sequence


def nested_in(spans: Sequence[tuple[int, int]]) -> list[int | None]:
    """For each span, the index of the smallest other span that contains it, or None.

    Two identical spans do not contain each other."""
    order = sorted(range(len(spans)), key=lambda i: (spans[i][0], -spans[i][1]))
    found: list[int | None] = [None] * len(spans)
    open_spans: list[int] = []  # enclosing candidates, outermost first
    for i in order:
        start, end = spans[i]
        while open_spans and spans[open_spans[-1]][1] < end:
            open_spans.pop()
        for j in reversed(open_spans):
            if spans[j] != (start, end) and spans[j][0] <= start and end <= spans[j][1]:
                found[i] = j
                break
        open_spans.append(i)
    return found
