"""The database refuses spans past the body's end, checking only when an end offset changes."""

import pytest
from django.db import IntegrityError, connection, transaction

from apps.annotations.models import EntityMention, Origin, Quote, Status

pytestmark = pytest.mark.django_db

TEXT = "Jane Doe 👩‍💻 met John Roe in Paris."


@pytest.fixture
def article(make_article):
    return make_article(TEXT)


def mention(article, start, end, **fields):
    return EntityMention(
        article=article,
        start=start,
        end=end,
        label="PERSON",
        text="x",
        origin=Origin.HUMAN,
        **fields,
    )


def test_the_stored_body_length_counts_code_points(article):
    article.refresh_from_db()
    assert article.body_length == len(TEXT) == len(article.body)


def test_inserts_past_the_end_are_refused_one_by_one_and_in_bulk(article):
    with pytest.raises(IntegrityError, match="past the end"), transaction.atomic():
        mention(article, 0, len(TEXT) + 1).save()
    with pytest.raises(IntegrityError, match="past the end"), transaction.atomic():
        EntityMention.objects.bulk_create(
            [mention(article, 0, 4), mention(article, 5, len(TEXT) + 1), mention(article, 5, 8)]
        )
    assert not EntityMention.objects.exists()
    EntityMention.objects.bulk_create([mention(article, 0, 4), mention(article, 0, len(TEXT))])
    assert EntityMention.objects.count() == 2


@pytest.mark.parametrize("column", ["end", "cue_end", "speaker_end"])
def test_every_end_of_a_quote_is_checked_on_insert_and_update(article, column):
    spans = {"cue_start": 0, "cue_end": 4, "speaker_start": 0, "speaker_end": 4}
    quote = Quote.objects.create(article=article, start=0, end=8, text="x", kind="direct", **spans)
    with pytest.raises(IntegrityError), transaction.atomic():
        Quote.objects.filter(id=quote.id).update(**{column: len(TEXT) + 1})
    with pytest.raises(IntegrityError), transaction.atomic():
        Quote.objects.create(
            article=article,
            text="x",
            kind="direct",
            **{"start": 0, "end": 8, **spans, column: len(TEXT) + 1},
        )
    Quote.objects.filter(id=quote.id).update(**{column: len(TEXT)})


def test_an_update_is_checked_only_when_an_end_offset_changes(article):
    row = EntityMention.objects.create(
        article=article, start=0, end=4, label="PERSON", text="Jane", origin=Origin.HUMAN
    )
    # A row already past the end (stored while the insert check was off) shows which updates
    # run the check: a status, label or entity change does not; a new end does.
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        cursor.execute("ALTER TABLE annotations_entitymention DISABLE TRIGGER USER")
        cursor.execute(
            'UPDATE annotations_entitymention SET "end" = %s WHERE id = %s',
            [len(TEXT) + 5, row.id],
        )
        cursor.execute("ALTER TABLE annotations_entitymention ENABLE TRIGGER USER")
    EntityMention.objects.filter(id=row.id).update(status=Status.ACCEPTED, label="ORG")
    row.refresh_from_db()
    row.status = Status.REJECTED
    row.save()  # every column is written, none changed: no check
    with pytest.raises(IntegrityError, match="past the end"), transaction.atomic():
        EntityMention.objects.filter(id=row.id).update(end=len(TEXT) + 6)
    EntityMention.objects.filter(id=row.id).update(end=len(TEXT))
