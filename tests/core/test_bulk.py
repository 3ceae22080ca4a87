import pytest
from django.db import IntegrityError, transaction

from apps.articles.models import Article, TaggingState
from apps.articles.services import article_build
from apps.core.bulk import copy_insert

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
