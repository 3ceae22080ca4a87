from __future__ import annotations

import datetime
import json
from collections import Counter
from dataclasses import dataclass
from types import SimpleNamespace

from django.contrib.auth.models import AbstractBaseUser
from django.contrib.postgres.search import SearchHeadline, SearchQuery, SearchRank
from django.db.models import Exists, F, OuterRef, Q, QuerySet
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from apps.annotations.models import EntityMention, Quote, Status
from apps.annotations.selectors import highlighted_body
from apps.annotations.wire import mention_as_wire, quote_as_wire
from apps.articles.models import Article, TaggingState
from apps.core.text import search_key
from apps.publishing.models import (
    SEARCH_CONFIG,
    PublishedEntity,
    PublishedQuote,
    PublishedVersion,
    Stage,
    Workflow,
    WorkflowEvent,
)

# ts_headline marks the matching words with these (characters of Unicode's private use area,
# which article text does not carry); the text is escaped first, then they become <mark>.
_HIGHLIGHT_START, _HIGHLIGHT_STOP = "\ue000", "\ue001"


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
    """Published articles. `query` matches words of the title or the body (full-text, English
    stemming); entity and speaker names match whatever their case and accents."""
    versions = PublishedVersion.objects.public().defer("body", "annotations", "body_search")
    if query:
        versions = versions.filter(Q(title__icontains=query) | Q(body_search=_search_query(query)))
    if entity:
        versions = versions.filter(
            Exists(
                PublishedEntity.objects.filter(version=OuterRef("pk"), name_key=search_key(entity))
            )
        )
    if speaker:
        versions = versions.filter(
            Exists(
                PublishedQuote.objects.filter(
                    version=OuterRef("pk"), speaker_key=search_key(speaker)
                )
            )
        )
    if date_from:
        versions = versions.filter(published_at__date__gte=date_from)
    if date_to:
        versions = versions.filter(published_at__date__lte=date_to)
    return versions.order_by(ordering, "-id")


# Newest version first, then by article and position; `id` makes the order total (keyset pages).
QUOTE_ORDER = ["-published", "article_id", "start", "id"]
# Found by their words: best match first, then as above.
QUOTE_SEARCH_ORDER = ["-rank", *QUOTE_ORDER]


def _search_query(query: str) -> SearchQuery:
    # "websearch" reads what people type: words, "quoted phrases", -excluded, or.
    return SearchQuery(query, config=SEARCH_CONFIG, search_type="websearch")


def public_quotes(
    *, speaker: str = "", kind: str = "", article_id: int | None = None, query: str = ""
) -> QuerySet[PublishedQuote]:
    """Quotes of the articles published now, with their version's number and date and nothing
    else of the version (its body and annotations are what make a version large). With
    `query`, only quotes whose words match, best match first, each with `rank` and a
    `headline` marking the matching words."""
    quotes = (
        PublishedQuote.objects.filter(version__in=PublishedVersion.objects.public().values("pk"))
        .annotate(
            version_number=F("version__number"),
            version_title=F("version__title"),
            published=F("version__published_at"),
        )
        .only(*_QUOTE_FIELDS)
    )
    if speaker:
        quotes = quotes.filter(speaker_key=search_key(speaker))
    if kind:
        quotes = quotes.filter(kind=kind)
    if article_id is not None:
        quotes = quotes.filter(article_id=article_id)
    if query:
        search = _search_query(query)
        return (
            quotes.filter(text_search=search)
            .annotate(
                rank=SearchRank(F("text_search"), search),
                headline=SearchHeadline(
                    "text",
                    search,
                    config=SEARCH_CONFIG,
                    start_sel=_HIGHLIGHT_START,
                    stop_sel=_HIGHLIGHT_STOP,
                    # Most quotes fit whole; a longer one shows its best-matching stretch.
                    max_words=60,
                    min_words=25,
                ),
            )
            .order_by(*QUOTE_SEARCH_ORDER)
        )
    return quotes.order_by(*QUOTE_ORDER)


_QUOTE_FIELDS = (
    "id", "article_id", "start", "end", "text", "kind", "cue", "speaker", "speaker_entity",
    "speaker_type",
)  # fmt: skip


def public_version_stamp(*, article_id: int) -> dict | None:
    """What identifies the article's published version now, without loading it: its number
    and when it was published. A version never changes, so these make its ETag."""
    return (
        PublishedVersion.objects.public()
        .filter(article_id=article_id)
        .values("id", "number", "published_at")
        .first()
    )


def version_etag(stamp: dict, *, variant: str = "") -> str:
    return f'"v{stamp["id"]}-{stamp["number"]}{variant}"'


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


def headline_html(headline: str) -> SafeString:
    """A search headline as HTML: the text escaped, only the matching words in <mark>."""
    html = escape(headline)
    html = html.replace(_HIGHLIGHT_START, "<mark>").replace(_HIGHLIGHT_STOP, "</mark>")
    return mark_safe(html)  # noqa: S308 - escaped above; only our own tags are added


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
