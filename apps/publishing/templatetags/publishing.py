"""What readers see of an article, for any page about it (the article page lives in ingest,
which cannot ask publishing; its template can)."""

from __future__ import annotations

from django import template

from apps.articles.models import Article
from apps.publishing.selectors import public_state

register = template.Library()


@register.inclusion_tag("includes/public_state.html")
def public_state_of(article: Article) -> dict:
    return {"article": article, "public": public_state(article=article)}
