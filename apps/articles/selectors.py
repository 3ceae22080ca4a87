"""Reads of articles that other apps need while storing new ones."""

from __future__ import annotations

from apps.articles.models import Article


def articles_by_digest(*, digests: list[str]) -> dict[str, Article]:
    """The stored articles with these body fingerprints, in one query (id and title only)."""
    found = Article.objects.filter(body_sha256__in=set(digests)).only("id", "title", "body_sha256")
    return {article.body_sha256: article for article in found}
