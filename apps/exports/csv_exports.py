"""CSV exports, streamed row by row so memory stays flat however many rows there are."""

from __future__ import annotations

from collections.abc import Iterator

from django.db.models import Count, F, IntegerField, OuterRef, Q, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce, Length, Substr

from apps.annotations.models import EntityMention, Quote, Status
from apps.articles.models import Article
from apps.core.csv import csv_lines
from apps.exports.selectors import ExportFilters, export_articles, export_mentions
from apps.publishing.models import PublishedQuote

CHUNK = 2000

ARTICLE_COLUMNS = [
    "article_id", "title", "byline", "source", "url", "published_at", "added_at",
    "tagging_state", "tagger_version", "characters", "mentions", "quotes",
]  # fmt: skip
ENTITY_COLUMNS = ["article_id", "title", "mention", "label", "entity", "start", "end", "status"]
# One row per quote, for data journalists. `quote_id` is the working quote's id, or in a
# published version the published quote's; `nested_in` is the id of the quote this one lies
# within (a partial quote inside a direct one); `published_version` is the version's number
# (empty for working annotations); `speaker_role` is the role recorded on the speaker's
# registry entry, if any.
QUOTE_COLUMNS = [
    "quote_id", "article_id", "title", "article_date", "source", "url", "kind", "quote",
    "start", "end", "cue", "speaker", "speaker_entity", "speaker_type", "speaker_role",
    "nested_in", "published_version", "status",
]  # fmt: skip


def _count(model: type, statuses: list[str]) -> Coalesce:
    counted = (
        model.objects.filter(article=OuterRef("pk"), status__in=statuses)
        .order_by()
        .values("article")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(counted), 0)


def article_rows(
    *, articles: QuerySet[Article], accepted_only: bool = False, formula_safe: bool = True
) -> Iterator[str]:
    statuses = [Status.ACCEPTED] if accepted_only else [Status.ACCEPTED, Status.SUGGESTED]
    rows = (
        articles.order_by("id")
        .annotate(
            characters=Length("body"),
            mention_total=_count(EntityMention, statuses),
            quote_total=_count(Quote, statuses),
        )
        .values_list(
            "id", "title", "byline", "source", "url", "published_at", "created_at",
            "tagging_state", "tagger_version", "characters", "mention_total", "quote_total",
        )
    )  # fmt: skip
    return csv_lines(ARTICLE_COLUMNS, rows.iterator(chunk_size=CHUNK), formula_safe=formula_safe)


def mention_rows(*, mentions: QuerySet[EntityMention], formula_safe: bool = True) -> Iterator[str]:
    rows = mentions.values_list(
        "article_id", "article__title", "text", "label", "entity__name", "start", "end", "status"
    )
    return csv_lines(ENTITY_COLUMNS, rows.iterator(chunk_size=CHUNK), formula_safe=formula_safe)


def quote_rows(*, quotes: QuerySet[Quote], formula_safe: bool = True) -> Iterator[str]:
    # Cue and speaker texts are cut from the body in the database (PostgreSQL counts code
    # points, as the offsets do), so no article body is loaded here.
    rows = quotes.annotate(
        cue=_body_slice("cue_start", "cue_end"),
        speaker=_body_slice("speaker_start", "speaker_end"),
        nested_in=_enclosing_quote(quotes, within="article"),
        published_version=Value(None, output_field=IntegerField()),
    ).values_list(
        "id", "article_id", "article__title", "article__published_at", "article__source",
        "article__url", "kind", "text", "start", "end", "cue", "speaker", "speaker_entity__name",
        "speaker_type", "speaker_entity__registry__role__name", "nested_in", "published_version",
        "status",
    )  # fmt: skip
    return csv_lines(QUOTE_COLUMNS, rows.iterator(chunk_size=CHUNK), formula_safe=formula_safe)


def published_quote_rows(
    *, quotes: QuerySet[PublishedQuote], formula_safe: bool = True
) -> Iterator[str]:
    """The quotes of published versions, read from their frozen rows. The speaker's role is
    looked up now: it is a fact recorded on the registry entry, not part of the version."""
    rows = quotes.annotate(
        nested_in=_enclosing_quote(PublishedQuote.objects.all(), within="version"),
        status=Value("published"),
    ).values_list(
        "id", "article_id", "version__title", "version__article_date", "version__source",
        "version__url", "kind", "text", "start", "end", "cue", "speaker", "speaker_entity",
        "speaker_type", "speaker_registry__role__name", "nested_in", "version__number", "status",
    )  # fmt: skip
    return csv_lines(QUOTE_COLUMNS, rows.iterator(chunk_size=CHUNK), formula_safe=formula_safe)


def _enclosing_quote(scope: QuerySet, *, within: str) -> Subquery:
    """The id of the shortest other quote of `scope` (in the same article or version) whose
    span holds this quote's. Of two quotes with the same span, the second lies within the
    first, as `PublishedQuote.nested` counts them."""
    outer = (
        scope.filter(
            **{within: OuterRef(within)}, start__lte=OuterRef("start"), end__gte=OuterRef("end")
        )
        .exclude(pk=OuterRef("pk"))
        .annotate(length=F("end") - F("start"))
        .filter(
            Q(length__gt=OuterRef("end") - OuterRef("start"))
            | Q(start=OuterRef("start"), end=OuterRef("end"), pk__lt=OuterRef("pk"))
        )
        .order_by("length", "pk")
        .values("pk")[:1]
    )
    return Subquery(outer, output_field=IntegerField())


def _body_slice(start: str, end: str) -> Substr:
    return Substr("article__body", F(start) + 1, F(end) - F(start))


def entity_mention_rows(*, article_ids: list[int]) -> Iterator[str]:
    articles = export_articles(filters=ExportFilters(article_ids=tuple(article_ids)))
    return mention_rows(mentions=export_mentions(articles=articles))
