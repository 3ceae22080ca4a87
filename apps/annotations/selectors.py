"""Reads of annotations, and the highlighted rendering of an article's text."""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Count, Q, QuerySet, TextField
from django.db.models.functions import Cast, Lower
from django.utils import timezone
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from apps.annotations.describe import event_sentences
from apps.annotations.models import (
    AnnotationEvent,
    ConfirmedLabel,
    Entity,
    EntityMention,
    Origin,
    Presence,
    Quote,
    RegistryEntity,
    Status,
)
from apps.articles.models import Article
from apps.core.text import search_key
from apps.nlp.knowledge import Knowledge, RegistryName, surface_key


def article_mentions(*, article: Article) -> QuerySet[EntityMention]:
    return EntityMention.objects.visible().filter(article=article).order_by("start", "end")


def article_quotes(*, article: Article) -> list[Quote]:
    quotes = list(
        Quote.objects.visible()
        .filter(article=article)
        .select_related("speaker_entity")
        .order_by("start", "end")
    )
    for quote in quotes:
        quote.article = article  # cue and speaker texts read the body without a query each
    return quotes


def article_entities(*, article: Article) -> QuerySet[Entity]:
    """The article's entities that have visible mentions, most mentioned first."""
    return (
        Entity.objects.filter(article=article)
        .annotate(mention_count=Count("mentions", filter=~Q(mentions__status=Status.REJECTED)))
        .filter(mention_count__gt=0)
        .order_by("-mention_count", "name")
    )


@dataclass(frozen=True, slots=True)
class _Segment:
    start: int
    end: int
    mention: EntityMention | None
    quote: Quote | None


def _segments(length: int, mentions: list[EntityMention], quotes: list[Quote]) -> list[_Segment]:
    cuts = {0, length}
    for item in (*mentions, *quotes):
        cuts.add(item.start)
        cuts.add(item.end)
    points = sorted(c for c in cuts if 0 <= c <= length)
    segments = []
    m_index = q_index = 0
    mentions = sorted(mentions, key=lambda m: (m.start, -m.end))
    quotes = sorted(quotes, key=lambda q: (q.start, -q.end))
    for start, end in zip(points, points[1:], strict=False):
        while m_index < len(mentions) and mentions[m_index].end <= start:
            m_index += 1
        while q_index < len(quotes) and quotes[q_index].end <= start:
            q_index += 1
        mention = next(
            (m for m in mentions[m_index : m_index + 4] if m.start <= start and end <= m.end), None
        )
        quote = next(
            (q for q in quotes[q_index : q_index + 4] if q.start <= start and end <= q.end), None
        )
        segments.append(_Segment(start, end, mention, quote))
    return segments


def highlighted_body(
    *, body: str, mentions: list[EntityMention], quotes: list[Quote] | None = None
) -> SafeString:
    """The body as HTML: every character escaped, mentions and quotes wrapped in elements.

    The text content of the result is exactly `body`, so offsets counted in the page's text
    are offsets into the body.
    """
    parts: list[str] = []
    open_quote: Quote | None = None
    for segment in _segments(len(body), mentions, quotes or []):
        if segment.quote is not open_quote:
            if open_quote is not None:
                parts.append("</span>")
            if segment.quote is not None:
                q = segment.quote
                parts.append(
                    f'<span class="quote quote-{escape(q.kind)} is-{escape(q.status)}" '
                    f'data-quote="{q.id}">'
                )
            open_quote = segment.quote
        text = escape(body[segment.start : segment.end])
        m = segment.mention
        if m is None:
            parts.append(text)
        else:
            parts.append(
                f'<mark class="ent ent-{escape(m.label)} is-{escape(m.status)}" '
                f'data-mention="{m.id}" data-entity="{m.entity_id or ""}" '
                f'data-label="{escape(m.label)}">{text}</mark>'
            )
    if open_quote is not None:
        parts.append("</span>")
    return mark_safe("".join(parts))  # noqa: S308 - every piece of text above is escaped


# --- The correction workspace ------------------------------------------------------------
# The workspace draws the article in the browser from plain data, so that an action redraws
# only the rows it changed. These shapes are what the page and every save response carry.


# The fields each shape is made from: read from a model instance (in a save's answer) or as
# plain values for a whole article (no model instance made), through the same function.
_MENTION_FIELDS = ("id", "start", "end", "label", "status", "origin", "entity_id")
_QUOTE_FIELDS = (
    "id", "start", "end", "kind", "status", "origin", "cue_start", "cue_end",
    "speaker_start", "speaker_end", "speaker_entity_id", "speaker_type", "reason",
)  # fmt: skip


def _mention_shape(row: Mapping) -> dict:
    return {
        "id": row["id"],
        "start": row["start"],
        "end": row["end"],
        "label": row["label"],
        "status": row["status"],
        "origin": row["origin"],
        "entity": row["entity_id"],
    }


def _quote_shape(row: Mapping) -> dict:
    return {
        "id": row["id"],
        "start": row["start"],
        "end": row["end"],
        "kind": row["kind"],
        "status": row["status"],
        "origin": row["origin"],
        "cue": [row["cue_start"], row["cue_end"]] if row["cue_start"] is not None else None,
        "speaker": [row["speaker_start"], row["speaker_end"]]
        if row["speaker_start"] is not None
        else None,
        "speaker_entity": row["speaker_entity_id"],
        "speaker_type": row["speaker_type"],
        "reason": row["reason"],
    }


def mention_data(mention: EntityMention) -> dict:
    return _mention_shape({name: getattr(mention, name) for name in _MENTION_FIELDS})


def quote_data(quote: Quote) -> dict:
    return _quote_shape({name: getattr(quote, name) for name in _QUOTE_FIELDS})


def entity_data(entity: Entity) -> dict:
    registry = entity.registry
    return {
        "id": entity.id,
        "name": entity.name,
        "label": entity.label,
        "registry": entity.registry_id,
        "registry_name": registry.name if registry else None,
    }


def event_data(event: AnnotationEvent) -> dict:
    return {
        "id": event.id,
        "actor": event.actor.get_username() if event.actor else "pre-tagger",
        "action": event.action,
        "target": event.target,
        "before": event.before,
        "after": event.after,
        "version": event.article_version,
        "at": event.created_at.isoformat(),
    }


def article_fresh(*, article_id: int) -> Article:
    """The article as it is now in the database (after someone else changed it)."""
    return Article.objects.get(id=article_id)


def article_events(*, article: Article, since_version: int | None = None) -> QuerySet:
    """The article's history, newest first; or only what came after a version."""
    events = AnnotationEvent.objects.filter(article=article).select_related("actor")
    if since_version is not None:
        events = events.filter(article_version__gt=since_version)
    return events.order_by("-created_at", "-id")


def workspace_state(*, article: Article) -> dict:
    """Everything the workspace draws, except the body (which never changes)."""
    mentions = EntityMention.objects.visible().filter(article=article)
    quotes = Quote.objects.visible().filter(article=article)
    entities = Entity.objects.filter(article=article).select_related("registry")
    return {
        "version": article.version,
        "mentions": [
            _mention_shape(row)
            for row in mentions.order_by("start", "end").values(*_MENTION_FIELDS)
        ],
        "quotes": [
            _quote_shape(row) for row in quotes.order_by("start", "end").values(*_QUOTE_FIELDS)
        ],
        "entities": [entity_data(e) for e in entities],
        "history": _history(article),
    }


def _history(article: Article) -> list[dict]:
    events = list(article_events(article=article)[:30])
    sentences = event_sentences(article=article, events=events)
    return [event_data(e) | {"sentence": sentences[e.id]} for e in events]


PRESENT_FOR = datetime.timedelta(minutes=2)


def others_present(*, article: Article, user) -> list[str]:
    """Who else had the article's workspace open in the last two minutes."""
    since = timezone.now() - PRESENT_FOR
    rows = Presence.objects.filter(article=article, seen_at__gte=since).exclude(user=user)
    return sorted(rows.values_list("user__username", flat=True))


def registry_search(*, query: str = "", label: str = "", limit: int = 50) -> QuerySet:
    entries = RegistryEntity.objects.select_related("role")
    if label:
        entries = entries.filter(label=label)
    query = query.strip()
    if query:
        # Whatever the case and accents: "zoe" finds "Zoë".
        entries = entries.alias(alias_text=Cast("aliases", TextField())).filter(
            Q(name__fold__contains=search_key(query))
            | Q(alias_text__fold__contains=search_key(query))
        )
    return entries.order_by("name")[:limit]


def pretag_knowledge() -> Knowledge:
    """What the newsroom has taught the pre-tagger so far, read in three grouped queries.

    The registry's names and aliases; for each surface form, the label confirmed in the most
    published articles; and the forms whose machine suggestions people rejected in at least
    NEWSDESK_REJECTED_FORM_LIMIT articles.
    """
    registry = tuple(
        RegistryName(id=r.id, name=r.name, label=r.label, aliases=tuple(r.aliases or ()))
        for r in RegistryEntity.objects.order_by("id").only("id", "name", "label", "aliases")
    )
    confirmed: dict[str, str] = {}
    votes = (
        ConfirmedLabel.objects.values("surface", "label")
        .annotate(articles=Count("article", distinct=True))
        .order_by("surface", "-articles", "label")
    )
    for row in votes:
        confirmed.setdefault(row["surface"], row["label"])
    rejected = (
        EntityMention.objects.filter(origin=Origin.MACHINE, status=Status.REJECTED)
        .annotate(form=Lower("text"))
        .values("form")
        .annotate(articles=Count("article", distinct=True))
        .filter(articles__gte=settings.NEWSDESK_REJECTED_FORM_LIMIT)
        .values_list("form", flat=True)
    )
    return Knowledge(
        registry=registry,
        confirmed_labels=confirmed,
        rejected=frozenset(surface_key(form) for form in rejected),
    )
