"""Storing the pre-tagger's output as suggestions, without touching people's work."""

from __future__ import annotations

import logging
from bisect import bisect_right
from collections.abc import Iterable

from django.conf import settings
from django.db import connection, transaction
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
from apps.core.bulk import insert_columns
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


def _replace_untouched(cursor, article_id: int) -> dict[tuple[int, int, str], int]:
    """Delete the suggestions nobody touched, and the machine's entities left with nothing;
    returns where each deleted mention was, with its entity: (start, end, label) -> id."""
    untouched = [article_id, Origin.MACHINE, Status.SUGGESTED]
    cursor.execute(
        "DELETE FROM annotations_entitymention WHERE article_id = %s AND origin = %s "
        'AND status = %s AND touched_at IS NULL RETURNING start, "end", label, entity_id',
        untouched,
    )
    entity_before = {(start, end, label): entity for start, end, label, entity in cursor}
    cursor.execute(
        "DELETE FROM annotations_quote WHERE article_id = %s AND origin = %s AND status = %s "
        "AND touched_at IS NULL",
        untouched,
    )
    # Only mentions and quotes point at entities: one with neither can simply go.
    cursor.execute(
        "DELETE FROM annotations_entity AS e WHERE e.article_id = %s AND e.origin = %s "
        "AND e.touched_at IS NULL AND e.registry_id IS NULL "
        "AND NOT EXISTS (SELECT FROM annotations_entitymention m WHERE m.entity_id = e.id) "
        "AND NOT EXISTS (SELECT FROM annotations_quote q WHERE q.speaker_entity_id = e.id)",
        [article_id, Origin.MACHINE],
    )
    return entity_before


def _kept_spans(cursor, article_id: int) -> tuple[_Taken, _Taken]:
    """The stretches people's mentions and quotes cover, with those of the suggestions people
    deleted (the pre-tagger does not suggest them again): (mentions, quotes)."""
    cursor.execute(
        "SELECT 'mention', start, \"end\" FROM annotations_entitymention WHERE article_id = %s "
        "UNION ALL SELECT 'quote', start, \"end\" FROM annotations_quote WHERE article_id = %s "
        "UNION ALL SELECT CASE WHEN action = %s THEN 'mention' ELSE 'quote' END, "
        "(before ->> 'start')::int, (before ->> 'end')::int FROM annotations_annotationevent "
        "WHERE article_id = %s AND action IN (%s, %s) AND actor_id IS NOT NULL "
        "AND before ->> 'origin' = %s AND before ? 'start' AND before ? 'end'",
        [
            article_id,
            article_id,
            HistoryAction.MENTION_DELETE,
            article_id,
            HistoryAction.MENTION_DELETE,
            HistoryAction.QUOTE_DELETE,
            Origin.MACHINE,
        ],
    )
    spans: dict[str, list[tuple[int, int]]] = {"mention": [], "quote": []}
    for kind, start, end in cursor:
        spans[kind].append((start, end))
    return _Taken(spans["mention"]), _Taken(spans["quote"])


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

    A few statements per article whatever its size: rows go in column by column
    (`insert_columns`), and the article's row lock keeps people's edits out meanwhile.
    """
    registry = registry or {}
    with transaction.atomic(), connection.cursor() as cursor:
        article = (
            Article.objects.select_for_update()
            .only("id", "body", "tagging_state", "version")
            .get(id=article_id)
        )
        if article.tagging_state != TaggingState.RUNNING or result.text != article.body:
            return
        entity_before = _replace_untouched(cursor, article_id)
        kept_mentions, kept_quotes = _kept_spans(cursor, article_id)
        found_mentions = [m for m in result.entities if not kept_mentions.overlaps(m.start, m.end)]
        found_quotes = [q for q in result.quotes if not kept_quotes.overlaps(q.start, q.end)]

        entities = list(
            Entity.objects.filter(article_id=article_id).values_list(
                "id", "name", "label", "registry_id"
            )
        )
        kept_ids = {entity_id for entity_id, *_ in entities}
        # Where the tagger finds a mention again, it goes back to the entity it was in, if a
        # person kept that entity (renamed it, linked it to the registry, …).
        groups: dict[tuple[str, str], int] = {}
        for m in found_mentions:
            entity_id = entity_before.get((m.start, m.end, m.label))
            if entity_id in kept_ids:
                groups.setdefault((m.entity, m.label), entity_id)
        named = {(name, label): entity_id for entity_id, name, label, _ in entities}
        unlinked = {
            (name, label) for _, name, label, registry_id in entities if registry_id is None
        }
        wanted = {(m.entity, m.label) for m in found_mentions} - groups.keys()
        # An entity of that name may already be there (a person's): it is used, and linked
        # to the registry entry of its name if it has none.
        for key in sorted(wanted & named.keys() & unlinked & registry.keys()):
            Entity.objects.filter(id=named[key], registry__isnull=True).update(
                registry_id=registry[key]
            )
        new = sorted(wanted - named.keys())
        for entity_id, name, label in insert_columns(
            Entity,
            {
                "article_id": [article_id] * len(new),
                "name": [name for name, _ in new],
                "label": [label for _, label in new],
                "registry_id": [registry.get(key) for key in new],
            },
            ignore_conflicts=True,
            returning=("id", "name", "label"),
        ):
            named[(name, label)] = entity_id
        for key in wanted:
            groups[key] = named[key]
        insert_columns(
            EntityMention,
            {
                "article_id": [article_id] * len(found_mentions),
                "entity_id": [groups[(m.entity, m.label)] for m in found_mentions],
                "start": [m.start for m in found_mentions],
                "end": [m.end for m in found_mentions],
                "label": [m.label for m in found_mentions],
                "text": [m.text for m in found_mentions],
            },
            ignore_conflicts=True,
        )
        # A speaker named like two entities (a PERSON and an ORG) is most likely the person.
        by_name: dict[str, int] = {}
        for lookup in (groups, named):
            for (name, _label), entity_id in sorted(
                lookup.items(), key=lambda kv: kv[0][1] != "PERSON"
            ):
                by_name.setdefault(name, entity_id)
        insert_columns(
            Quote,
            {
                "article_id": [article_id] * len(found_quotes),
                "start": [q.start for q in found_quotes],
                "end": [q.end for q in found_quotes],
                "text": [q.text for q in found_quotes],
                "kind": [str(q.kind) for q in found_quotes],
                "cue_start": [q.cue.start if q.cue else None for q in found_quotes],
                "cue_end": [q.cue.end if q.cue else None for q in found_quotes],
                "speaker_start": [q.speaker.start if q.speaker else None for q in found_quotes],
                "speaker_end": [q.speaker.end if q.speaker else None for q in found_quotes],
                "speaker_entity_id": [by_name.get(q.speaker_entity or "") for q in found_quotes],
                "speaker_type": [str(q.speaker_type) for q in found_quotes],
                "reason": [q.reason[:500] for q in found_quotes],
            },
            ignore_conflicts=True,
        )
        article.tagging_state = TaggingState.DONE
        article.tagging_error = ""
        article.tagged_at = timezone.now()
        article.tagger_version = tagger[:100]
        article.version += 1
        article.save(
            update_fields=[
                "tagging_state",
                "tagging_error",
                "tagged_at",
                "tagger_version",
                "version",
                "updated_at",
            ]
        )
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
