"""Who else has an article open, from the workspace's own requests."""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser
from django.utils import timezone

from apps.annotations.models import Presence


def presence_note(*, article_id: int, user: AbstractBaseUser) -> None:
    Presence.objects.update_or_create(
        article_id=article_id, user=user, defaults={"seen_at": timezone.now()}
    )
