from __future__ import annotations

import datetime

import pytest

from apps.annotations.models import RegistryEntity, SpeakerRole
from apps.publishing.models import PublishedQuote, PublishedVersion, Stage
from tests.insights.factories import published_article


@pytest.fixture
def small_set(db):
    """Four published articles, one retracted and one superseded version; figures by hand.

    Counted quotes: 7 (the nested partial, the retracted article's and the old version's
    quotes are left out).
    """
    politician, _ = SpeakerRole.objects.get_or_create(name="politician")
    expert, _ = SpeakerRole.objects.get_or_create(name="expert")
    graham = RegistryEntity.objects.create(
        name="Sharon Graham", label="PERSON", role=politician, gender="woman"
    )
    knights = RegistryEntity.objects.create(
        name="Michael Knights", label="PERSON", role=expert, gender="man"
    )
    sg = {"speaker_entity": "Sharon Graham", "registry": graham}
    mk = {"speaker_entity": "Michael Knights", "registry": knights}
    a1 = published_article(
        date=datetime.date(2026, 3, 2),
        quotes=[
            {**sg, "text": "We will not back down on pay", "start": 0, "end": 40},
            {**sg, "text": "back down", "kind": "partial", "start": 10, "end": 20, "nested": True},
            {"text": "The talks stalled", "kind": "indirect", "speaker_type": "anonymous",
             "start": 50, "end": 70},
        ],
        entities=[("Sharon Graham", "PERSON", 3), ("Unite", "ORG", 1)],
    )  # fmt: skip
    a2 = published_article(
        date=datetime.date(2026, 3, 10),
        quotes=[
            {**sg, "text": "Workers deserve a fair deal"},
            {**mk, "text": "The harbour economy is fragile"},
            {"speaker_entity": "Unite", "speaker_type": "organisation", "speaker_label": "ORG",
             "kind": "indirect", "text": "The union rejected the offer"},
        ],
        entities=[("Sharon Graham", "PERSON", 2), ("Michael Knights", "PERSON", 1),
                  ("Unite", "ORG", 2)],
    )  # fmt: skip
    a3 = published_article(
        date=datetime.date(2026, 4, 5),
        source="Evening Star",
        quotes=[
            {"text": "Nobody wants a strike", "speaker_type": "anonymous"},
            {"speaker_entity": "Michael Knights", "kind": "partial", "text": "fragile"},
        ],
        entities=[("Michael Knights", "PERSON", 1), ("Baghdad", "GPE", 4)],
    )
    a4 = published_article(date=datetime.date(2026, 4, 20), entities=[("Baghdad", "GPE", 1)])
    published_article(
        date=datetime.date(2026, 3, 15),
        stage=Stage.RETRACTED,
        quotes=[{**sg, "text": "Retracted words"}, {**sg, "text": "More retracted words"}],
        entities=[("Sharon Graham", "PERSON", 9)],
    )
    old = PublishedVersion.objects.create(
        article=a2.article, number=0, is_current=False, source_version=1, title="Old",
        body=a2.body, annotations={"entities": [], "quotes": []}, article_date=a2.article_date,
    )  # fmt: skip
    PublishedQuote.objects.create(
        version=old, article=a2.article, start=0, end=5, text="Superseded words", kind="direct",
        speaker_entity="Old Speaker", speaker_type="named", speaker_label="PERSON",
    )  # fmt: skip
    return {"articles": [a1, a2, a3, a4], "graham": graham, "knights": knights}
