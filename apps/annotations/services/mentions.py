"""Workspace actions on entity mentions, and on the status of many annotations at once."""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser

from apps.annotations.models import (
    Entity,
    EntityMention,
    HistoryAction,
    Origin,
    Quote,
    Status,
)
from apps.annotations.services.editing import (
    AnnotationRefused,
    Edit,
    WorkspaceChange,
    checked_label,
    checked_span,
    editing,
    finish,
    locked_entity,
    locked_mention,
    was_deleted,
)


def mention_state(m: EntityMention) -> dict:
    return {
        "start": m.start,
        "end": m.end,
        "label": m.label,
        "status": m.status,
        "entity": m.entity_id,
        "text": m.text,
    }


def _entity_for_text(edit: Edit, text: str, label: str) -> Entity:
    """The article's entity a new mention belongs to: one already named so, or a new one."""
    article = edit.article
    existing = (
        Entity.objects.filter(article=article, label=label, mentions__text=text)
        .exclude(mentions__status=Status.REJECTED)
        .first()
    ) or Entity.objects.filter(article=article, label=label, name=text).first()
    if existing:
        return existing
    return Entity.objects.create(
        article=article, name=text[:300], label=label, origin=Origin.HUMAN, **edit.touched
    )


def mention_create(
    *,
    article_id: int,
    version: int,
    actor: AbstractBaseUser,
    start: int,
    end: int,
    label: str,
    entity_id: int | None = None,
) -> WorkspaceChange:
    with editing(article_id=article_id, version=version, actor=actor) as edit:
        article = edit.article
        start, end = checked_span(article, start, end)
        edit.touches(*([f"entity:{entity_id}"] if entity_id else []), spans=[(start, end)])
        label = checked_label(label)
        text = article.body[start:end]
        entity = (
            locked_entity(article, entity_id) if entity_id else _entity_for_text(edit, text, label)
        )
        mention = EntityMention.objects.create(
            article=article,
            entity=entity,
            start=start,
            end=end,
            label=label,
            text=text[:1000],
            origin=Origin.HUMAN,
            status=Status.ACCEPTED,
            **edit.touched,
        )
        edit.record(
            HistoryAction.MENTION_CREATE, f"mention:{mention.id}", None, mention_state(mention)
        )
    return finish(
        edit, {"op": "mention_delete", "id": mention.id}, mentions=[mention], entities=[entity]
    )


_MENTION_ACTIONS = {
    frozenset({"status"}): HistoryAction.MENTION_STATUS,
    frozenset({"label"}): HistoryAction.MENTION_RELABEL,
    frozenset({"start", "end"}): HistoryAction.MENTION_RESIZE,
    frozenset({"entity"}): HistoryAction.MENTION_MOVE,
}


def mention_update(
    *,
    article_id: int,
    version: int,
    actor: AbstractBaseUser,
    id: int,  # noqa: A002 - the name the page sends
    label: str | None = None,
    status: str | None = None,
    start: int | None = None,
    end: int | None = None,
    entity: int | None = None,
) -> WorkspaceChange:
    """Accept, reject, relabel, resize, or move a mention to another entity of the article."""
    with editing(article_id=article_id, version=version, actor=actor) as edit:
        article = edit.article
        mention = locked_mention(article, id)
        new_span = (mention.start if start is None else start, mention.end if end is None else end)
        moved_to = [f"entity:{entity}"] if entity is not None else []
        edit.touches(f"mention:{id}", *moved_to, spans=[(mention.start, mention.end), new_span])
        before = mention_state(mention)
        if label is not None:
            mention.label = checked_label(label)
        if status is not None:
            if status not in Status.values:
                raise AnnotationRefused(f"{status!r} is not a status.")
            mention.status = status
        if start is not None or end is not None:
            mention.start, mention.end = checked_span(
                article,
                mention.start if start is None else start,
                mention.end if end is None else end,
            )
            mention.text = article.body[mention.start : mention.end][:1000]
        if entity is not None:
            mention.entity = locked_entity(article, entity)
        edit.touch(mention)
        mention.save()
        after = mention_state(mention)
        changed = {k for k in after if after[k] != before[k]} - {"text"}
        old = {k: before[k] for k in changed}
        edit.record(
            _MENTION_ACTIONS.get(frozenset(changed), HistoryAction.MENTION_UPDATE),
            f"mention:{mention.id}",
            old,
            {k: after[k] for k in changed},
        )
    # The answer carries only what changed: the entity only when the mention moved to it.
    return finish(
        edit,
        {"op": "mention_update", "id": mention.id, **old},
        mentions=[mention],
        entities=[mention.entity] if "entity" in changed and mention.entity else [],
    )


def mention_delete(
    *,
    article_id: int,
    version: int,
    actor: AbstractBaseUser,
    id: int,  # noqa: A002
) -> WorkspaceChange:
    with editing(article_id=article_id, version=version, actor=actor) as edit:
        mention = locked_mention(edit.article, id)
        edit.touches(f"mention:{id}", spans=[(mention.start, mention.end)])
        state = mention_state(mention) | {"origin": mention.origin}
        mention.delete()
        edit.record(HistoryAction.MENTION_DELETE, f"mention:{id}", state, None)
    state.pop("text")
    return finish(edit, {"op": "mention_restore", "id": id, **state}, deleted_mentions=[id])


def mention_restore(
    *,
    article_id: int,
    version: int,
    actor: AbstractBaseUser,
    id: int,  # noqa: A002
    start: int,
    end: int,
    label: str,
    status: str,
    origin: str,
    entity: int | None = None,
) -> WorkspaceChange:
    """Bring back a deleted mention under its old id (the undo of a delete)."""
    with editing(article_id=article_id, version=version, actor=actor) as edit:
        article = edit.article
        deleted = was_deleted(article, HistoryAction.MENTION_DELETE, f"mention:{id}")
        if not deleted or EntityMention.objects.filter(id=id).exists():
            raise EntityMention.DoesNotExist
        start, end = checked_span(article, start, end)
        entity_row = Entity.objects.filter(id=entity, article=article).first() if entity else None
        mention = EntityMention.objects.create(
            id=id,
            article=article,
            entity=entity_row,
            start=start,
            end=end,
            label=checked_label(label),
            text=article.body[start:end][:1000],
            origin=origin if origin in Origin.values else Origin.HUMAN,
            status=status if status in Status.values else Status.SUGGESTED,
            **edit.touched,
        )
        edit.record(HistoryAction.MENTION_RESTORE, f"mention:{id}", None, mention_state(mention))
    return finish(
        edit,
        {"op": "mention_delete", "id": id},
        mentions=[mention],
        entities=[entity_row] if entity_row else [],
    )


def suggestions_accept(
    *, article_id: int, version: int, actor: AbstractBaseUser, label: str | None = None
) -> WorkspaceChange:
    """Accept every suggestion still to be checked: of the article, or of one label."""
    with editing(article_id=article_id, version=version, actor=actor) as edit:
        article = edit.article
        mentions = EntityMention.objects.filter(article=article, status=Status.SUGGESTED)
        quotes = Quote.objects.filter(article=article, status=Status.SUGGESTED)
        if label:
            mentions = mentions.filter(label=checked_label(label))
            quotes = quotes.none()
        mention_ids = list(mentions.values_list("id", flat=True))
        quote_ids = list(quotes.values_list("id", flat=True))
        mentions.update(status=Status.ACCEPTED, updated_at=edit.now, **edit.touched)
        quotes.update(status=Status.ACCEPTED, updated_at=edit.now, **edit.touched)
        edit.record(
            HistoryAction.SUGGESTIONS_ACCEPT,
            f"label:{label}" if label else "article",
            {"status": Status.SUGGESTED},
            {"status": Status.ACCEPTED, "mentions": mention_ids, "quotes": quote_ids},
        )
    return _statuses_change(edit, mention_ids, quote_ids, Status.SUGGESTED)


def statuses_set(
    *,
    article_id: int,
    version: int,
    actor: AbstractBaseUser,
    mentions: list[int],
    quotes: list[int],
    status: str,
) -> WorkspaceChange:
    """Set the status of many annotations at once (the undo and redo of accept-all)."""
    if status not in Status.values:
        raise AnnotationRefused(f"{status!r} is not a status.")
    with editing(article_id=article_id, version=version, actor=actor) as edit:
        article = edit.article
        mention_rows = EntityMention.objects.filter(article=article, id__in=mentions)
        quote_rows = Quote.objects.filter(article=article, id__in=quotes)
        mention_ids = list(mention_rows.values_list("id", flat=True))
        quote_ids = list(quote_rows.values_list("id", flat=True))
        previous = Status.ACCEPTED if status == Status.SUGGESTED else Status.SUGGESTED
        mention_rows.update(status=status, updated_at=edit.now, **edit.touched)
        quote_rows.update(status=status, updated_at=edit.now, **edit.touched)
        edit.record(
            HistoryAction.STATUSES_SET,
            "article",
            {"status": previous},
            {"status": status, "mentions": mention_ids, "quotes": quote_ids},
        )
    return _statuses_change(edit, mention_ids, quote_ids, previous)


def _statuses_change(
    edit: Edit, mention_ids: list[int], quote_ids: list[int], undo_status: str
) -> WorkspaceChange:
    return finish(
        edit,
        {"op": "statuses_set", "mentions": mention_ids, "quotes": quote_ids, "status": undo_status},
        mentions=list(EntityMention.objects.filter(id__in=mention_ids)),
        quotes=list(Quote.objects.filter(id__in=quote_ids)),
    )
