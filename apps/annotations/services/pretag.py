"""Storing the pre-tagger's output as suggestions, without touching people's work."""

from __future__ import annotations

import logging

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from apps.annotations.models import (
    Entity,
    EntityMention,
    HistoryAction,
    Origin,
    Quote,
    Status,
)
from apps.annotations.selectors import pretag_knowledge
from apps.annotations.services.history import event_record
from apps.articles.models import Article, TaggingState
from apps.nlp.pipeline import PRETAGGER_VERSION, get_nlp, model_version, pretag_texts
from apps.nlp.types import PretagResult

logger = logging.getLogger(__name__)


def _claim(article_ids: list[int]) -> list[Article]:
    """Mark the articles that still need tagging as running and return them."""
    with transaction.atomic():
        articles = list(
            Article.objects.select_for_update()
            .filter(id__in=article_ids)
            .filter(tagging_state__in=[TaggingState.QUEUED, TaggingState.RUNNING])
            .order_by("id")
        )
        for article in articles:
            article.tagging_state = TaggingState.RUNNING
            article.tagging_error = ""
            article.save(update_fields=["tagging_state", "tagging_error", "updated_at"])
    return articles


def articles_pretag(*, article_ids: list[int]) -> None:
    """Run the pre-tagger over the articles and store its output as suggestions.

    Running it twice changes nothing: done articles are skipped, and suggestions are unique
    per span in the database. Suggestions a person has touched are never replaced.
    """
    articles = _claim(article_ids)
    if not articles:
        return
    try:
        nlp = get_nlp(settings.NEWSDESK_SPACY_MODEL)
        knowledge = pretag_knowledge()
        results = list(
            pretag_texts(((str(a.id), a.body) for a in articles), nlp=nlp, knowledge=knowledge)
        )
        # The knowledge's version says which suggestions came from older knowledge.
        tagger = f"{model_version(nlp)}+newsdesk-{PRETAGGER_VERSION}+k{knowledge.version}"
    except Exception as exc:  # the model could not load or crashed: say so on every article
        logger.exception("pre-tagging failed for %s", article_ids)
        for article in articles:
            _mark_failed(article.id, exc)
        return
    for article, result in zip(articles, results, strict=True):
        try:
            suggestions_store(
                article_id=article.id,
                result=result,
                tagger=tagger,
                registry={(r.name, r.label): r.id for r in knowledge.registry},
            )
        except Exception as exc:
            logger.exception("storing suggestions failed for article %s", article.id)
            _mark_failed(article.id, exc)


def _mark_failed(article_id: int, exc: Exception) -> None:
    reason = f"{type(exc).__name__}: {exc}"[:1000]
    Article.objects.filter(id=article_id).update(
        tagging_state=TaggingState.FAILED, tagging_error=reason, updated_at=timezone.now()
    )


def suggestions_store(
    *,
    article_id: int,
    result: PretagResult,
    tagger: str,
    registry: dict[tuple[str, str], int] | None = None,
) -> None:
    """Store the pre-tagger's output; entities named as a registry entry are linked to it."""
    with transaction.atomic():
        article = Article.objects.select_for_update().get(id=article_id)
        if article.tagging_state != TaggingState.RUNNING or result.text != article.body:
            return
        # Replace only what nobody has touched; people's work stays as it is.
        untouched = {"article": article, "origin": Origin.MACHINE, "status": Status.SUGGESTED}
        EntityMention.objects.filter(**untouched).delete()
        Quote.objects.filter(**untouched).delete()
        Entity.objects.filter(
            article=article, origin=Origin.MACHINE, mentions__isnull=True
        ).delete()

        wanted = {(m.entity, m.label) for m in result.entities}
        Entity.objects.bulk_create(
            [Entity(article=article, name=name, label=label) for name, label in wanted],
            ignore_conflicts=True,
        )
        for name, label in wanted & set(registry or ()):
            Entity.objects.filter(
                article=article, name=name, label=label, registry__isnull=True
            ).update(registry_id=registry[(name, label)])
        entities = {(e.name, e.label): e for e in Entity.objects.filter(article=article)}
        EntityMention.objects.bulk_create(
            [
                EntityMention(
                    article=article,
                    entity=entities[(m.entity, m.label)],
                    start=m.start,
                    end=m.end,
                    label=m.label,
                    text=m.text,
                )
                for m in result.entities
            ],
            ignore_conflicts=True,
            batch_size=1000,
        )
        by_name: dict[str, Entity] = {}
        # A speaker named like two entities (a PERSON and an ORG) is most likely the person.
        for (name, _label), entity in sorted(entities.items(), key=lambda kv: kv[0][1] != "PERSON"):
            by_name.setdefault(name, entity)
        Quote.objects.bulk_create(
            [
                Quote(
                    article=article,
                    start=q.start,
                    end=q.end,
                    text=q.text,
                    kind=q.kind,
                    cue_start=q.cue.start if q.cue else None,
                    cue_end=q.cue.end if q.cue else None,
                    speaker_start=q.speaker.start if q.speaker else None,
                    speaker_end=q.speaker.end if q.speaker else None,
                    speaker_entity=by_name.get(q.speaker_entity or ""),
                    speaker_type=q.speaker_type,
                    reason=q.reason[:500],
                )
                for q in result.quotes
            ],
            ignore_conflicts=True,
        )
        article.tagging_state = TaggingState.DONE
        article.tagging_error = ""
        article.tagged_at = timezone.now()
        article.tagger_version = tagger[:100]
        article.version += 1
        article.save()
        event_record(
            article=article,
            actor=None,
            action=HistoryAction.PRETAG,
            article_version=article.version,
            after={
                "mentions": len(result.entities),
                "quotes": len(result.quotes),
                "tagger": tagger,
            },
        )
