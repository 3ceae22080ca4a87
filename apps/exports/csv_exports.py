"""CSV exports, streamed row by row so memory stays flat."""

from __future__ import annotations

from collections.abc import Iterator

from apps.annotations.models import EntityMention, Status
from apps.core.csv import csv_lines

ENTITY_COLUMNS = ["article_id", "title", "mention", "label", "entity", "start", "end", "status"]


def entity_mention_rows(*, article_ids: list[int]) -> Iterator[str]:
    mentions = (
        EntityMention.objects.filter(article_id__in=article_ids)
        .exclude(status=Status.REJECTED)
        .order_by("article_id", "start", "end")
        .values_list(
            "article_id",
            "article__title",
            "text",
            "label",
            "entity__name",
            "start",
            "end",
            "status",
        )
    )
    return csv_lines(ENTITY_COLUMNS, mentions.iterator(chunk_size=2000))
