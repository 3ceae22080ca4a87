"""Rows, search keys and vectors for insights and search, filled in for versions already published.

Published rows are frozen by a trigger; the backfill turns it off for its own updates only.
"""

import django.contrib.postgres.indexes
import django.contrib.postgres.search
import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


# A BEFORE trigger sees generated columns as null in NEW, so the frozen check leaves out the
# search vector (it follows from the body, which the check still covers).
FROZEN = """
CREATE OR REPLACE FUNCTION newsdesk_published_is_frozen() RETURNS trigger AS $$
BEGIN
    IF TG_TABLE_NAME = 'publishing_publishedversion' AND TG_OP = 'UPDATE'
       AND (to_jsonb(NEW) - 'is_current' - 'body_search')
           = (to_jsonb(OLD) - 'is_current' - 'body_search') THEN
        RETURN NEW;  -- only the "current" flag moved to a newer version
    END IF;
    RAISE EXCEPTION 'published versions cannot be changed (% on %)', TG_OP, TG_TABLE_NAME
        USING ERRCODE = 'integrity_constraint_violation';
END;
$$ LANGUAGE plpgsql;
"""
UNFROZEN = FROZEN.replace(" - 'body_search'", "")

BACKFILL = """
ALTER TABLE publishing_publishedquote DISABLE TRIGGER published_quote_frozen;
UPDATE publishing_publishedquote q SET nested = TRUE
WHERE EXISTS (
    SELECT 1 FROM publishing_publishedquote o
    WHERE o.version_id = q.version_id AND o.id <> q.id
      AND o.start <= q.start AND q."end" <= o."end"
      AND (o."end" - o.start > q."end" - q.start OR o.id < q.id)
);
UPDATE publishing_publishedquote q
SET speaker_label = e.label, speaker_registry_id = e.registry_id
FROM annotations_entity e
WHERE q.speaker_entity <> '' AND e.article_id = q.article_id AND e.name = q.speaker_entity;
-- Run the deferred foreign-key checks now: a table with pending ones cannot be altered.
SET CONSTRAINTS ALL IMMEDIATE;
ALTER TABLE publishing_publishedquote ENABLE TRIGGER published_quote_frozen;
INSERT INTO publishing_publishedentity (version_id, article_id, name, name_key, label, mentions)
SELECT version_id, article_id, name, '', label, count(*)
FROM (
    SELECT v.id AS version_id, v.article_id, left(e->>'entity', 300) AS name,
           left(e->>'label', 20) AS label
    FROM publishing_publishedversion v, jsonb_array_elements(v.annotations->'entities') e
) AS mention
GROUP BY version_id, article_id, name, label;
SET CONSTRAINTS ALL IMMEDIATE;
"""


def fill_search_keys(apps, schema_editor):
    """The names' search keys, computed in Python as new versions compute them."""
    from apps.core.text import search_key

    with schema_editor.connection.cursor() as cursor:
        cursor.execute(
            "ALTER TABLE publishing_publishedquote DISABLE TRIGGER published_quote_frozen"
        )
        for table, column, key in (
            ("publishing_publishedquote", "speaker_entity", "speaker_key"),
            ("publishing_publishedentity", "name", "name_key"),
        ):
            cursor.execute(f"SELECT DISTINCT {column} FROM {table} WHERE {column} <> ''")
            for (name,) in cursor.fetchall():
                cursor.execute(
                    f"UPDATE {table} SET {key} = %s WHERE {column} = %s",
                    [search_key(name)[:300], name],
                )
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        cursor.execute(
            "ALTER TABLE publishing_publishedquote ENABLE TRIGGER published_quote_frozen"
        )


class Migration(migrations.Migration):
    dependencies = [
        ("annotations", "0004_registry_roles_and_gender"),
        ("articles", "0002_import_batches"),
        ("publishing", "0002_frozen_versions_and_roles"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="PublishedEntity",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("name", models.CharField(max_length=300)),
                ("label", models.CharField(max_length=20)),
                ("mentions", models.PositiveIntegerField()),
            ],
            options={
                "ordering": ["version", "label", "name"],
            },
        ),
        migrations.AddField(
            model_name="publishedquote",
            name="nested",
            field=models.BooleanField(default=False),
        ),
        migrations.AddField(
            model_name="publishedquote",
            name="speaker_label",
            field=models.CharField(blank=True, max_length=20),
        ),
        migrations.AddField(
            model_name="publishedquote",
            name="speaker_registry",
            field=models.ForeignKey(
                blank=True,
                db_constraint=False,
                null=True,
                on_delete=django.db.models.deletion.DO_NOTHING,
                related_name="+",
                to="annotations.registryentity",
            ),
        ),
        migrations.AddField(
            model_name="publishedentity",
            name="article",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE, related_name="+", to="articles.article"
            ),
        ),
        migrations.AddField(
            model_name="publishedentity",
            name="version",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE,
                related_name="entities",
                to="publishing.publishedversion",
            ),
        ),
        migrations.AddField(
            model_name="publishedquote",
            name="text_search",
            field=models.GeneratedField(
                db_persist=True,
                expression=django.contrib.postgres.search.SearchVector("text", config="english"),
                output_field=django.contrib.postgres.search.SearchVectorField(),
            ),
        ),
        migrations.AddField(
            model_name="publishedversion",
            name="body_search",
            field=models.GeneratedField(
                db_persist=True,
                expression=django.contrib.postgres.search.SearchVector("body", config="english"),
                output_field=django.contrib.postgres.search.SearchVectorField(),
            ),
        ),
        migrations.AddConstraint(
            model_name="publishedentity",
            constraint=models.UniqueConstraint(
                fields=("version", "name", "label"), name="pentity_unique_per_version"
            ),
        ),
        migrations.AddConstraint(
            model_name="publishedentity",
            constraint=models.CheckConstraint(
                condition=models.Q(("mentions__gt", 0)), name="pentity_mentions_positive"
            ),
        ),
        migrations.AddField(
            model_name="publishedquote",
            name="speaker_key",
            field=models.CharField(blank=True, db_index=True, max_length=300),
        ),
        migrations.AddField(
            model_name="publishedentity",
            name="name_key",
            field=models.CharField(db_index=True, default="", max_length=300),
            preserve_default=False,
        ),
        migrations.AddIndex(
            model_name="publishedquote",
            index=django.contrib.postgres.indexes.GinIndex(
                fields=["text_search"], name="pquote_text_search_idx"
            ),
        ),
        migrations.AddIndex(
            model_name="publishedversion",
            index=django.contrib.postgres.indexes.GinIndex(
                fields=["body_search"], name="version_body_search_idx"
            ),
        ),
        migrations.AddIndex(
            model_name="publishedquote",
            index=models.Index(
                fields=["version"],
                include=(
                    "nested",
                    "kind",
                    "speaker_type",
                    "speaker_label",
                    "speaker_entity",
                    "article",
                    "speaker_registry",
                ),
                name="pquote_counting_idx",
            ),
        ),
        migrations.RunSQL(FROZEN, UNFROZEN),
        migrations.RunSQL(BACKFILL, migrations.RunSQL.noop),
        migrations.RunPython(fill_search_keys, migrations.RunPython.noop),
    ]
