from __future__ import annotations

import datetime
import json
from collections import Counter
from dataclasses import dataclass
from types import SimpleNamespace

from django.contrib.auth.models import AbstractBaseUser
from django.db.models import Q, QuerySet
from django.utils.safestring import SafeString

from apps.annotations.models import EntityMention, Quote, Status
from apps.annotations.selectors import highlighted_body
from apps.annotations.wire import mention_as_wire, quote_as_wire
from apps.articles.models import Article, TaggingState
from apps.publishing.models import PublishedQuote, PublishedVersion, Stage, Workflow, WorkflowEvent


def article_stage(*, article: Article) -> str:
    """The article's state as people speak of it: new, tagging, ready, … retracted."""
    if article.tagging_state == TaggingState.QUEUED:
        return "new"
    if article.tagging_state == TaggingState.RUNNING:
        return "tagging"
    try:
        return article.workflow.stage
    except Workflow.DoesNotExist:
        return Stage.READY


def stage_name(stage: str) -> str:
    """A stage as words: "in annotation", not "in_annotation"."""
    return dict(Stage.choices).get(stage, stage.replace("_", " "))


def workflow_of(*, article: Article) -> Workflow:
    return Workflow.objects.filter(article=article).first() or Workflow(article=article)


def work_queue(*, user: AbstractBaseUser) -> QuerySet[Workflow]:
    """What waits for `user`: articles to annotate, then to review; oldest first."""
    return (
        Workflow.objects.filter(
            Q(annotator=user, stage__in=[Stage.READY, Stage.IN_ANNOTATION])
            | Q(reviewer=user, stage=Stage.IN_REVIEW)
        )
        .filter(article__tagging_state=TaggingState.DONE)
        .select_related("article")
        .order_by("stage_changed_at", "article_id")
    )


def public_versions(
    *,
    query: str = "",
    entity: str = "",
    speaker: str = "",
    date_from: datetime.date | None = None,
    date_to: datetime.date | None = None,
    ordering: str = "-published_at",
) -> QuerySet[PublishedVersion]:
    versions = PublishedVersion.objects.public().defer("body", "annotations")
    if query:
        versions = versions.filter(title__icontains=query)
    if entity:
        versions = versions.filter(entity_names__contains=[entity])
    if speaker:
        versions = versions.filter(speaker_names__contains=[speaker])
    if date_from:
        versions = versions.filter(published_at__date__gte=date_from)
    if date_to:
        versions = versions.filter(published_at__date__lte=date_to)
    return versions.order_by(ordering, "-id")


def public_quotes(*, speaker: str = "", kind: str = "", article_id: int | None = None):
    quotes = PublishedQuote.objects.filter(
        version__in=PublishedVersion.objects.public().values("pk")
    ).select_related("version")
    if speaker:
        quotes = quotes.filter(speaker_entity=speaker)
    if kind:
        quotes = quotes.filter(kind=kind)
    if article_id is not None:
        quotes = quotes.filter(article_id=article_id)
    return quotes.order_by("-version__published_at", "article_id", "start")


def workflow_events(*, article: Article, limit: int = 100) -> QuerySet[WorkflowEvent]:
    return WorkflowEvent.objects.filter(article=article).select_related("actor")[:limit]


def article_versions(*, article: Article) -> QuerySet[PublishedVersion]:
    """Every published version of the article, newest first, without their texts."""
    return (
        PublishedVersion.objects.filter(article=article)
        .defer("body", "annotations")
        .order_by("-number")
    )


def public_article(*, article_id: int) -> tuple[Workflow | None, PublishedVersion | None]:
    """The article's workflow and the version readers see (None when nothing is public).

    A retracted article answers with its last version, which the page shows as retracted
    (`workflow.public_version` is then None and `retraction_reason` says why)."""
    workflow = Workflow.objects.select_related("public_version").filter(article_id=article_id)
    workflow = workflow.first()
    if workflow is None:
        return None, None
    if workflow.public_version is not None:
        return workflow, workflow.public_version
    if workflow.retraction_reason:
        last = PublishedVersion.objects.filter(article_id=article_id, is_current=True).first()
        return workflow, last
    return workflow, None


@dataclass(frozen=True)
class PublicState:
    """Which version readers see, and how the working annotations differ from it."""

    version: PublishedVersion | None
    retracted: bool
    entities_added: int = 0
    entities_removed: int = 0
    quotes_added: int = 0
    quotes_removed: int = 0

    @property
    def differs(self) -> bool:
        counts = (self.entities_added, self.entities_removed, self.quotes_added)
        return any(counts) or bool(self.quotes_removed)


def _as_keys(rows: list[dict]) -> Counter:
    return Counter(json.dumps(row, sort_keys=True) for row in rows)


def public_state(*, article: Article) -> PublicState:
    """What is public and how the accepted annotations (what the next approval would
    publish) differ from it, counted in rows of the wire shape."""
    workflow, version = public_article(article_id=article.pk)
    if version is None:
        return PublicState(version=None, retracted=False)
    retracted = workflow.public_version_id is None
    mentions = EntityMention.objects.filter(article=article, status=Status.ACCEPTED)
    quotes = Quote.objects.filter(article=article, status=Status.ACCEPTED)
    working_entities = _as_keys(
        [mention_as_wire(m, article.body) for m in mentions.select_related("entity")]
    )
    working_quotes = _as_keys(
        [quote_as_wire(q, article.body) for q in quotes.select_related("speaker_entity")]
    )
    public_entities = _as_keys(version.annotations["entities"])
    public_quotes = _as_keys(version.annotations["quotes"])
    return PublicState(
        version=version,
        retracted=retracted,
        entities_added=(working_entities - public_entities).total(),
        entities_removed=(public_entities - working_entities).total(),
        quotes_added=(working_quotes - public_quotes).total(),
        quotes_removed=(public_quotes - working_quotes).total(),
    )


def version_as_api(version: PublishedVersion) -> dict:
    """One published article in the pretag shape, plus its metadata and version."""
    return {
        "id": version.article_id,
        "title": version.title,
        "byline": version.byline,
        "source": version.source,
        "url": version.url,
        "date": version.article_date.isoformat() if version.article_date else None,
        "version": version.number,
        "published_at": version.published_at.isoformat(),
        "text": version.body,
        "entities": version.annotations["entities"],
        "quotes": version.annotations["quotes"],
    }


def version_highlighted(version: PublishedVersion) -> SafeString:
    entity_ids: dict[str, int] = {}
    mentions = [
        SimpleNamespace(
            id=index,
            entity_id=entity_ids.setdefault(e["entity"], len(entity_ids) + 1),
            status="accepted",
            **{k: e[k] for k in ("start", "end", "label")},
        )
        for index, e in enumerate(version.annotations["entities"], start=1)
    ]
    quotes = [
        SimpleNamespace(id=index, status="accepted", start=q["start"], end=q["end"], kind=q["kind"])
        for index, q in enumerate(version.annotations["quotes"], start=1)
    ]
    return highlighted_body(body=version.body, mentions=mentions, quotes=quotes)
