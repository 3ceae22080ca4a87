# Joins the line that added who has a workspace open to the others.

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("annotations", "0005_presence"),
        ("annotations", "0008_merge_registry_attributes"),
    ]

    operations = []
