# Joins the two lines of annotation migrations: the registry's attributes, and touched rows,
# the stored body length and confirmed labels.

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("annotations", "0004_registry_roles_and_gender"),
        ("annotations", "0007_confirmed_labels"),
    ]

    operations = []
