"""Roles and recorded gender on registry entries."""

import django.db.models.deletion
from django.db import migrations, models

from apps.core.folding import DROP_FOLD_FUNCTION_SQL, FOLD_FUNCTION_SQL

SEEDED_ROLES = ["official", "politician", "expert", "business", "citizen", "campaigner", "police"]


def seed_roles(apps, schema_editor):
    role_model = apps.get_model("annotations", "SpeakerRole")
    for name in SEEDED_ROLES:
        role_model.objects.get_or_create(name=name)


class Migration(migrations.Migration):
    dependencies = [("annotations", "0003_workspace_registry")]

    operations = [
        migrations.RunSQL(FOLD_FUNCTION_SQL, DROP_FOLD_FUNCTION_SQL),
        migrations.CreateModel(
            name="SpeakerRole",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("name", models.CharField(max_length=100, unique=True)),
            ],
            options={
                "ordering": ["name"],
                "constraints": [
                    models.CheckConstraint(
                        condition=models.Q(("name", ""), _negated=True), name="role_name_not_empty"
                    )
                ],
            },
        ),
        migrations.AddField(
            model_name="registryentity",
            name="gender",
            field=models.CharField(
                blank=True,
                choices=[
                    ("", "not recorded"),
                    ("woman", "woman"),
                    ("man", "man"),
                    ("non_binary", "non-binary"),
                    ("other", "another gender"),
                ],
                max_length=12,
            ),
        ),
        migrations.AddField(
            model_name="registryentity",
            name="role",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="entities",
                to="annotations.speakerrole",
            ),
        ),
        migrations.RunPython(seed_roles, migrations.RunPython.noop),
    ]
