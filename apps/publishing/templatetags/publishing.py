"""What readers see of an article, for any page about it (the article page lives in ingest,
which cannot ask publishing; its template can)."""

from __future__ import annotations

from django import template

from apps.articles.models import Article
from apps.publishing.models import Stage
from apps.publishing.selectors import public_state, workflow_of

register = template.Library()


@register.inclusion_tag("includes/public_state.html")
def public_state_of(article: Article) -> dict:
    return {"article": article, "public": public_state(article=article)}


@register.inclusion_tag("includes/sent_back.html")
def sent_back_note(article: Article) -> dict:
    """The reviewer's comment, where the annotator works, while the article waits for them."""
    workflow = workflow_of(article=article)
    shown = workflow.stage == Stage.IN_ANNOTATION and workflow.review_comment
    return {"comment": workflow.review_comment if shown else ""}
