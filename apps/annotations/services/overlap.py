"""When a stale action conflicts: only if what it touches changed since the client's version.

An action says what it touches — annotations (`"mention:5"`) and spans of the text — and it
conflicts with a change made since the version its client saw when that change touched the
same annotation, or a span overlapping one of its spans. Anything else applies, and the
client is sent the other changes with the answer.
"""

from __future__ import annotations

from collections.abc import Iterable

from apps.annotations.models import AnnotationEvent, EntityMention, HistoryAction, Quote
from apps.articles.models import Article

Span = tuple[int, int]


def _overlaps(a: Span, b: Span) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def _touched_by(event: AnnotationEvent) -> tuple[set[str], list[Span]]:
    """The annotations and the spans one history row touched."""
    targets, spans = {event.target}, []
    for state in (event.before or {}, event.after or {}):
        for noun, key in (("mention", "mentions"), ("quote", "quotes")):
            targets.update(f"{noun}:{row_id}" for row_id in state.get(key, []))
        if "start" in state and "end" in state:
            spans.append((state["start"], state["end"]))
        for key in ("cue", "speaker"):
            if state.get(key):
                spans.append(tuple(state[key]))
    return targets, spans


def _current_spans(article: Article, targets: set[str]) -> list[Span]:
    ids = {"mention": [], "quote": []}
    for target in targets:
        noun, _, raw = target.partition(":")
        if noun in ids and raw.isdigit():
            ids[noun].append(int(raw))
    spans = list(
        EntityMention.objects.filter(article=article, id__in=ids["mention"]).values_list(
            "start", "end"
        )
    )
    spans += Quote.objects.filter(article=article, id__in=ids["quote"]).values_list("start", "end")
    return spans


def conflicts_since(
    *, article: Article, version: int, targets: Iterable[str], spans: Iterable[Span]
) -> bool:
    """Whether a change made after `version` touched one of `targets` or overlapped `spans`."""
    targets, spans = set(targets), [tuple(s) for s in spans if s]
    events = list(AnnotationEvent.objects.filter(article=article, article_version__gt=version))
    if len(events) < article.version - version:
        return True  # a change the history does not describe: nothing can be ruled out
    for event in events:
        theirs, their_spans = _touched_by(event)
        if theirs & targets or event.action in (HistoryAction.PRETAG, HistoryAction.IMPORT):
            return True
        their_spans += _current_spans(article, theirs)
        if any(_overlaps(a, b) for a in spans for b in their_spans):
            return True
    return False
