"""Reads of annotations, and the highlighted rendering of an article's text."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from apps.annotations.models import Entity, EntityMention, Quote, Status
from apps.articles.models import Article


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
