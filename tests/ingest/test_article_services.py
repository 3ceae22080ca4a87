import json

import pytest
from django.db import IntegrityError, connection, transaction
from django.test import override_settings

from apps.annotations.models import AnnotationEvent, Entity, EntityMention, Origin, Status
from apps.articles.models import Article, TaggingState
from apps.articles.normalise import IngestError
from apps.articles.services import DuplicateArticle
from apps.ingest.services import article_ingest, article_ingest_upload, article_retag
from tests.conftest import SAMPLE_TEXT, run_jobs


def queued_jobs() -> list[tuple]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT task_name, args::text FROM procrastinate_jobs WHERE status = 'todo' ORDER BY id"
        )
        return [(name, json.loads(args)) for name, args in cursor.fetchall()]


@pytest.mark.django_db
def test_create_stores_canonical_body_and_queues_pretagging_in_the_same_transaction():
    article = article_ingest(
        title="", raw="Line one\n\nLine <b>two</b>", fmt="txt", created_by=None
    )
    assert article.body == "Line one\n\nLine two"
    assert article.title == "Line one"  # taken from the first line
    assert article.tagging_state == TaggingState.QUEUED
    assert queued_jobs() == [
        ("apps.annotations.tasks.pretag_articles", {"article_ids": [article.id]})
    ]


@pytest.mark.django_db
def test_duplicate_body_is_refused_and_nothing_is_stored(make_article):
    first = make_article("Same text about Jane Doe.")
    with pytest.raises(DuplicateArticle) as info:
        article_ingest(
            title="Other", raw="<p>Same text about Jane Doe.</p>", fmt="html", created_by=None
        )
    assert info.value.existing == first
    assert Article.objects.count() == 1
    assert len(queued_jobs()) == 1


@pytest.mark.django_db
@override_settings(NEWSDESK_MAX_UPLOAD_BYTES=1000, NEWSDESK_MAX_BODY_CHARS=500)
@pytest.mark.parametrize(
    ("data", "filename", "message"),
    [
        (b"", "a.txt", "empty"),
        (b"x" * 1001, "a.txt", "too large"),
        (b"word " * 150, "a.txt", "too long"),
        (b"\x00\x01\x02binary", "a.txt", "binary"),
        ("caf\u00e9".encode("latin-1"), "a.txt", "not UTF-8"),
        (b"hello", "a.exe", "Only .txt"),
        (b"<script>x()</script>", "a.html", "no text"),
    ],
)
def test_bad_uploads_are_refused_and_nothing_is_stored(data, filename, message):
    with pytest.raises(IngestError, match=message):
        article_ingest_upload(data=data, filename=filename, created_by=None, title="T")
    assert Article.objects.count() == 0
    assert queued_jobs() == []


@pytest.mark.django_db(transaction=True)
def test_worker_pretags_entities_grouped_under_canonical_names(make_article):
    article = make_article(SAMPLE_TEXT)
    run_jobs()
    article.refresh_from_db()
    assert article.tagging_state == TaggingState.DONE, article.tagging_error
    assert article.tagger_version.startswith("en_core_web_sm")
    maliki = Entity.objects.get(article=article, name="Nouri Al Maliki")
    forms = set(maliki.mentions.values_list("text", flat=True))
    # OntoNotes spans: "Mr" stays outside the mention, which still groups under the person.
    assert forms == {"Nouri Al Maliki", "Al Maliki", "Maliki"}
    assert maliki.label == "PERSON"
    assert AnnotationEvent.objects.filter(article=article, action="pretag").count() == 1


@pytest.mark.django_db(transaction=True)
def test_running_the_job_twice_never_duplicates_and_keeps_human_work(make_article):
    article = make_article(SAMPLE_TEXT)
    run_jobs()
    count = EntityMention.objects.filter(article=article).count()
    accepted = EntityMention.objects.filter(article=article).first()
    accepted.status = Status.ACCEPTED
    accepted.save()
    rejected = EntityMention.objects.filter(article=article).last()
    rejected.status = Status.REJECTED
    rejected.save()

    # The same job again does nothing: the article is done.
    from apps.annotations.tasks import pretag_articles

    pretag_articles.defer(article_ids=[article.id])
    run_jobs()
    assert EntityMention.objects.filter(article=article).count() == count

    # Re-tagging replaces untouched suggestions only.
    article_retag(article=article)
    run_jobs()
    article.refresh_from_db()
    assert article.tagging_state == TaggingState.DONE
    assert EntityMention.objects.filter(article=article).count() == count
    accepted.refresh_from_db()
    rejected.refresh_from_db()
    assert (accepted.status, rejected.status) == (Status.ACCEPTED, Status.REJECTED)


@pytest.mark.django_db(transaction=True)
def test_a_failing_tagger_marks_the_article_failed_with_the_reason(make_article, monkeypatch):
    article = make_article("Jane Doe visited Paris.")

    def broken(*args, **kwargs):
        raise RuntimeError("model exploded")

    monkeypatch.setattr("apps.annotations.services.pretag.pretag_texts", broken)
    run_jobs()
    article.refresh_from_db()
    assert article.tagging_state == TaggingState.FAILED
    assert "model exploded" in article.tagging_error

    monkeypatch.undo()
    article_retag(article=article)
    article.refresh_from_db()
    assert article.tagging_state == TaggingState.QUEUED and article.tagging_error == ""
    run_jobs()
    article.refresh_from_db()
    assert article.tagging_state == TaggingState.DONE


@pytest.mark.django_db
def test_the_database_refuses_spans_outside_the_body(make_article):
    article = make_article("Short body.")
    for start, end in [(0, 99), (5, 5), (6, 2)]:
        with pytest.raises(IntegrityError), transaction.atomic():
            EntityMention.objects.create(
                article=article, start=start, end=end, label="ORG", text="x", origin=Origin.HUMAN
            )
    EntityMention.objects.create(
        article=article, start=0, end=11, label="ORG", text="Short body.", origin=Origin.HUMAN
    )
    machine = {"article": article, "start": 0, "end": 5, "label": "ORG", "text": "Short"}
    EntityMention.objects.create(**machine)
    with pytest.raises(IntegrityError), transaction.atomic():
        EntityMention.objects.create(**machine)
