import pytest
from django.db import IntegrityError, transaction

from apps.articles.models import Article, TaggingState
from apps.articles.services import article_build
from apps.core.bulk import copy_insert, insert_columns

pytestmark = pytest.mark.django_db


def build(text: str) -> Article:
    return article_build(title="", raw=text, fmt="txt", created_by=None)


def test_copy_insert_stores_rows_with_their_defaults_and_sets_their_keys(make_article):
    before = make_article("Stored the ordinary way.")
    articles = [
        build(f"Row {n}: “quoted”, tab\there,\n\nand a second paragraph.") for n in range(3)
    ]
    copy_insert(articles)
    assert all(a.pk and a.pk > before.pk and not a._state.adding for a in articles)
    stored = Article.objects.get(pk=articles[1].pk)
    assert stored.body == articles[1].body and stored.original == articles[1].original
    assert stored.title == "Row 1: “quoted”, tab here,"
    assert stored.tagging_state == TaggingState.QUEUED and stored.version == 1
    assert stored.created_at is not None and stored.updated_at is not None
    assert make_article("And after them.").pk > articles[-1].pk  # the sequence moved on


def test_copy_insert_refuses_a_duplicate_and_stores_nothing(make_article):
    make_article("Only once.")
    with pytest.raises(IntegrityError), transaction.atomic():
        copy_insert([build("New one."), build("Only once.")])
    assert Article.objects.count() == 1


def test_insert_columns_fills_defaults_and_returns_the_new_rows(make_article):
    from apps.annotations.models import Entity, EntityMention, Origin, Status

    article = make_article("Ana Silva met Omar Haddad in Lima.")
    rows = insert_columns(
        Entity,
        {"article_id": [article.id] * 2, "name": ["Ana Silva", "Lima"], "label": ["PERSON", "GPE"]},
        returning=("id", "name"),
    )
    assert sorted(name for _, name in rows) == ["Ana Silva", "Lima"]
    ana = Entity.objects.get(name="Ana Silva")
    assert ana.origin == Origin.MACHINE and ana.registry_id is None and ana.touched_at is None
    insert_columns(
        EntityMention,
        {
            "article_id": [article.id],
            "entity_id": [ana.id],
            "start": [0],
            "end": [9],
            "label": ["PERSON"],
            "text": ["Ana Silva"],
        },
    )
    mention = EntityMention.objects.get()
    assert (mention.entity, mention.status, mention.text) == (ana, Status.SUGGESTED, "Ana Silva")
    assert mention.created_at is not None and mention.updated_at is not None


def test_insert_columns_skips_conflicts_only_when_asked_and_checks_every_rule(make_article):
    from apps.annotations.models import Entity, EntityMention

    article = make_article("Lima, again.")
    columns = {"article_id": [article.id], "name": ["Lima"], "label": ["GPE"]}
    assert len(insert_columns(Entity, columns, returning=("id",))) == 1
    assert insert_columns(Entity, columns, ignore_conflicts=True, returning=("id",)) == []
    with pytest.raises(IntegrityError), transaction.atomic():
        insert_columns(Entity, columns)
    span = {"article_id": [article.id] * 2, "label": ["GPE"] * 2, "text": ["Lima"] * 2}
    with pytest.raises(IntegrityError), transaction.atomic():  # ends past the body
        insert_columns(EntityMention, {**span, "start": [0, 7], "end": [4, 400]})
    with pytest.raises(IntegrityError), transaction.atomic():  # ends before it starts
        insert_columns(EntityMention, {**span, "start": [0, 4], "end": [4, 2]})
    assert Entity.objects.count() == 1 and not EntityMention.objects.exists()


def test_insert_columns_refuses_unknown_fields_and_ragged_columns(make_article):
    from apps.annotations.models import Entity

    article = make_article("Nothing here.")
    with pytest.raises(ValueError, match="no fields"):
        insert_columns(Entity, {"article_id": [article.id], "nickname": ["x"]})
    with pytest.raises(ValueError, match="different lengths"):
        insert_columns(Entity, {"article_id": [article.id], "name": ["a", "b"]})
    assert insert_columns(Entity, {"article_id": [], "name": []}) == []


def test_insert_columns_binds_one_row_as_plain_values_long_texts_and_bytes_included():
    from apps.ingest.models import ImportBatch, ImportKind, ImportUpload

    texts = ImportBatch.objects.create(kind=ImportKind.JSONL)
    files = ImportBatch.objects.create(kind=ImportKind.ZIP)
    text = '{"title": "Ünïcode \\u00e9", "body": "x"}\n' * 50_000 + "'; DROP TABLE x; --"
    insert_columns(ImportUpload, {"batch_id": [texts.id], "text": [text]})
    insert_columns(ImportUpload, {"batch_id": [files.id], "data": [b"PK\x03\x04\x00\xff"]})
    assert ImportUpload.objects.get(batch=texts).text == text
    assert bytes(ImportUpload.objects.get(batch=texts).data) == b""  # the field's default
    assert bytes(ImportUpload.objects.get(batch=files).data) == b"PK\x03\x04\x00\xff"
    with pytest.raises(IntegrityError), transaction.atomic():  # one upload per batch
        insert_columns(ImportUpload, {"batch_id": [files.id], "text": ["again"]})
