"""Published articles made directly as rows: the shape approval leaves, without the workflow."""

from __future__ import annotations

import datetime
import itertools

from apps.annotations.models import RegistryEntity
from apps.articles.models import TaggingState
from apps.articles.services import article_create
from apps.core.text import search_key
from apps.publishing.models import (
    PublishedEntity,
    PublishedQuote,
    PublishedVersion,
    Stage,
    Workflow,
)

_numbers = itertools.count(1)


def published_article(
    *,
    date: datetime.date,
    quotes: list[dict] = (),
    entities: list[tuple[str, str, int]] = (),
    source: str = "Daily Post",
    stage: str = Stage.PUBLISHED,
    body: str = "",
    title: str = "",
) -> PublishedVersion:
    """One published article. Each quote: text, kind, speaker_entity, speaker_type, and
    optionally speaker_label, registry (a RegistryEntity), start/end, nested."""
    n = next(_numbers)
    body = body or f"Article {n}. " + " ".join(q.get("text", "") for q in quotes) + " end."
    article = article_create(
        title=title or f"Story {n}",
        raw=body,
        fmt="txt",
        created_by=None,
        source=source,
        published_at=date,
    )
    article.tagging_state = TaggingState.DONE
    article.save()
    workflow = Workflow.objects.create(
        article=article, stage=stage, retraction_reason="wrong" if stage == Stage.RETRACTED else ""
    )
    version = PublishedVersion.objects.create(
        article=article,
        number=1,
        source_version=1,
        title=article.title,
        source=source,
        article_date=date,
        body=article.body,
        annotations={"entities": [], "quotes": []},
        entity_names=sorted({name for name, _, _ in entities}),
        speaker_names=sorted({q["speaker_entity"] for q in quotes if q.get("speaker_entity")}),
    )
    if stage != Stage.RETRACTED:  # what approval does: readers see this version
        workflow.public_version = version
        workflow.save(update_fields=["public_version"])
    for index, quote in enumerate(quotes):
        registry: RegistryEntity | None = quote.get("registry")
        PublishedQuote.objects.create(
            version=version,
            article=article,
            start=quote.get("start", index * 10),
            end=quote.get("end", index * 10 + 5),
            text=quote.get("text", f"quote {index}"),
            kind=quote.get("kind", "direct"),
            speaker=quote.get("speaker", quote.get("speaker_entity", "")),
            speaker_entity=quote.get("speaker_entity", ""),
            speaker_type=quote.get("speaker_type", "named"),
            speaker_label=quote.get(
                "speaker_label", "PERSON" if quote.get("speaker_entity") else ""
            ),
            speaker_key=search_key(quote.get("speaker_entity", "")),
            speaker_registry=registry,
            nested=quote.get("nested", False),
        )
    for name, label, mentions in entities:
        PublishedEntity.objects.create(
            version=version,
            article=article,
            name=name,
            name_key=search_key(name),
            label=label,
            mentions=mentions,
        )
    return version
