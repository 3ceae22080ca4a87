from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser
from django.db.models import QuerySet

from apps.accounts.models import ApiKey


def api_keys_of(*, user: AbstractBaseUser) -> QuerySet[ApiKey]:
    """The user's keys, active ones first, newest first; never their hashes."""
    return (
        ApiKey.objects.filter(user=user)
        .defer("hashed")
        .order_by("revoked_at", "-created_at", "-id")
    )
