"""Storing the pre-tagger's output as suggestions, without touching people's work.

The articles of one pre-tag job are stored together: a dozen statements for the whole job,
whatever its number of articles, rows inserted column by column (`insert_columns`). Each
article's row lock keeps people's edits out meanwhile.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from django.db import connection, transaction
from django.utils import timezone
from psycopg.types.json import Jsonb

from apps.annotations.models import (
    AnnotationEvent,
    Entity,
    EntityMention,
    HistoryAction,
    Origin,
    Quote,
    Status,
)
from apps.articles.models import Article, TaggingState
from apps.core.bulk import insert_columns
from apps.nlp.types import FoundMention, FoundQuote, PretagResult

EntityKey = tuple[str, str]  # (name, label)


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


@dataclass
class _Article:
    """What is known of one article while its suggestions are replaced."""

    id: int
    result: PretagResult
    # Where each deleted suggestion was, with its entity: (start, end, label) -> entity id.
    entity_before: dict[tuple[int, int, str], int] = field(default_factory=dict)
    kept_mentions: list[tuple[int, int]] = field(default_factory=list)
    kept_quotes: list[tuple[int, int]] = field(default_factory=list)
    # The article's entities: (name, label) -> (id, linked to the registry).
    entities: dict[EntityKey, tuple[int, bool]] = field(default_factory=dict)
    mentions: list[FoundMention] = field(default_factory=list)
    quotes: list[FoundQuote] = field(default_factory=list)
    groups: dict[EntityKey, int] = field(default_factory=dict)


def suggestions_store(
    *,
    article_id: int,
    result: PretagResult,
    tagger: str,
    registry: Mapping[EntityKey, int] | None = None,
) -> None:
    """Replace one article's untouched suggestions with the pre-tagger's new ones."""
    suggestions_store_many(results={article_id: result}, tagger=tagger, registry=registry)


def suggestions_store_many(
    *,
    results: Mapping[int, PretagResult],
    tagger: str,
    registry: Mapping[EntityKey, int] | None = None,
) -> set[int]:
    """Replace the suggestions nobody touched with the pre-tagger's new ones, for each article
    (id -> result) still being tagged whose text is the one tagged; returns their ids. New
    entities named as a registry entry (`registry`: (name, label) -> entry id) are linked.

    A person's work stays exactly as they left it: every row a person touched (relabelled,
    resized, moved, accepted, …), every entity they renamed, linked or gave a mention, and
    every entity a kept quote names as its speaker. Where people have annotated or deleted
    a stretch of text, no new suggestion is laid over it. All the articles are stored in
    one transaction: if one cannot be, none is (the caller may store them one by one).
    """
    registry = registry or {}
    with transaction.atomic(), connection.cursor() as cursor:
        locked = (
            Article.objects.select_for_update()
            .filter(id__in=list(results), tagging_state=TaggingState.RUNNING)
            .order_by("id")
            .values_list("id", "body")
        )
        articles = {
            article_id: _Article(article_id, results[article_id])
            for article_id, body in locked
            if results[article_id].text == body
        }
        if not articles:
            return set()
        ids = list(articles)
        _replace_untouched(cursor, articles)
        _read_kept(cursor, articles)
        for article in articles.values():
            kept_mentions = _Taken(article.kept_mentions)
            kept_quotes = _Taken(article.kept_quotes)
            found = article.result
            article.mentions = [
                m for m in found.entities if not kept_mentions.overlaps(m.start, m.end)
            ]
            article.quotes = [q for q in found.quotes if not kept_quotes.overlaps(q.start, q.end)]
        _entities_for(articles, registry)
        mentions = [(a.id, a.groups, m) for a in articles.values() for m in a.mentions]
        insert_columns(
            EntityMention,
            {
                "article_id": [article_id for article_id, _, _ in mentions],
                "entity_id": [groups[(m.entity, m.label)] for _, groups, m in mentions],
                "start": [m.start for _, _, m in mentions],
                "end": [m.end for _, _, m in mentions],
                "label": [m.label for _, _, m in mentions],
                "text": [m.text for _, _, m in mentions],
            },
            ignore_conflicts=True,
        )
        speakers = {a.id: _speakers_by_name(a) for a in articles.values()}
        quotes = [(a.id, speakers[a.id], q) for a in articles.values() for q in a.quotes]
        insert_columns(
            Quote,
            {
                "article_id": [article_id for article_id, _, _ in quotes],
                "start": [q.start for _, _, q in quotes],
                "end": [q.end for _, _, q in quotes],
                "text": [q.text for _, _, q in quotes],
                "kind": [str(q.kind) for _, _, q in quotes],
                "cue_start": [q.cue.start if q.cue else None for _, _, q in quotes],
                "cue_end": [q.cue.end if q.cue else None for _, _, q in quotes],
                "speaker_start": [q.speaker.start if q.speaker else None for _, _, q in quotes],
                "speaker_end": [q.speaker.end if q.speaker else None for _, _, q in quotes],
                "speaker_entity_id": [by.get(q.speaker_entity or "") for _, by, q in quotes],
                "speaker_type": [str(q.speaker_type) for _, _, q in quotes],
                "reason": [q.reason[:500] for _, _, q in quotes],
            },
            ignore_conflicts=True,
        )
        now = timezone.now()
        cursor.execute(
            "UPDATE articles_article SET tagging_state = %s, tagging_error = '', tagged_at = %s, "
            "tagger_version = %s, version = version + 1, updated_at = %s "
            "WHERE id = ANY(%s) RETURNING id, version",
            [TaggingState.DONE, now, tagger[:100], now, ids],
        )
        versions = dict(cursor.fetchall())
        insert_columns(
            AnnotationEvent,
            {
                "article_id": ids,
                "action": [HistoryAction.PRETAG.value] * len(ids),
                "article_version": [versions[article_id] for article_id in ids],
                "after": [
                    Jsonb(
                        {
                            "mentions": len(articles[article_id].result.entities),
                            "quotes": len(articles[article_id].result.quotes),
                            "tagger": tagger,
                        }
                    )
                    for article_id in ids
                ],
            },
        )
    return set(ids)


def _replace_untouched(cursor, articles: dict[int, _Article]) -> None:
    """Delete the suggestions nobody touched, and the machine's entities left with nothing;
    notes where each deleted mention was, with its entity."""
    untouched = [list(articles), Origin.MACHINE, Status.SUGGESTED]
    cursor.execute(
        "DELETE FROM annotations_entitymention WHERE article_id = ANY(%s) AND origin = %s "
        "AND status = %s AND touched_at IS NULL "
        'RETURNING article_id, start, "end", label, entity_id',
        untouched,
    )
    for article_id, start, end, label, entity_id in cursor.fetchall():
        articles[article_id].entity_before[(start, end, label)] = entity_id
    cursor.execute(
        "DELETE FROM annotations_quote WHERE article_id = ANY(%s) AND origin = %s "
        "AND status = %s AND touched_at IS NULL",
        untouched,
    )
    # Only mentions and quotes point at entities: one with neither can simply go.
    cursor.execute(
        "DELETE FROM annotations_entity AS e WHERE e.article_id = ANY(%s) AND e.origin = %s "
        "AND e.touched_at IS NULL AND e.registry_id IS NULL "
        "AND NOT EXISTS (SELECT FROM annotations_entitymention m WHERE m.entity_id = e.id) "
        "AND NOT EXISTS (SELECT FROM annotations_quote q WHERE q.speaker_entity_id = e.id)",
        [list(articles), Origin.MACHINE],
    )


def _read_kept(cursor, articles: dict[int, _Article]) -> None:
    """What people kept: the stretches their mentions and quotes cover, with those of the
    suggestions they deleted (the pre-tagger does not suggest them again), and the entities
    still there."""
    ids = list(articles)
    cursor.execute(
        "SELECT article_id, 'mention', start, \"end\" FROM annotations_entitymention "
        "WHERE article_id = ANY(%s) "
        "UNION ALL SELECT article_id, 'quote', start, \"end\" FROM annotations_quote "
        "WHERE article_id = ANY(%s) "
        "UNION ALL SELECT article_id, CASE WHEN action = %s THEN 'mention' ELSE 'quote' END, "
        "(before ->> 'start')::int, (before ->> 'end')::int FROM annotations_annotationevent "
        "WHERE article_id = ANY(%s) AND action IN (%s, %s) AND actor_id IS NOT NULL "
        "AND before ->> 'origin' = %s AND before ? 'start' AND before ? 'end'",
        [
            ids,
            ids,
            HistoryAction.MENTION_DELETE,
            ids,
            HistoryAction.MENTION_DELETE,
            HistoryAction.QUOTE_DELETE,
            Origin.MACHINE,
        ],
    )
    for article_id, kind, start, end in cursor.fetchall():
        article = articles[article_id]
        (article.kept_mentions if kind == "mention" else article.kept_quotes).append((start, end))
    for entity_id, article_id, name, label, registry_id in Entity.objects.filter(
        article_id__in=ids
    ).values_list("id", "article_id", "name", "label", "registry_id"):
        articles[article_id].entities[(name, label)] = (entity_id, registry_id is not None)


def _entities_for(articles: dict[int, _Article], registry: Mapping[EntityKey, int]) -> None:
    """Each article's entity for each name its new mentions carry (`groups`), made where
    there is none yet, and linked to the registry entry of its name where it has none."""
    new: list[tuple[int, EntityKey]] = []
    to_link: list[tuple[int, int]] = []  # (entity id, registry entry id)
    for article in articles.values():
        # Where the tagger finds a mention again, it goes back to the entity it was in, if a
        # person kept that entity (renamed it, linked it to the registry, …).
        kept_ids = {entity_id for entity_id, _ in article.entities.values()}
        for m in article.mentions:
            entity_id = article.entity_before.get((m.start, m.end, m.label))
            if entity_id in kept_ids:
                article.groups.setdefault((m.entity, m.label), entity_id)
        wanted = {(m.entity, m.label) for m in article.mentions} - article.groups.keys()
        for key in sorted(wanted):
            existing = article.entities.get(key)
            if existing is None:
                new.append((article.id, key))
                continue
            # An entity of that name is already there (a person's): it is used.
            article.groups[key] = existing[0]
            if not existing[1] and key in registry:
                to_link.append((existing[0], registry[key]))
    for entity_id, registry_id in to_link:
        Entity.objects.filter(id=entity_id, registry__isnull=True).update(registry_id=registry_id)
    for entity_id, article_id, name, label in insert_columns(
        Entity,
        {
            "article_id": [article_id for article_id, _ in new],
            "name": [name for _, (name, _) in new],
            "label": [label for _, (_, label) in new],
            "registry_id": [registry.get(key) for _, key in new],
        },
        returning=("id", "article_id", "name", "label"),
    ):
        article = articles[article_id]
        article.groups[(name, label)] = entity_id
        article.entities[(name, label)] = (entity_id, (name, label) in registry)


def _speakers_by_name(article: _Article) -> dict[str, int]:
    """Entity ids by name, for the quotes' speakers: a speaker named like two entities (a
    PERSON and an ORG) is most likely the person."""
    by_name: dict[str, int] = {}
    named = {key: entity_id for key, (entity_id, _) in article.entities.items()}
    for lookup in (article.groups, named):
        for (name, _label), entity_id in sorted(
            lookup.items(), key=lambda kv: kv[0][1] != "PERSON"
        ):
            by_name.setdefault(name, entity_id)
    return by_name
