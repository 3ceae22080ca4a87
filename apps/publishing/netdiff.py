"""The net difference a reviewer vouches for: from what the machine suggested (or, once the
article has been published, from the last published version) to the annotations as they are.

It is computed from states, never read off the log, so a step that was undone cancels out.
The machine's suggestions as they first were are rebuilt from the rows as they are now by
walking the history back: each history row holds what its change replaced.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from apps.annotations.models import (
    AnnotationEvent,
    Entity,
    EntityMention,
    HistoryAction,
    Origin,
    Quote,
    Status,
)
from apps.articles.models import Article
from apps.publishing.models import PublishedVersion

ENTITY, QUOTE = "entity", "quote"

# The kinds of change, in the order the summary lists them.
ACCEPTED = "accepted"
RELABELLED = "relabelled"
RESIZED = "resized"
REATTRIBUTED = "re-attributed"
REGROUPED = "regrouped"
REJECTED = "rejected"
ADDED = "added"
UNREVIEWED = "unreviewed"
KINDS = (ACCEPTED, RELABELLED, RESIZED, REATTRIBUTED, REGROUPED, REJECTED, ADDED, UNREVIEWED)


@dataclass
class Item:
    """One entity mention or quote in one state, in the terms a reviewer compares."""

    kind: str
    id: int | None
    start: int
    end: int
    label: str  # a mention's label; a quote's kind
    group: str  # a mention's entity; a quote's speaker, as names
    status: str = Status.ACCEPTED
    group_id: int | None = None


@dataclass
class Change:
    kind: str
    before: Item | None
    after: Item | None
    what: list[str]
    who: str = ""
    when: datetime.datetime | None = None

    @property
    def start(self) -> int:
        return min(i.start for i in (self.before, self.after) if i)

    @property
    def end(self) -> int:
        return max(i.end for i in (self.before, self.after) if i)

    @property
    def shown(self) -> bool:
        """Whether the change is drawn on the text: anything but "accepted as it was"."""
        return self.what != [ACCEPTED]


@dataclass
class NetDiff:
    since: str  # "the machine's suggestions" or "version N"
    changes: list[Change] = field(default_factory=list)

    def counts(self, kind: str) -> dict[str, int]:
        counts = dict.fromkeys(KINDS, 0)
        for change in self.changes:
            if change.kind == kind:
                for what in change.what:
                    counts[what] += 1
        return counts

    @property
    def shown(self) -> list[Change]:
        return sorted((c for c in self.changes if c.shown), key=lambda c: (c.start, -c.end))


# --- the states ----------------------------------------------------------------------------

_MENTION_FIELDS = ("start", "end", "label", "status", "entity")
_QUOTE_FIELDS = ("start", "end", "kind", "status", "speaker", "speaker_entity", "speaker_type")


def _mention_row(m: EntityMention) -> dict:
    return {
        "start": m.start,
        "end": m.end,
        "label": m.label,
        "status": m.status,
        "entity": m.entity_id,
    }


def _quote_row(q: Quote) -> dict:
    speaker = [q.speaker_start, q.speaker_end] if q.speaker_start is not None else None
    return {
        "start": q.start,
        "end": q.end,
        "kind": q.kind,
        "status": q.status,
        "speaker": speaker,
        "speaker_entity": q.speaker_entity_id,
        "speaker_type": q.speaker_type,
    }


_APPEARS = {
    HistoryAction.MENTION_CREATE,
    HistoryAction.QUOTE_CREATE,
    HistoryAction.MENTION_RESTORE,
    HistoryAction.QUOTE_RESTORE,
}


@dataclass
class _Walk:
    """The machine's rows walked back to how the pre-tagger left them, and who last touched
    each row since."""

    mentions: dict[int, dict]
    quotes: dict[int, dict]
    names: dict[int, str]
    touched: dict[tuple[str, int], AnnotationEvent] = field(default_factory=dict)

    def touch(self, kind: str, ids, event: AnnotationEvent) -> None:
        for row_id in ids:
            self.touched.setdefault((kind, row_id), event)

    def undo(self, event: AnnotationEvent) -> None:
        before, after = event.before or {}, event.after or {}
        noun, _, raw_id = event.target.partition(":")
        row_id = int(raw_id) if raw_id.isdigit() else None
        if noun == "mention" and row_id is not None:
            self.touch(ENTITY, [row_id], event)
            self._undo_row(self.mentions, event.action, row_id, before, _MENTION_FIELDS)
        elif noun == "quote" and row_id is not None:
            self.touch(QUOTE, [row_id], event)
            self._undo_row(self.quotes, event.action, row_id, before, _QUOTE_FIELDS)
        elif event.action in (HistoryAction.SUGGESTIONS_ACCEPT, HistoryAction.STATUSES_SET):
            self._set(
                self.mentions, ENTITY, after.get("mentions", []), event, status=before["status"]
            )
            self._set(self.quotes, QUOTE, after.get("quotes", []), event, status=before["status"])
        elif event.action == HistoryAction.ENTITY_MERGE and row_id is not None:
            self.names.setdefault(row_id, before.get("name", ""))
            self._set(self.mentions, ENTITY, before.get("mentions", []), event, entity=row_id)
            self._set(self.quotes, QUOTE, before.get("quotes", []), event, speaker_entity=row_id)
        elif event.action == HistoryAction.ENTITY_UNMERGE:
            into = before.get("into")
            self._set(self.mentions, ENTITY, after.get("mentions", []), event, entity=into)
            self._set(self.quotes, QUOTE, after.get("quotes", []), event, speaker_entity=into)
        elif event.action == HistoryAction.ENTITY_SPLIT:
            source = before.get("entity")
            self._set(self.mentions, ENTITY, after.get("mentions", []), event, entity=source)

    def _set(self, rows: dict, kind: str, ids: list[int], event, **values) -> None:
        self.touch(kind, ids, event)
        for row_id in ids:
            if row_id in rows:
                rows[row_id].update(values)

    @staticmethod
    def _undo_row(rows: dict, action: str, row_id: int, before: dict, fields: tuple) -> None:
        # Before a row was made or brought back, it was not there.
        if action in _APPEARS:
            rows.pop(row_id, None)
        elif action in (HistoryAction.MENTION_DELETE, HistoryAction.QUOTE_DELETE):
            if before.get("origin") == Origin.MACHINE:
                rows[row_id] = {k: before.get(k) for k in fields}
        elif row_id in rows:
            rows[row_id].update({k: v for k, v in before.items() if k in fields})


def _events_since(article: Article, version: PublishedVersion | None):
    events = AnnotationEvent.objects.filter(article=article).select_related("actor")
    if version is not None:
        return events.filter(article_version__gt=version.source_version)
    last_pretag = events.filter(action=HistoryAction.PRETAG).order_by("-id").first()
    if last_pretag is not None:
        events = events.filter(id__gt=last_pretag.id)
    return events


def _speaker(row: dict, body: str, names: dict[int, str]) -> str:
    if row.get("speaker_entity") is not None:
        return names.get(row["speaker_entity"], "")
    if row.get("speaker"):
        return body[row["speaker"][0] : row["speaker"][1]]
    return row.get("speaker_type") or ""


def _items(rows: dict[int, dict], kind: str, body: str, names: dict[int, str]) -> dict[int, Item]:
    items = {}
    for row_id, row in rows.items():
        if kind == ENTITY:
            group_id, label, group = row["entity"], row["label"], names.get(row["entity"], "")
        else:
            group_id, label, group = row["speaker_entity"], row["kind"], _speaker(row, body, names)
        items[row_id] = Item(
            kind, row_id, row["start"], row["end"], label, group, row["status"], group_id
        )
    return items


def _compare(before: Item, after: Item, *, by_id: bool) -> list[str]:
    what = []
    if before.label != after.label:
        what.append(RELABELLED)
    if (before.start, before.end) != (after.start, after.end):
        what.append(RESIZED)
    if by_id and before.kind == ENTITY:
        same_group = before.group_id == after.group_id
    else:
        same_group = before.group == after.group
    if not same_group:
        what.append(REGROUPED if before.kind == ENTITY else REATTRIBUTED)
    return what


def net_diff(*, article: Article) -> NetDiff:
    """What changed since the machine's suggestions, or since the last published version."""
    version = PublishedVersion.objects.filter(article=article).order_by("-number").first()
    events = list(_events_since(article, version).order_by("-created_at", "-id"))
    names = dict(Entity.objects.filter(article=article).values_list("id", "name"))
    mentions = {m.id: _mention_row(m) for m in EntityMention.objects.filter(article=article)}
    quotes = {q.id: _quote_row(q) for q in Quote.objects.filter(article=article)}
    body = article.body
    walk = _Walk(mentions={}, quotes={}, names=dict(names))
    if version is None:
        machine = set(
            EntityMention.objects.filter(article=article, origin=Origin.MACHINE).values_list(
                "id", flat=True
            )
        )
        machine_quotes = set(
            Quote.objects.filter(article=article, origin=Origin.MACHINE).values_list(
                "id", flat=True
            )
        )
        walk.mentions = {i: dict(r) for i, r in mentions.items() if i in machine}
        walk.quotes = {i: dict(r) for i, r in quotes.items() if i in machine_quotes}
        for event in events:
            walk.undo(event)
        diff = NetDiff(since="the machine's suggestions")
        for kind, base, now in (
            (ENTITY, walk.mentions, mentions),
            (QUOTE, walk.quotes, quotes),
        ):
            _pair_by_id(
                diff, kind, _items(base, kind, body, walk.names), _items(now, kind, body, names)
            )
    else:
        for event in events:
            walk.undo(event)  # only to learn who touched what
        diff = NetDiff(since=f"version {version.number}")
        _pair_published(diff, version, _items(mentions, ENTITY, body, names), ENTITY)
        _pair_published(diff, version, _items(quotes, QUOTE, body, names), QUOTE)
    for change in diff.changes:
        row_id = (change.after or change.before).id
        event = walk.touched.get((change.kind, row_id)) if row_id is not None else None
        if event is not None:
            change.who = event.actor.get_username() if event.actor else "pre-tagger"
            change.when = event.created_at
    return diff


def _pair_by_id(diff: NetDiff, kind: str, base: dict[int, Item], now: dict[int, Item]) -> None:
    for row_id, before in base.items():
        after = now.get(row_id)
        if after is None or after.status == Status.REJECTED:
            diff.changes.append(Change(kind, before, after, [REJECTED]))
            continue
        what = _compare(before, after, by_id=True)
        if not what:
            what = [ACCEPTED if after.status == Status.ACCEPTED else UNREVIEWED]
        diff.changes.append(Change(kind, before, after, what))
    for row_id, after in now.items():
        if row_id not in base and after.status != Status.REJECTED:
            diff.changes.append(Change(kind, None, after, [ADDED]))


def _published_items(version: PublishedVersion, kind: str) -> list[Item]:
    if kind == ENTITY:
        return [
            Item(ENTITY, None, e["start"], e["end"], e["label"], e.get("entity") or "")
            for e in version.annotations["entities"]
        ]
    items = []
    for q in version.annotations["quotes"]:
        speaker = q.get("speaker_entity") or (q.get("speaker") or {}).get("text") or ""
        items.append(
            Item(QUOTE, None, q["start"], q["end"], q["kind"], speaker or q["speaker_type"])
        )
    return items


def _pair_published(diff: NetDiff, version: PublishedVersion, now: dict[int, Item], kind: str):
    """Published items carry no row ids: pair them with the accepted rows by span, exactly
    first, then by overlap."""
    left = _published_items(version, kind)
    current = sorted(now.values(), key=lambda i: (i.start, i.end))
    accepted = [i for i in current if i.status == Status.ACCEPTED]
    paired: set[int] = set()

    def take(before: Item, test) -> Item | None:
        for after in accepted:
            if id(after) not in paired and test(before, after):
                paired.add(id(after))
                return after
        return None

    rest = []
    for before in left:
        after = take(before, lambda b, a: (b.start, b.end, b.label) == (a.start, a.end, a.label))
        if after is None:
            rest.append(before)
        else:
            diff.changes.append(
                Change(kind, before, after, _compare(before, after, by_id=False) or [ACCEPTED])
            )
    for before in rest:
        after = take(before, lambda b, a: a.start < b.end and b.start < a.end)
        if after is None:
            diff.changes.append(Change(kind, before, None, [REJECTED]))
        else:
            diff.changes.append(Change(kind, before, after, _compare(before, after, by_id=False)))
    for after in accepted:
        if id(after) not in paired:
            diff.changes.append(Change(kind, None, after, [ADDED]))
    for after in current:
        if after.status == Status.SUGGESTED:
            diff.changes.append(Change(kind, None, after, [UNREVIEWED]))
