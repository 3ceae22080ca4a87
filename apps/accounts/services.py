from __future__ import annotations

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractUser, Group, Permission
from django.db import transaction

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
