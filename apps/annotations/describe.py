"""History rows as sentences people read: “annotator relabelled ‘Trump’ ORG → PERSON”.

One describer for every page that shows history (the history page, the workspace's panel):
it reads the HistoryAction and the before/after states, and names the text, entities and
speakers the ids in them stand for.
"""

from __future__ import annotations

from collections.abc import Iterable

from apps.annotations.models import (
    AnnotationEvent,
    Entity,
    EntityMention,
    HistoryAction,
    Quote,
)
from apps.articles.models import Article

A = HistoryAction


def _short(text: str, limit: int = 50) -> str:
    text = " ".join(text.split())
    return f"‘{text if len(text) <= limit else text[: limit - 1].rstrip() + '…'}’"


class _Names:
    """What the ids in an article's history stand for."""

    def __init__(self, article: Article, events: list[AnnotationEvent]) -> None:
        self.body = article.body
        # Only the rows the events name are read: one sentence costs the same however many
        # annotations the article has.
        named: dict[str, set[int]] = {"mention": set(), "quote": set(), "entity": set()}
        for event in events:
            noun, row_id = _target(event)
            if noun in named and row_id is not None:
                named[noun].add(row_id)
            for state in (event.before or {}, event.after or {}):
                for key in _ENTITY_KEYS:
                    if isinstance(state.get(key), int):
                        named["entity"].add(state[key])
        self.entities = dict(
            Entity.objects.filter(article=article, id__in=named["entity"]).values_list("id", "name")
        )
        for event in events:  # entities merged away are named in their merge
            if event.action == A.ENTITY_MERGE and event.target.startswith("entity:"):
                self.entities.setdefault(int(event.target[7:]), (event.before or {}).get("name"))
        self.mentions = _spans(EntityMention, article, named["mention"])
        self.quotes = _spans(Quote, article, named["quote"])
        # Rows deleted since are named by the spans their history recorded.
        for event in events:
            noun, row_id = _target(event)
            rows = {"mention": self.mentions, "quote": self.quotes}.get(noun)
            for state in (event.before or {}, event.after or {}):
                if rows is not None and "start" in state and "end" in state:
                    rows.setdefault(row_id, (state["start"], state["end"]))

    def span(self, start: int, end: int) -> str:
        return _short(self.body[start:end])

    def item(self, rows: dict, row_id: int | None, *states: dict | None) -> str:
        for state in states:
            if state and "start" in state and "end" in state:
                return self.span(state["start"], state["end"])
        if row_id in rows:
            return self.span(*rows[row_id])
        return "an annotation"

    def entity(self, entity_id: int | None) -> str:
        return self.entities.get(entity_id) or "no entity"


# The keys of a history state that hold an entity's id.
_ENTITY_KEYS = ("entity", "speaker_entity", "into")


def _spans(
    model: type[EntityMention] | type[Quote], article: Article, ids: set[int]
) -> dict[int, tuple[int, int]]:
    rows = model.objects.filter(article=article, id__in=ids).values_list("id", "start", "end")
    return {row_id: (start, end) for row_id, start, end in rows}


def _target(event: AnnotationEvent) -> tuple[str, int | None]:
    noun, _, raw = event.target.partition(":")
    return noun, int(raw) if raw.isdigit() else None


_STATUS_VERBS = {"accepted": "accepted", "rejected": "rejected", "suggested": "set back to review"}


def _speaker(after: dict, names: _Names) -> str:
    if after.get("speaker_entity"):
        return names.entity(after["speaker_entity"])
    if after.get("speaker"):
        return names.span(*after["speaker"])
    kind = after.get("speaker_type")
    return f"an {kind} speaker" if kind in ("anonymous", "unknown") else "nobody"


def _mention(event: AnnotationEvent, names: _Names, row_id: int | None) -> str:
    before, after = event.before or {}, event.after or {}
    # The text as it was for a deletion, as it is now otherwise.
    what = names.item(names.mentions, row_id, before if event.action == A.MENTION_DELETE else None)
    if event.action == A.MENTION_CREATE:
        return f"added {names.item(names.mentions, row_id, after)} as {after.get('label')}"
    if event.action == A.MENTION_DELETE:
        return f"deleted {what} ({before.get('label')})"
    if event.action == A.MENTION_RESTORE:
        return f"restored {names.item(names.mentions, row_id, after)}"
    parts = []
    if "status" in after:
        parts.append(f"{_STATUS_VERBS.get(after['status'], after['status'])} {what}")
    if "label" in after:
        parts.append(f"relabelled {what} {before.get('label')} → {after['label']}")
    if "start" in after or "end" in after:
        old = names.span(before.get("start"), before.get("end")) if "start" in before else what
        parts.append(f"resized {old} to {what}")
    if "entity" in after:
        old, new = names.entity(before.get("entity")), names.entity(after["entity"])
        parts.append(f"moved {what} from {old} to {new}")
    return ", ".join(parts) or f"changed {what}"


def _quote(event: AnnotationEvent, names: _Names, row_id: int | None) -> str:
    before, after = event.before or {}, event.after or {}
    state = before if event.action == A.QUOTE_DELETE else None
    what = names.item(names.quotes, row_id, state)
    if event.action == A.QUOTE_CREATE:
        return f"added a {after.get('kind')} quote {names.item(names.quotes, row_id, after)}"
    if event.action == A.QUOTE_DELETE:
        return f"deleted the quote {what}"
    if event.action == A.QUOTE_RESTORE:
        return f"restored the quote {names.item(names.quotes, row_id, after)}"
    parts = []
    if "status" in after:
        parts.append(f"{_STATUS_VERBS.get(after['status'], after['status'])} the quote {what}")
    if "kind" in after:
        parts.append(f"made {what} {after['kind']} (was {before.get('kind')})")
    if "start" in after or "end" in after:
        parts.append(f"moved the boundaries of {what}")
    if "cue" in after:
        cue = names.span(*after["cue"]) if after["cue"] else "none"
        parts.append(f"set the cue of {what} to {cue}")
    if {"speaker", "speaker_entity", "speaker_type"} & after.keys():
        parts.append(f"set the speaker of {what} to {_speaker(after, names)}")
    return ", ".join(parts) or f"changed the quote {what}"


def _other(event: AnnotationEvent, names: _Names, row_id: int | None) -> str:
    before, after = event.before or {}, event.after or {}
    action = event.action
    if action == A.PRETAG:
        return f"suggested {after.get('mentions', 0)} mentions and {after.get('quotes', 0)} quotes"
    if action == A.IMPORT:
        return "imported annotations"
    if action == A.SUGGESTIONS_ACCEPT:
        count = len(after.get("mentions", [])) + len(after.get("quotes", []))
        label = event.target[6:] if event.target.startswith("label:") else ""
        return f"accepted {count} {label + ' ' if label else ''}suggestion{'s' * (count != 1)}"
    if action == A.STATUSES_SET:
        count = len(after.get("mentions", [])) + len(after.get("quotes", []))
        return f"set {count} annotation{'s' * (count != 1)} to {after.get('status')}"
    if action == A.ENTITY_RENAME:
        return f"renamed the entity {before.get('name')} to {after.get('name')}"
    if action == A.ENTITY_MERGE:
        return f"merged {before.get('name')} into {after.get('into_name')}"
    if action == A.ENTITY_UNMERGE:
        return f"took {after.get('name')} back out of {names.entity(before.get('into'))}"
    if action == A.ENTITY_SPLIT:
        return f"split {after.get('name')} off {before.get('name')}"
    if action == A.ENTITY_LINK:
        entry = after.get("registry_name")
        name = names.entity(row_id)
        return f"linked {name} to the registry entry {entry}" if entry else f"unlinked {name}"
    return A(action).label if action in A.values else action


def event_sentences(*, article: Article, events: Iterable[AnnotationEvent]) -> dict[int, str]:
    """Each event's sentence, by event id."""
    events = list(events)
    names = _Names(article, events)
    sentences = {}
    for event in events:
        noun, row_id = _target(event)
        if noun == "mention" and event.action != A.SUGGESTIONS_ACCEPT:
            words = _mention(event, names, row_id)
        elif noun == "quote":
            words = _quote(event, names, row_id)
        else:
            words = _other(event, names, row_id)
        who = event.actor.get_username() if event.actor else "pre-tagger"
        sentences[event.id] = f"{who} {words}"
    return sentences
