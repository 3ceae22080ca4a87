from django.db import migrations

from apps.accounts.role_grants import role_permissions_grant


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("articles", "0001_initial"),
        ("annotations", "0002_spans_within_body"),
    ]

    operations = [migrations.RunPython(role_permissions_grant, migrations.RunPython.noop)]
