# Joins the public version of each workflow and the insights' search columns.

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("publishing", "0003_insights_and_search"),
        ("publishing", "0003_public_version"),
    ]

    operations = []
