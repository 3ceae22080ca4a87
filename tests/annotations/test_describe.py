"""History rows read as sentences."""

import pytest

from apps.annotations import services
from apps.annotations.describe import event_sentences
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
