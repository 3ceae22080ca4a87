from django.db import migrations


def create_roles(apps, schema_editor):
    # Permissions are normally created after all migrations; create them now so the
    # groups can be given theirs in the same run.
    from django.apps import apps as global_apps
    from django.contrib.auth.management import create_permissions

    for app_config in global_apps.get_app_configs():
        create_permissions(app_config, verbosity=0)

    from apps.accounts.services import roles_ensure

    roles_ensure()


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("articles", "0001_initial"),
        ("annotations", "0002_spans_within_body"),
    ]

    operations = [migrations.RunPython(create_roles, migrations.RunPython.noop)]
