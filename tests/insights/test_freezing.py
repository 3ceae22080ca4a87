"""Approval stores what insights count: nesting, the speaker's label and registry entry."""

from __future__ import annotations

import pytest

from apps.annotations.models import Entity, Quote, RegistryEntity, Status
from apps.insights import selectors
from apps.insights.selectors import InsightFilters
from apps.publishing import services
from apps.publishing.models import PublishedEntity, PublishedQuote

pytestmark = pytest.mark.django_db


def test_a_partial_quote_inside_a_direct_quote_counts_once(tagged_article, make_user):
    article = tagged_article()
    knights = Entity.objects.get(article=article, name="Michael Knights")
    entry = RegistryEntity.objects.create(name="Michael Knights", label="PERSON", gender="man")
    knights.registry = entry
    knights.save()
    direct = Quote.objects.get(article=article)
    inner = article.body.index("rebuild")
    Quote.objects.create(
        article=article, start=inner, end=inner + 7, text="rebuild", kind="partial",
        speaker_entity=knights, speaker_type="named", status=Status.ACCEPTED,
    )  # fmt: skip
    annotator, reviewer = make_user("annotator"), make_user("reviewer")
    services.annotation_start(article=article, actor=annotator)
    services.review_request(article=article, actor=annotator)
    version = services.review_approve(article=article, actor=reviewer)

    rows = list(PublishedQuote.objects.filter(version=version).order_by("start"))
    assert [(q.start, q.nested) for q in rows] == [(direct.start, False), (inner, True)]
    assert {(q.speaker_label, q.speaker_registry_id) for q in rows} == {("PERSON", entry.id)}
    # Only accepted mentions are published: Baghdad was left a suggestion.
    assert list(
        PublishedEntity.objects.filter(version=version).values_list("name", "mentions")
    ) == [("Michael Knights", 1)]
    filters = InsightFilters()
    assert selectors.quote_kinds(filters=filters).total == 1
    assert selectors.top_speakers(filters=filters).rows[0]["quotes"] == 1
    genders = {r["gender"]: r["quotes"] for r in selectors.speakers_by_gender(filters=filters).rows}
    assert genders["man"] == 1

    services.article_retract(article=article, actor=reviewer, reason="Wrong attribution")
    assert selectors.quote_kinds(filters=filters).total == 0
