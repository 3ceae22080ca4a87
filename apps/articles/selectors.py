from __future__ import annotations

from django.db.models import Count, OuterRef, QuerySet, Subquery
from django.db.models.functions import Coalesce

from apps.annotations.models import EntityMention, Quote, Status
from apps.articles.models import Article


def _count_of(model: type, field: str = "pk", *, distinct: bool = False) -> Coalesce:
    counted = (
        model.objects.filter(article=OuterRef("pk"))
        .exclude(status=Status.REJECTED)
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
