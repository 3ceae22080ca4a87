# The import models moved from the articles app to ingest; their tables are renamed, their rows kept.

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('articles', '0002_import_batches'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[
                migrations.RunSQL(
                    'ALTER TABLE articles_importbatch RENAME TO ingest_importbatch',
                    'ALTER TABLE ingest_importbatch RENAME TO articles_importbatch',
                ),
                migrations.RunSQL(
                    'ALTER TABLE articles_importitem RENAME TO ingest_importitem',
                    'ALTER TABLE ingest_importitem RENAME TO articles_importitem',
                ),
            ],
            state_operations=[
                migrations.CreateModel(
                    name='ImportBatch',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('kind', models.CharField(choices=[('csv', 'CSV file'), ('jsonl', 'JSONL file'), ('zip', 'zip of .txt, .md and .html files'), ('urls', 'web addresses')], max_length=8)),
                        ('filename', models.CharField(blank=True, max_length=255)),
                        ('annotation_mode', models.CharField(choices=[('pretag', 'ignore them and run the pre-tagger'), ('suggested', 'import them as suggestions to review'), ('accepted', 'import them as accepted annotations')], default='pretag', max_length=10)),
                        ('created_at', models.DateTimeField(auto_now_add=True)),
                        ('finished_at', models.DateTimeField(blank=True, null=True)),
                        ('created_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                    ],
                    options={
                        'db_table': 'ingest_importbatch', 'ordering': ['-created_at', '-id'],
                    },
                ),
                migrations.CreateModel(
                    name='ImportItem',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('position', models.PositiveIntegerField()),
                        ('label', models.CharField(max_length=500)),
                        ('payload', models.JSONField(blank=True, default=dict)),
                        ('status', models.CharField(choices=[('pending', 'waiting'), ('stored', 'stored'), ('duplicate', 'duplicate'), ('failed', 'failed')], default='pending', max_length=10)),
                        ('reason', models.TextField(blank=True)),
                        ('updated_at', models.DateTimeField(auto_now=True)),
                        ('article', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='articles.article')),
                        ('batch', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='items', to='ingest.importbatch')),
                    ],
                    options={
                        'db_table': 'ingest_importitem', 'ordering': ['batch_id', 'position'],
                        'indexes': [models.Index(fields=['batch', 'status'], name='import_item_batch_status')],
                        'constraints': [models.UniqueConstraint(fields=('batch', 'position'), name='import_item_position'), models.CheckConstraint(condition=models.Q(models.Q(('status', 'failed'), _negated=True), models.Q(('reason', ''), _negated=True), _connector='OR'), name='import_item_failure_has_reason')],
                    },
                ),
            ],
        ),
    ]
