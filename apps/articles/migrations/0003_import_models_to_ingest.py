# The import models now live in the ingest app (its 0001 renames their tables).

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('articles', '0002_import_batches'),
        ('ingest', '0001_initial'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.DeleteModel(name='ImportItem'),
                migrations.DeleteModel(name='ImportBatch'),
            ],
        ),
    ]
