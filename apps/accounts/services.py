from __future__ import annotations

import datetime
import hashlib
import hmac
import secrets

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractUser, Group, Permission
from django.db import connection, transaction
from django.utils import timezone

from apps.accounts.models import ApiKey, ApiKeyScope, ApiKeyUse
from apps.accounts.permissions import can_bring_in
from apps.accounts.roles import ADMIN, ROLE_PERMISSIONS, ROLES


def roles_ensure() -> None:
    """Create the role groups and give each exactly its permissions."""
    with transaction.atomic():
        for role, codes in ROLE_PERMISSIONS.items():
            group, _ = Group.objects.get_or_create(name=role)
            permissions = []
            for code in codes:
                app_label, codename = code.split(".")
                permissions.append(
                    Permission.objects.get(content_type__app_label=app_label, codename=codename)
                )
            group.permissions.set(permissions)


def user_create_with_role(*, username: str, password: str, role: str) -> AbstractUser:
    """Create (or reset) a user in one role; the admin role is also a Django superuser."""
    if role not in ROLES:
        raise ValueError(f"Unknown role {role!r}")
    user_model = get_user_model()
    with transaction.atomic():
        user, _ = user_model.objects.get_or_create(username=username)
        user.set_password(password)
        user.is_staff = role == ADMIN
        user.is_superuser = role == ADMIN
        user.save()
        user.groups.set([Group.objects.get(name=role)])
    return user


class ApiKeyError(ValueError):
    pass


def _key_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def api_key_create(*, user: AbstractUser, name: str, scopes: list[str]) -> tuple[ApiKey, str]:
    """Make a key for `user`; returns it with the token, which is never shown again."""
    name = " ".join(name.split())[:100]
    if not name:
        raise ApiKeyError("Give the key a name, e.g. the system that will use it.")
    scopes = sorted(set(scopes))
    if not scopes or not set(scopes) <= set(ApiKeyScope.values):
        raise ApiKeyError("Choose the key's scopes: read, import or both.")
    if ApiKeyScope.IMPORT in scopes and not can_bring_in(user):
        raise ApiKeyError("Only people who may bring in articles can make import keys.")
    prefix = secrets.token_hex(4)
    token = f"nd_{prefix}_{secrets.token_urlsafe(32)}"
    key = ApiKey.objects.create(
        user=user, name=name, prefix=prefix, hashed=_key_hash(token), scopes=scopes
    )
    return key, token


def api_key_revoke(*, key: ApiKey, actor: AbstractUser) -> ApiKey:
    if key.user_id != actor.pk and not actor.is_superuser:
        raise ApiKeyError("This is not your key.")
    ApiKey.objects.filter(pk=key.pk, revoked_at__isnull=True).update(revoked_at=timezone.now())
    key.refresh_from_db()
    return key


def api_key_authenticate(*, token: str) -> ApiKey | None:
    """The active key `token` is, with its user, or None (unknown, revoked, user inactive)."""
    parts = token.split("_", 2)  # the secret itself may hold "_"
    if len(parts) != 3 or parts[0] != "nd" or len(token) > 200:
        return None
    key = ApiKey.objects.active().select_related("user").filter(prefix=parts[1]).first()
    if key is None or not hmac.compare_digest(key.hashed, _key_hash(token)):
        return None
    if not key.user.is_active:
        return None
    return key


def api_key_count_request(*, key: ApiKey) -> int:
    """Count one request of `key` in the current minute; returns the minute's count so far.

    The counter is a PostgreSQL row per key and minute, incremented by one upsert: every web
    process on every machine shares it (a per-process cache would multiply the limit by the
    number of processes), and it needs no other service.
    """
    with connection.cursor() as cursor:
        cursor.execute(
            f"""
            INSERT INTO {ApiKeyUse._meta.db_table} AS use (key_id, minute, count)
            VALUES (%s, date_trunc('minute', now()), 1)
            ON CONFLICT (key_id, minute) DO UPDATE SET count = use.count + 1
            RETURNING count
            """,  # noqa: S608 - the table name is the model's own
            [key.pk],
        )
        (count,) = cursor.fetchone()
    if count == 1:  # the key's first request this minute: note it, and forget old minutes
        now = timezone.now()
        ApiKey.objects.filter(pk=key.pk).update(last_used_at=now)
        ApiKeyUse.objects.filter(key=key, minute__lt=now - datetime.timedelta(hours=1)).delete()
    return count
