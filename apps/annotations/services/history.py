"""The history: one row for every change to an article's annotations."""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser

from apps.annotations.models import (
    AnnotationEvent,
)
from apps.articles.models import Article


def event_record(
    *,
    article: Article,
    actor: AbstractBaseUser | None,
    action: str,
    target: str = "",
    before: dict | None = None,
    after: dict | None = None,
    article_version: int | None = None,
) -> AnnotationEvent:
    return AnnotationEvent.objects.create(
        article=article,
        actor=actor,
        action=action,
        target=target,
        before=before,
        after=after,
        article_version=article_version,
    )
