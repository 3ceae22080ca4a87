# An import's file is kept beside its batch until the job has read it. It is written once and
# read once, so it is stored uncompressed: compressing megabytes costs more than it saves.

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('ingest', '0001_initial'),
    ]

    operations = [
        migrations.CreateModel(
            name='ImportUpload',
            fields=[
                ('batch', models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, primary_key=True, related_name='upload', serialize=False, to='ingest.importbatch')),
                ('text', models.TextField(blank=True)),
                ('data', models.BinaryField(blank=True)),
            ],
            options={
                'db_table': 'ingest_importupload',
            },
        ),
        migrations.RunSQL(
            "ALTER TABLE ingest_importupload ALTER COLUMN text SET STORAGE EXTERNAL, "
            "ALTER COLUMN data SET STORAGE EXTERNAL",
            migrations.RunSQL.noop,
        ),
    ]
