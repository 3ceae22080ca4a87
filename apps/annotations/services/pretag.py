"""Storing the pre-tagger's output as suggestions, without touching people's work."""

from __future__ import annotations

import logging
from bisect import bisect_right
from collections.abc import Iterable

from django.conf import settings
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from apps.annotations.models import (
    AnnotationEvent,
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
            pretag_texts(
                ((str(a.id), a.body, a.blocks) for a in articles), nlp=nlp, knowledge=knowledge
            )
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


class _Taken:
    """The stretches of text that people's annotations cover, to test a suggestion against."""

    def __init__(self, spans: Iterable[tuple[int, int]]) -> None:
        merged: list[list[int]] = []
        for start, end in sorted(spans):
            if merged and start <= merged[-1][1]:
                merged[-1][1] = max(merged[-1][1], end)
            else:
                merged.append([start, end])
        self.starts = [start for start, _ in merged]
        self.ends = [end for _, end in merged]

    def overlaps(self, start: int, end: int) -> bool:
        i = bisect_right(self.ends, start)  # the first stretch that ends after `start`
        return i < len(self.starts) and self.starts[i] < end


def _untouched(model: type[EntityMention | Quote], article: Article) -> QuerySet:
    return model.objects.filter(
        article=article,
        origin=Origin.MACHINE,
        status=Status.SUGGESTED,
        touched_at__isnull=True,
    )


def _deleted_by_people(article: Article, action: HistoryAction) -> list[tuple[int, int]]:
    """The spans of suggestions people deleted: the pre-tagger does not suggest them again."""
    states = AnnotationEvent.objects.filter(
        article=article, action=action, actor__isnull=False
    ).values_list("before", flat=True)
    return [
        (state["start"], state["end"])
        for state in states
        if state and state.get("origin") == Origin.MACHINE
    ]


def suggestions_store(
    *,
    article_id: int,
    result: PretagResult,
    tagger: str,
    registry: dict[tuple[str, str], int] | None = None,
) -> None:
    """Replace the suggestions nobody touched with the pre-tagger's new ones; new entities
    named as a registry entry (`registry`: (name, label) -> entry id) are linked to it.

    A person's work stays exactly as they left it: every row a person touched (relabelled,
    resized, moved, accepted, …), every entity they renamed, linked or gave a mention, and
    every entity a kept quote names as its speaker. Where people have annotated or deleted
    a stretch of text, no new suggestion is laid over it.
    """
    with transaction.atomic():
        article = Article.objects.select_for_update().get(id=article_id)
        if article.tagging_state != TaggingState.RUNNING or result.text != article.body:
            return
        replaced = _untouched(EntityMention, article)
        # Where the tagger finds a mention again, it goes back to the entity it was in, if a
        # person kept that entity (renamed it, linked it to the registry, …).
        entity_before = {
            (start, end, label): entity_id
            for start, end, label, entity_id in replaced.values_list(
                "start", "end", "label", "entity_id"
            )
        }
        replaced.delete()
        _untouched(Quote, article).delete()
        Entity.objects.filter(
            article=article,
            origin=Origin.MACHINE,
            touched_at__isnull=True,
            registry__isnull=True,
            mentions__isnull=True,
            quotes__isnull=True,
        ).delete()

        kept_mentions = _Taken(
            [
                *EntityMention.objects.filter(article=article).values_list("start", "end"),
                *_deleted_by_people(article, HistoryAction.MENTION_DELETE),
            ]
        )
        kept_quotes = _Taken(
            [
                *Quote.objects.filter(article=article).values_list("start", "end"),
                *_deleted_by_people(article, HistoryAction.QUOTE_DELETE),
            ]
        )
        found_mentions = [m for m in result.entities if not kept_mentions.overlaps(m.start, m.end)]
        found_quotes = [q for q in result.quotes if not kept_quotes.overlaps(q.start, q.end)]

        kept = {e.id: e for e in Entity.objects.filter(article=article)}
        groups: dict[tuple[str, str], Entity] = {}
        for m in found_mentions:
            entity = kept.get(entity_before.get((m.start, m.end, m.label)))
            if entity is not None:
                groups.setdefault((m.entity, m.label), entity)
        wanted = {(m.entity, m.label) for m in found_mentions} - groups.keys()
        Entity.objects.bulk_create(
            [Entity(article=article, name=name, label=label) for name, label in wanted],
            ignore_conflicts=True,
        )
        for name, label in wanted & set(registry or ()):
            Entity.objects.filter(
                article=article, name=name, label=label, registry__isnull=True
            ).update(registry_id=registry[(name, label)])
        named = {(e.name, e.label): e for e in Entity.objects.filter(article=article)}
        for key in wanted:
            groups[key] = named[key]
        EntityMention.objects.bulk_create(
            [
                EntityMention(
                    article=article,
                    entity=groups[(m.entity, m.label)],
                    start=m.start,
                    end=m.end,
                    label=m.label,
                    text=m.text,
                )
                for m in found_mentions
            ],
            ignore_conflicts=True,
            batch_size=1000,
        )
        by_name: dict[str, Entity] = {}
        # A speaker named like two entities (a PERSON and an ORG) is most likely the person.
        for lookup in (groups, named):
            for (name, _label), entity in sorted(
                lookup.items(), key=lambda kv: kv[0][1] != "PERSON"
            ):
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
                for q in found_quotes
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
