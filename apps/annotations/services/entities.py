"""Workspace actions on an article's entities: rename, merge, unmerge, split, link."""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser

from apps.annotations.models import (
    AnnotationEvent,
    Entity,
    EntityMention,
    HistoryAction,
    Origin,
    Quote,
    RegistryEntity,
)
from apps.annotations.services.editing import (
    TOUCHED_FIELDS,
    AnnotationRefused,
    WorkspaceChange,
    editing,
    finish,
    locked_entity,
    quotes_with_article,
)
from apps.articles.models import Article


def entity_state(entity: Entity) -> dict:
    return {"name": entity.name, "label": entity.label, "registry": entity.registry_id}


def _name_free(article: Article, name: str, label: str, but: int | None = None) -> str:
    name = name.strip()[:300]
    if not name:
        raise AnnotationRefused("An entity needs a name.")
    if Entity.objects.filter(article=article, name=name, label=label).exclude(id=but).exists():
        raise AnnotationRefused(f"This article already has an entity named {name!r}: merge them.")
    return name


def entity_rename(
    *,
    article_id: int,
    version: int,
    actor: AbstractBaseUser,
    id: int,
    name: str,  # noqa: A002
) -> WorkspaceChange:
    with editing(article_id=article_id, version=version, actor=actor) as edit:
        entity = locked_entity(edit.article, id)
        edit.touches(f"entity:{id}")
        old = entity.name
        entity.name = _name_free(edit.article, name, entity.label, but=entity.id)
        edit.touch(entity)
        entity.save(update_fields=["name", *TOUCHED_FIELDS])
        edit.record(
            HistoryAction.ENTITY_RENAME, f"entity:{id}", {"name": old}, {"name": entity.name}
        )
    return finish(edit, {"op": "entity_rename", "id": id, "name": old}, entities=[entity])


def entity_merge(
    *,
    article_id: int,
    version: int,
    actor: AbstractBaseUser,
    id: int,
    into: int,  # noqa: A002
) -> WorkspaceChange:
    """Fold one entity into another: its mentions and the quotes it spoke move over."""
    with editing(article_id=article_id, version=version, actor=actor) as edit:
        article = edit.article
        if id == into:
            raise AnnotationRefused("An entity cannot be merged into itself.")
        source, target = locked_entity(article, id), locked_entity(article, into)
        state = entity_state(source) | {"origin": source.origin}
        mention_ids = list(source.mentions.values_list("id", flat=True))
        quote_ids = list(source.quotes.values_list("id", flat=True))
        source.mentions.update(entity=target, updated_at=edit.now, **edit.touched)
        source.quotes.update(speaker_entity=target, updated_at=edit.now, **edit.touched)
        source.delete()
        edit.touch(target)
        target.save(update_fields=TOUCHED_FIELDS)
        edit.record(
            HistoryAction.ENTITY_MERGE,
            f"entity:{id}",
            state | {"mentions": mention_ids, "quotes": quote_ids},
            {"into": into, "into_name": target.name},
        )
    return finish(
        edit,
        {
            "op": "entity_unmerge",
            "id": id,
            "into": into,
            **state,
            "mentions": mention_ids,
            "quotes": quote_ids,
        },
        mentions=list(EntityMention.objects.filter(id__in=mention_ids)),
        quotes=quotes_with_article(article, quote_ids),
        entities=[target],
        deleted_entities=[id],
    )


def entity_unmerge(
    *,
    article_id: int,
    version: int,
    actor: AbstractBaseUser,
    id: int,  # noqa: A002
    into: int,
    name: str,
    label: str,
    origin: str,
    registry: int | None,
    mentions: list[int],
    quotes: list[int],
) -> WorkspaceChange:
    """Undo a merge: the entity comes back under its old id with the mentions it had."""
    with editing(article_id=article_id, version=version, actor=actor) as edit:
        article = edit.article
        if (
            not AnnotationEvent.objects.filter(
                article=article, action=HistoryAction.ENTITY_MERGE, target=f"entity:{id}"
            ).exists()
            or Entity.objects.filter(id=id).exists()
        ):
            raise Entity.DoesNotExist
        target = locked_entity(article, into)
        entity = Entity.objects.create(
            id=id,
            article=article,
            name=_name_free(article, name, label),
            label=label,
            origin=origin if origin in Origin.values else Origin.HUMAN,
            registry=RegistryEntity.objects.filter(id=registry).first() if registry else None,
            **edit.touched,
        )
        EntityMention.objects.filter(article=article, entity=target, id__in=mentions).update(
            entity=entity, updated_at=edit.now, **edit.touched
        )
        Quote.objects.filter(article=article, speaker_entity=target, id__in=quotes).update(
            speaker_entity=entity, updated_at=edit.now, **edit.touched
        )
        edit.touch(target)
        target.save(update_fields=TOUCHED_FIELDS)
        edit.record(
            HistoryAction.ENTITY_UNMERGE,
            f"entity:{id}",
            {"into": into},
            entity_state(entity) | {"mentions": mentions, "quotes": quotes},
        )
    return finish(
        edit,
        {"op": "entity_merge", "id": id, "into": into},
        mentions=list(EntityMention.objects.filter(article=article, id__in=mentions)),
        quotes=quotes_with_article(article, quotes),
        entities=[entity, target],
    )


def entity_split(
    *,
    article_id: int,
    version: int,
    actor: AbstractBaseUser,
    mentions: list[int],
    name: str = "",
) -> WorkspaceChange:
    """Move some mentions of one entity out into a new entity of their own."""
    with editing(article_id=article_id, version=version, actor=actor) as edit:
        article = edit.article
        rows = list(
            EntityMention.objects.select_for_update().filter(article=article, id__in=mentions)
        )
        if not rows or len(rows) != len(set(mentions)):
            raise EntityMention.DoesNotExist
        sources = {m.entity_id for m in rows}
        if len(sources) != 1 or None in sources:
            raise AnnotationRefused("Split mentions of one entity at a time.")
        source = locked_entity(article, sources.pop())
        wanted = (name or rows[0].text).strip()[:300]
        candidate, n = wanted, 2
        while Entity.objects.filter(article=article, name=candidate, label=source.label).exists():
            candidate, n = f"{wanted} ({n})", n + 1
        entity = Entity.objects.create(
            article=article,
            name=_name_free(article, candidate, source.label),
            label=source.label,
            origin=Origin.HUMAN,
            **edit.touched,
        )
        EntityMention.objects.filter(id__in=[m.id for m in rows]).update(
            entity=entity, updated_at=edit.now, **edit.touched
        )
        edit.touch(source)
        source.save(update_fields=TOUCHED_FIELDS)
        edit.record(
            HistoryAction.ENTITY_SPLIT,
            f"entity:{entity.id}",
            {"entity": source.id, "name": source.name},
            {"entity": entity.id, "name": entity.name, "mentions": [m.id for m in rows]},
        )
    return finish(
        edit,
        {"op": "entity_merge", "id": entity.id, "into": source.id},
        mentions=list(EntityMention.objects.filter(id__in=[m.id for m in rows])),
        entities=[entity, source],
    )


def entity_link(
    *,
    article_id: int,
    version: int,
    actor: AbstractBaseUser,
    id: int,  # noqa: A002
    registry: int | None,
) -> WorkspaceChange:
    """Say which registry entry an article's entity is (or that it is none)."""
    with editing(article_id=article_id, version=version, actor=actor) as edit:
        entity = locked_entity(edit.article, id)
        old = entity.registry_id
        entity.registry = RegistryEntity.objects.get(id=registry) if registry else None
        edit.touch(entity)
        entity.save(update_fields=["registry", *TOUCHED_FIELDS])
        edit.record(
            HistoryAction.ENTITY_LINK,
            f"entity:{id}",
            {"registry": old},
            {"registry": registry, "registry_name": entity.registry.name if registry else None},
        )
    return finish(edit, {"op": "entity_link", "id": id, "registry": old}, entities=[entity])
