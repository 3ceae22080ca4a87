"""Giving the role groups their permissions from inside a migration, with historical models."""

from __future__ import annotations

from django.contrib.auth.management import create_permissions

from apps.accounts.roles import ROLE_PERMISSIONS


def role_permissions_grant(apps, schema_editor) -> None:
    """A `RunPython` step: each role group gets every permission of its role that exists yet.

    Permissions are normally created after all migrations; they are created here, from the
    migration state, so that the groups can be given theirs in the same run. A permission of
    an app not migrated yet is granted by that app's own migration, which runs this again.
    """
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    group_model = apps.get_model("auth", "Group")
    permission_model = apps.get_model("auth", "Permission")
    for role, codes in ROLE_PERMISSIONS.items():
        group, _ = group_model.objects.get_or_create(name=role)
        wanted = []
        for code in codes:
            app_label, codename = code.split(".")
            permission = permission_model.objects.filter(
                content_type__app_label=app_label, codename=codename
            ).first()
            if permission is not None:
                wanted.append(permission)
        group.permissions.set(wanted)
