"""How long texts are stored: lz4-compressed where the server was built with it."""

import pytest
from django.db import connection

from apps.articles.models import Article
from apps.core.bulk import server_has_lz4


def _stored(column: str, table: str = "articles_article") -> tuple[str, str]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT attstorage, attcompression FROM pg_attribute"
            " WHERE attrelid = %s::regclass AND attname = %s",
            [table, column],
        )
        return cursor.fetchone()


def _server_has_lz4() -> bool:
    with connection.cursor() as cursor:
        return server_has_lz4(cursor)


@pytest.mark.django_db
def test_body_and_original_use_lz4_where_the_server_has_it():
    expected = "l" if _server_has_lz4() else ""  # "" is the server's default, pglz
    assert _stored("body") == ("x", expected)  # x: compressed, then moved out of the row
    assert _stored("original") == ("x", expected)


@pytest.mark.django_db
def test_an_import_file_is_compressed_with_lz4_or_else_not_at_all():
    # e: moved out of the row uncompressed (pglz costs more than it saves on megabytes).
    expected = ("x", "l") if _server_has_lz4() else ("e", "")
    assert _stored("text", "ingest_importupload") == expected
    assert _stored("data", "ingest_importupload") == ("e", "")  # zip files are compressed


@pytest.mark.django_db
def test_a_long_body_is_stored_compressed_and_read_back_whole(make_article):
    body = " ".join(["The council met on Tuesday and voted to keep the library open."] * 4000)
    article = make_article(body)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_column_size(body), pg_column_compression(body)"
            " FROM articles_article WHERE id = %s",
            [article.id],
        )
        size, method = cursor.fetchone()
    assert size < len(body) / 10
    assert method == ("lz4" if _server_has_lz4() else "pglz")
    assert Article.objects.get(id=article.id).body == body
