"""The pre-tag job: claim the articles, run the pre-tagger, store its suggestions."""

from __future__ import annotations

import logging

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from apps.annotations.selectors import pretag_knowledge
from apps.annotations.services.suggestions import suggestions_store, suggestions_store_many
from apps.articles.models import Article, TaggingState
from apps.nlp.knowledge import Knowledge
from apps.nlp.pipeline import PRETAGGER_VERSION
from apps.nlp.tagger_process import Item, TaggerError, shared_tagger
from apps.nlp.types import PretagResult

logger = logging.getLogger(__name__)


def _claim(article_ids: list[int]) -> list[Article]:
    """Mark the articles that still need tagging as running and return them."""
    with transaction.atomic():
        articles = list(
            Article.objects.select_for_update()
            .filter(id__in=article_ids)
            .filter(tagging_state__in=[TaggingState.QUEUED, TaggingState.RUNNING])
            .only("id", "body", "blocks")
            .order_by("id")
        )
        Article.objects.filter(id__in=[a.id for a in articles]).update(
            tagging_state=TaggingState.RUNNING, tagging_error="", updated_at=timezone.now()
        )
    return articles


def pretag_texts(items: list[Item], *, knowledge: Knowledge) -> list[PretagResult]:
    """The pre-tagger's results for (id, text, block ranges) items, from this process's
    tagger process (`apps.nlp.tagger_process`: spaCy parses faster where no thread runs)."""
    return shared_tagger(settings.NEWSDESK_SPACY_MODEL).pretag(items, knowledge)


def _model_version() -> str:
    tagger = shared_tagger(settings.NEWSDESK_SPACY_MODEL)
    if not tagger.model_version:  # known once the process has started, and kept
        tagger.start()
    return tagger.model_version


def articles_pretag(*, article_ids: list[int]) -> None:
    """Run the pre-tagger over the articles and store its output as suggestions.

    Running it twice changes nothing: done articles are skipped, and suggestions are unique
    per span in the database. Suggestions a person has touched are never replaced.
    """
    articles = _claim(article_ids)
    if not articles:
        return
    try:
        knowledge = pretag_knowledge()
        results = list(
            pretag_texts([(str(a.id), a.body, a.blocks) for a in articles], knowledge=knowledge)
        )
        # The knowledge's version says which suggestions came from older knowledge.
        tagger = f"{_model_version()}+newsdesk-{PRETAGGER_VERSION}+k{knowledge.version}"
    except Exception as exc:  # the model could not load or crashed: say so on every article
        logger.exception("pre-tagging failed for %s", article_ids)
        for article in articles:
            _mark_failed(article.id, exc)
        return
    registry = {(r.name, r.label): r.id for r in knowledge.registry}
    by_article = {article.id: result for article, result in zip(articles, results, strict=True)}
    try:
        suggestions_store_many(results=by_article, tagger=tagger, registry=registry)
        return
    except Exception:  # one article could not be stored: store them one by one
        logger.warning("storing %s together failed; storing one by one", article_ids)
    for article_id, result in by_article.items():
        try:
            suggestions_store(
                article_id=article_id, result=result, tagger=tagger, registry=registry
            )
        except Exception as exc:
            logger.exception("storing suggestions failed for article %s", article_id)
            _mark_failed(article_id, exc)


def _mark_failed(article_id: int, exc: Exception) -> None:
    # The tagger process's message already names the error it met there.
    reason = (str(exc) if isinstance(exc, TaggerError) else f"{type(exc).__name__}: {exc}")[:1000]
    Article.objects.filter(id=article_id).update(
        tagging_state=TaggingState.FAILED, tagging_error=reason, updated_at=timezone.now()
    )
