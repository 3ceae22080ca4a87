"""The net difference drawn on the article text, and said in words.

Every change is marked with text (a bracketed tag such as “[ORG → PERSON]”), an element that
says what it is (`ins`, `del`, `mark`), a line pattern in the style sheet and an aria label,
so none of it rests on colour; who made it and when is in its title and in the list below.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils import timezone
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from apps.publishing.netdiff import (
    ACCEPTED,
    ADDED,
    ENTITY,
    REATTRIBUTED,
    REGROUPED,
    REJECTED,
    RELABELLED,
    RESIZED,
    UNREVIEWED,
    Change,
    Item,
)


def _excerpt(body: str, item: Item, limit: int = 60) -> str:
    text = " ".join(body[item.start : item.end].split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _quoted(body: str, item: Item) -> str:
    return f"‘{_excerpt(body, item)}’"


def change_tags(change: Change, body: str) -> list[str]:
    """The short bracketed tags drawn in the text."""
    before, after = change.before, change.after
    tags = []
    for what in change.what:
        if what == ADDED:
            tags.append(f"+ {after.label}")
        elif what == REJECTED:
            tags.append(f"− {before.label}")
        elif what == RELABELLED:
            tags.append(f"{before.label} → {after.label}")
        elif what == RESIZED:
            tags.append(f"resized, was {_quoted(body, before)}")
        elif what == REATTRIBUTED:
            tags.append(f"speaker: {before.group or 'none'} → {after.group or 'none'}")
        elif what == REGROUPED:
            tags.append(f"entity: {before.group or 'none'} → {after.group or 'none'}")
        elif what == UNREVIEWED:
            tags.append(f"? {after.label} not reviewed")
        elif what == ACCEPTED:
            tags.append("accepted")
    return tags


def change_sentence(change: Change, body: str) -> str:
    """The change in words: “relabelled ‘Trump’ ORG → PERSON”."""
    before, after = change.before, change.after
    shown = _quoted(body, after or before)
    noun = "" if change.kind == ENTITY else "the quote "
    parts = []
    for what in change.what:
        if what == ADDED:
            extra = f" by {after.group}" if change.kind != ENTITY and after.group else ""
            parts.append(f"added {noun}{shown} as {after.label}{extra}")
        elif what == REJECTED:
            parts.append(f"removed {noun}{_quoted(body, before)} ({before.label})")
        elif what == RELABELLED:
            parts.append(f"relabelled {noun}{shown} {before.label} → {after.label}")
        elif what == RESIZED:
            parts.append(
                f"resized {_quoted(body, before)} ({before.start}–{before.end}) to "
                f"{_quoted(body, after)} ({after.start}–{after.end})"
            )
        elif what == REATTRIBUTED:
            old, new = before.group or "no one", after.group or "no one"
            parts.append(f"re-attributed {shown} from {old} to {new}")
        elif what == REGROUPED:
            parts.append(f"moved {shown} from {before.group or 'no entity'} to {after.group}")
        elif what == UNREVIEWED:
            parts.append(f"{shown} ({after.label}) is still a suggestion nobody reviewed")
        elif what == ACCEPTED:
            parts.append(f"accepted {noun}{shown} as suggested")
    return "; ".join(parts)


def change_credit(change: Change) -> str:
    if not change.when:
        return "by the pre-tagger" if UNREVIEWED in change.what else ""
    when = timezone.localtime(change.when).strftime("%-d %b %H:%M")
    return f"{change.who}, {when}"


@dataclass(frozen=True)
class _Cut:
    at: int
    rank: int  # at one place: closings, then quote ends, then quote starts, then openings
    html: str


def _attributes(number: int, change: Change, body: str) -> str:
    sentence = change_sentence(change, body)
    credit = change_credit(change)
    classes = " ".join(f"diff-{what.replace('-', '')}" for what in change.what)
    title = f"{sentence} ({credit})" if credit else sentence
    return (
        f'class="diff diff-{change.kind} {classes}" id="change-{number}" data-change="{number}" '
        f'tabindex="-1" aria-label="{escape(sentence)}" title="{escape(title)}"'
    )


def _tag(change: Change, body: str) -> str:
    tags = "; ".join(change_tags(change, body))
    return f'<span class="diff-tag" aria-hidden="true">[{escape(tags)}]</span>'


_QUOTE_END = '<span class="diff-quote-end" aria-hidden="true">[” end of quote]</span>'


def diff_on_text(*, body: str, changes: list[Change]) -> SafeString:
    """The body with each shown change marked; `changes` in text order, numbered from 1."""
    cuts: list[_Cut] = []
    drawn_to = -1
    for number, change in enumerate(changes, start=1):
        attributes = _attributes(number, change, body)
        if change.kind != ENTITY:
            cuts.append(
                _Cut(change.start, 2, f"<span {attributes}>[“ quote {_tag(change, body)}]</span>")
            )
            cuts.append(
                _Cut(
                    change.end, 1, '<span class="diff-quote-end" aria-hidden="true">[” end]</span>'
                )
            )
            continue
        item = change.after if change.after and REJECTED not in change.what else change.before
        if item.start < drawn_to:  # overlaps a mention already drawn: a tag on its own
            cuts.append(_Cut(item.start, 3, f"<span {attributes}>{_tag(change, body)}</span>"))
            continue
        element = "del" if REJECTED in change.what else "ins" if ADDED in change.what else "mark"
        cuts.append(_Cut(item.start, 3, f"<{element} {attributes}>"))
        cuts.append(_Cut(item.end, 0, f"{_tag(change, body)}</{element}>"))
        drawn_to = item.end
    cuts.sort(key=lambda c: (c.at, c.rank))
    parts, position = [], 0
    for cut in cuts:
        parts.append(escape(body[position : cut.at]))
        parts.append(cut.html)
        position = cut.at
    parts.append(escape(body[position:]))
    return mark_safe("".join(parts))  # noqa: S308 - every piece of text above is escaped
