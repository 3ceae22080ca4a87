"""Reads for the editors' pages: the article list with its counts, and the imports' progress."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from django.db.models import Count, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce

from apps.annotations.models import EntityMention, Quote
from apps.articles.models import Article, TaggingState
from apps.ingest import parsers
from apps.ingest.models import ImportBatch, ImportItem, ImportItemStatus, ImportUpload
from apps.ingest.parsers import tools


@dataclass(frozen=True, slots=True)
class ImportProgress:
    total: int
    pending: int
    stored: int
    duplicates: int
    failed: int
    tagged: int
    tagging_failed: int

    @property
    def processed(self) -> int:
        return self.total - self.pending

    @property
    def tagging_pending(self) -> int:
        return self.stored - self.tagged - self.tagging_failed

    @property
    def finished(self) -> bool:
        return self.pending == 0 and self.tagging_pending == 0


def import_progress(*, batch: ImportBatch) -> ImportProgress:
    counts = ImportItem.objects.filter(batch=batch).aggregate(
        total=Count("id"),
        pending=Count("id", filter=Q(status=ImportItemStatus.PENDING)),
        stored=Count("id", filter=Q(status=ImportItemStatus.STORED)),
        duplicates=Count("id", filter=Q(status=ImportItemStatus.DUPLICATE)),
        failed=Count("id", filter=Q(status=ImportItemStatus.FAILED)),
        tagged=Count(
            "id",
            filter=Q(status=ImportItemStatus.STORED, article__tagging_state=TaggingState.DONE),
        ),
        tagging_failed=Count(
            "id",
            filter=Q(status=ImportItemStatus.STORED, article__tagging_state=TaggingState.FAILED),
        ),
    )
    return ImportProgress(**counts)


def import_problems(*, batch: ImportBatch) -> QuerySet[ImportItem]:
    """Items that did not become a new article: failures with their reason, and duplicates."""
    return (
        ImportItem.objects.filter(batch=batch)
        .filter(status__in=[ImportItemStatus.FAILED, ImportItemStatus.DUPLICATE])
        .select_related("article")
        .only("id", "position", "label", "status", "reason", "article__id", "article__title")
        .order_by("position")
    )


def import_labels(*, batch: ImportBatch) -> tuple[Counter, Counter]:
    """The label names and relation types in a batch's kept file, with how often each occurs."""
    upload = ImportUpload.objects.filter(batch=batch).only("text").first()
    if upload is None:
        return Counter(), Counter()
    _tool, records = parsers.tool_records(upload.text)
    return tools.labels_found(records)


def import_recent(*, limit: int = 20) -> QuerySet[ImportBatch]:
    return (
        ImportBatch.objects.select_related("created_by")
        .annotate(item_count=Count("items"))
        .order_by("-created_at", "-id")[:limit]
    )


def _count_of(model: type, field: str = "pk", *, distinct: bool = False) -> Coalesce:
    counted = (
        model.objects.visible()
        .filter(article=OuterRef("pk"))
        .order_by()
        .values("article")
        .annotate(n=Count(field, distinct=distinct))
        .values("n")
    )
    return Coalesce(Subquery(counted), 0)


def article_list(*, query: str = "") -> QuerySet[Article]:
    """Newest first, with mention, entity and quote counts in one query."""
    return (
        Article.objects.search(query)
        .newest_first()
        .defer("body", "original")
        .annotate(
            mention_count=_count_of(EntityMention),
            quote_count=_count_of(Quote),
            entity_count=_count_of(EntityMention, "entity", distinct=True),
        )
    )


def import_item_states(*, batch: ImportBatch) -> QuerySet:
    """Each item of `batch` with what became of it and its article's tagging state, as dicts."""
    return (
        ImportItem.objects.filter(batch=batch)
        .order_by("position")
        .values("position", "label", "status", "reason", "article_id", "article__tagging_state")
    )
