"""Articles with annotations made directly, so workspace tests need not run the model."""

from __future__ import annotations

from apps.annotations.models import Entity, EntityMention, Quote
from apps.articles.models import Article


def annotate(
    article: Article,
    mentions: list[tuple[str, str, str]] = (),
    quotes: list[tuple[str, str]] = (),
) -> Article:
    """Add suggested mentions `(text, label, entity name)` and quotes `(text, kind)`.

    Mentions are listed in text order: each is found after the one before it.
    """
    cursor = 0
    entities: dict[tuple[str, str], Entity] = {}
    for text, label, name in mentions:
        start = article.body.index(text, cursor)
        cursor = start + len(text)
        entity = entities.get((name, label))
        if entity is None:
            entity = entities[(name, label)] = Entity.objects.create(
                article=article, name=name, label=label
            )
        EntityMention.objects.create(
            article=article,
            entity=entity,
            start=start,
            end=start + len(text),
            label=label,
            text=text,
        )
    for text, kind in quotes:
        start = article.body.index(text)
        Quote.objects.create(
            article=article, start=start, end=start + len(text), text=text, kind=kind
        )
    Article.objects.filter(id=article.id).update(tagging_state="done")
    article.refresh_from_db()
    return article
