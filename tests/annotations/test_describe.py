"""History rows read as sentences."""

import pytest

from apps.annotations import services
from apps.annotations.describe import _Names, event_sentences
from apps.annotations.models import AnnotationEvent, Entity, EntityMention, Quote
from tests.annotations.factories import annotate

pytestmark = pytest.mark.django_db

TEXT = "Trump met David Okafor. “We have been told nothing,” Okafor said."


def act(article, user, name, **arguments):
    article.refresh_from_db()
    return getattr(services, name)(
        article_id=article.id, version=article.version, actor=user, **arguments
    )


def test_history_as_sentences(make_article, make_user):
    article = annotate(
        make_article(TEXT),
        mentions=[("Trump", "ORG", "Trump"), ("David Okafor", "PERSON", "David Okafor")],
        quotes=[("We have been told nothing,", "direct")],
    )
    user = make_user("annotator")
    trump = EntityMention.objects.get(article=article, text="Trump")
    act(article, user, "mention_update", id=trump.id, label="PERSON")
    okafor = EntityMention.objects.get(article=article, text="David Okafor")
    act(
        article,
        user,
        "quote_update",
        id=Quote.objects.get(article=article).id,
        speaker=[okafor.start, okafor.end],
        speaker_entity=Entity.objects.get(name="David Okafor").id,
        speaker_type="named",
    )
    act(article, user, "mention_delete", id=trump.id)
    events = AnnotationEvent.objects.filter(article=article).order_by("id")
    sentences = list(event_sentences(article=article, events=events).values())
    assert sentences == [
        "annotator relabelled ‘Trump’ ORG → PERSON",
        "annotator set the speaker of ‘We have been told nothing,’ to David Okafor",
        "annotator deleted ‘Trump’ (PERSON)",
    ]


def test_one_event_described_alone_names_its_entities_and_reads_only_its_rows(
    make_article, make_user
):
    text = TEXT + " Okafor left." + " Trump spoke." * 200
    article = annotate(
        make_article(text),
        mentions=[
            ("Trump", "PERSON", "Trump"),
            ("David Okafor", "PERSON", "David Okafor"),
            ("Okafor", "PERSON", "Okafor"),
            ("Okafor", "PERSON", "Okafor"),
        ]
        + [("Trump", "PERSON", "Trump")] * 200,
    )
    user = make_user("annotator")
    okafor, david = Entity.objects.get(name="Okafor"), Entity.objects.get(name="David Okafor")
    moved = EntityMention.objects.filter(entity=okafor).order_by("start").last()
    # The workspace describes each event on its own, as it is saved.
    act(article, user, "mention_update", id=moved.id, entity=david.id)
    move = AnnotationEvent.objects.filter(article=article).latest("id")
    assert event_sentences(article=article, events=[move]) == {
        move.id: "annotator moved ‘Okafor’ from Okafor to David Okafor"
    }
    names = _Names(article, [move])
    assert set(names.mentions) == {moved.id} and not names.quotes
    assert set(names.entities) == {okafor.id, david.id}
    act(article, user, "entity_merge", id=okafor.id, into=david.id)
    merge = AnnotationEvent.objects.filter(article=article).latest("id")
    assert event_sentences(article=article, events=[merge]) == {
        merge.id: "annotator merged Okafor into David Okafor"
    }
