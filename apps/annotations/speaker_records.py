"""What a newsroom records about a source in the registry: a role and a gender, never inferred."""

from __future__ import annotations

from django.db import transaction

from apps.annotations.models import RecordedGender, RegistryEntity, SpeakerRole


class RecordRefused(ValueError):
    """Shown to the user as it is."""


def speaker_role_create(*, name: str) -> SpeakerRole:
    """A role for the newsroom's list; an existing one of the same name is returned."""
    name = " ".join(name.split()).lower()[:100]
    if not name:
        raise RecordRefused("A role needs a name.")
    role, _ = SpeakerRole.objects.get_or_create(name=name)
    return role


def registry_record_set(
    *, entry_id: int, role: SpeakerRole | None, new_role: str = "", gender: str
) -> RegistryEntity:
    """Set (or clear, with None and "") the role and the gender recorded for an entry."""
    if gender not in RecordedGender.values:
        raise RecordRefused("Choose a recorded gender from the list, or leave it not recorded.")
    with transaction.atomic():
        if new_role.strip():
            role = speaker_role_create(name=new_role)
        entry = RegistryEntity.objects.select_for_update().get(id=entry_id)
        entry.role, entry.gender = role, gender
        entry.save(update_fields=["role", "gender", "updated_at"])
    return entry
