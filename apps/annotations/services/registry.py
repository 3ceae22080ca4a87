"""The entity registry: entries known across articles, and linking entities to them."""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction

from apps.annotations.models import (
    HistoryAction,
    RegistryEntity,
)
from apps.annotations.services.editing import (
    TOUCHED_FIELDS,
    AnnotationRefused,
    WorkspaceChange,
    checked_label,
    editing,
    finish,
    locked_entity,
)


def registry_add(
    *,
    article_id: int,
    version: int,
    actor: AbstractBaseUser,
    id: int,  # noqa: A002
) -> WorkspaceChange:
    """Add an article's entity to the registry (or find it there) and link the two."""
    with editing(article_id=article_id, version=version, actor=actor) as edit:
        entity = locked_entity(edit.article, id)
        aliases = sorted(
            {t for t in entity.mentions.values_list("text", flat=True) if t != entity.name}
        )
        entry = registry_entity_create(
            name=entity.name, label=entity.label, aliases=aliases, actor=actor
        )
        old = entity.registry_id
        entity.registry = entry
        edit.touch(entity)
        entity.save(update_fields=["registry", *TOUCHED_FIELDS])
        edit.record(
            HistoryAction.ENTITY_LINK,
            f"entity:{id}",
            {"registry": old},
            {"registry": entry.id, "registry_name": entry.name},
        )
    return finish(edit, {"op": "entity_link", "id": id, "registry": old}, entities=[entity])


def registry_entity_create(
    *, name: str, label: str, aliases: list[str], actor: AbstractBaseUser | None
) -> RegistryEntity:
    """A registry entry by name and type; an existing one gains the new aliases."""
    name = " ".join(name.split())[:300]
    if not name:
        raise AnnotationRefused("A registry entry needs a name.")
    label = checked_label(label)
    clean = sorted({" ".join(a.split())[:300] for a in aliases if a.strip()} - {name})
    with transaction.atomic():
        entry, created = RegistryEntity.objects.select_for_update().get_or_create(
            name=name, label=label, defaults={"aliases": clean, "created_by": actor}
        )
        if not created and set(clean) - set(entry.aliases):
            entry.aliases = sorted(set(entry.aliases) | set(clean))
            entry.save(update_fields=["aliases", "updated_at"])
    return entry


def registry_entity_update(
    *, entry_id: int, name: str, label: str, aliases: list[str]
) -> RegistryEntity:
    name = " ".join(name.split())[:300]
    if not name:
        raise AnnotationRefused("A registry entry needs a name.")
    with transaction.atomic():
        entry = RegistryEntity.objects.select_for_update().get(id=entry_id)
        entry.name, entry.label = name, checked_label(label)
        entry.aliases = sorted({" ".join(a.split())[:300] for a in aliases if a.strip()} - {name})
        if (
            RegistryEntity.objects.filter(name=name, label=entry.label)
            .exclude(id=entry.id)
            .exists()
        ):
            raise AnnotationRefused(f"The registry already has {name!r} as {entry.label}.")
        entry.save()
    return entry
