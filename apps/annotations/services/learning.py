"""What published versions teach the pre-tagger: the labels people confirmed for each form."""

from __future__ import annotations

from collections.abc import Iterable

from django.db import transaction

from apps.annotations.models import ConfirmedLabel
from apps.articles.models import Article
from apps.nlp.knowledge import surface_key
from apps.nlp.wire import EntityWire


def confirmed_labels_record(*, article: Article, mentions: Iterable[EntityWire]) -> None:
    """The labels of an article's newly published version replace those of the one before."""
    rows = {(surface_key(m["text"])[:300], m["label"]) for m in mentions if surface_key(m["text"])}
    with transaction.atomic():
        ConfirmedLabel.objects.filter(article=article).delete()
        ConfirmedLabel.objects.bulk_create(
            [ConfirmedLabel(article=article, surface=s, label=label) for s, label in rows],
            batch_size=1000,
        )


def confirmed_labels_forget(*, article: Article) -> None:
    """A retracted article teaches nothing any more."""
    ConfirmedLabel.objects.filter(article=article).delete()
