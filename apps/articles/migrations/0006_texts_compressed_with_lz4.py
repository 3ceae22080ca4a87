# An article's body and original are compressed with lz4 where the server has it: PostgreSQL's
# default (pglz) took more than half the time of storing 1,000 news articles, lz4 a fifth of
# it, for about the same space. A server built without lz4 keeps pglz.

from django.db import migrations

from apps.core.bulk import column_storage


def _compress_with(method: str):
    def run(apps, schema_editor):
        with schema_editor.connection.cursor() as cursor:
            column_storage(cursor, "articles_article", ("body", "original"), compression=method)

    return run


class Migration(migrations.Migration):
    dependencies = [("articles", "0005_article_blocks")]

    operations = [migrations.RunPython(_compress_with("lz4"), _compress_with("pglz"))]
