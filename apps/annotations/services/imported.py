"""Annotations that come with an imported article (the `pretag` shape), stored in one go."""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.utils import timezone

from apps.annotations.models import Entity, EntityMention, HistoryAction, Origin, Quote, Status
from apps.annotations.services.history import event_record
from apps.articles.models import Article, TaggingState
from apps.articles.normalise import IngestError
from apps.nlp.types import QUOTE_KINDS, SPEAKER_TYPES

IMPORTED_TAGGER = "imported"


MAX_ANNOTATIONS_PER_ARTICLE = 20_000


def _span(value: object, body: str, what: str) -> tuple[int, int]:
    if not isinstance(value, dict):
        raise IngestError(f"Each {what} must be an object with start and end.")
    start, end = value.get("start"), value.get("end")
    if not all(isinstance(n, int) and not isinstance(n, bool) for n in (start, end)):
        raise IngestError(f"A {what} needs whole-number start and end offsets.")
    if not 0 <= start < end <= len(body):
        raise IngestError(f"A {what} at {start}–{end} lies outside the text.")
    text = value.get("text")
    if text is not None and text != body[start:end]:
        raise IngestError(
            f"A {what} at {start}–{end} says {str(text)[:60]!r} but the text there is "
            f"{body[start:end][:60]!r}."
        )
    return start, end


def _entity_label(value: object) -> str:
    label = str(value or "").strip()
    if not label or len(label) > 20 or not label.replace("_", "").replace("-", "").isalnum():
        raise IngestError(f"Entity label {str(value)[:30]!r} is not a label.")
    return label


def annotations_import(
    *,
    article: Article,
    entities: list,
    quotes: list,
    accepted: bool,
    actor: AbstractBaseUser | None,
) -> None:
    """Store annotations that came with an article (pretag shape), with one history row.

    Accepted annotations count as a person's work; suggestions count as the pre-tagger's, so
    a later re-tag may replace them. The article is marked tagged, so the queued pre-tagging
    job leaves it alone.
    """
    body = article.body
    if len(entities) + len(quotes) > MAX_ANNOTATIONS_PER_ARTICLE:
        raise IngestError("The article carries too many annotations.")
    origin = Origin.HUMAN if accepted else Origin.MACHINE
    status = Status.ACCEPTED if accepted else Status.SUGGESTED
    mentions: dict[tuple[int, int, str], tuple[str, str]] = {}
    for value in entities:
        start, end = _span(value, body, "entity mention")
        label = _entity_label(value.get("label"))
        name = value.get("entity") or body[start:end]
        if not isinstance(name, str):
            raise IngestError("An entity name must be text.")
        mentions[(start, end, label)] = (" ".join(name.split())[:300] or body[start:end], label)
    quote_rows: dict[tuple[int, int], dict] = {}
    for value in quotes:
        start, end = _span(value, body, "quote")
        kind = value.get("kind")
        if kind not in QUOTE_KINDS:
            raise IngestError(f"Quote kind must be one of {', '.join(QUOTE_KINDS)}.")
        cue = _span(value["cue"], body, "quote cue") if value.get("cue") else None
        speaker = _span(value["speaker"], body, "quote speaker") if value.get("speaker") else None
        speaker_type = value.get("speaker_type") or "unknown"
        if speaker_type not in SPEAKER_TYPES:
            raise IngestError(f"Speaker type must be one of {', '.join(SPEAKER_TYPES)}.")
        quote_rows[(start, end)] = {
            "kind": kind,
            "cue": cue,
            "speaker": speaker,
            "speaker_entity": value.get("speaker_entity") or "",
            "speaker_type": speaker_type,
        }
    with transaction.atomic():
        article = Article.objects.select_for_update().get(pk=article.pk)
        Entity.objects.bulk_create(
            [
                Entity(article=article, name=name, label=label, origin=origin)
                for name, label in set(mentions.values())
            ],
            ignore_conflicts=True,
        )
        by_key = {(e.name, e.label): e for e in Entity.objects.filter(article=article)}
        EntityMention.objects.bulk_create(
            [
                EntityMention(
                    article=article,
                    entity=by_key[key],
                    start=start,
                    end=end,
                    label=label,
                    text=body[start:end][:1000],
                    origin=origin,
                    status=status,
                )
                for (start, end, label), key in mentions.items()
            ],
            batch_size=1000,
        )
        by_name: dict[str, Entity] = {}
        for (name, _kind), entity in sorted(by_key.items(), key=lambda kv: kv[0][1] != "PERSON"):
            by_name.setdefault(name, entity)
        Quote.objects.bulk_create(
            [
                Quote(
                    article=article,
                    start=start,
                    end=end,
                    text=body[start:end],
                    kind=row["kind"],
                    cue_start=row["cue"][0] if row["cue"] else None,
                    cue_end=row["cue"][1] if row["cue"] else None,
                    speaker_start=row["speaker"][0] if row["speaker"] else None,
                    speaker_end=row["speaker"][1] if row["speaker"] else None,
                    speaker_entity=by_name.get(row["speaker_entity"]),
                    speaker_type=row["speaker_type"],
                    reason="imported",
                    origin=origin,
                    status=status,
                )
                for (start, end), row in quote_rows.items()
            ],
            batch_size=1000,
        )
        article.tagging_state = TaggingState.DONE
        article.tagging_error = ""
        article.tagged_at = timezone.now()
        article.tagger_version = IMPORTED_TAGGER
        article.version += 1
        article.save()
        event_record(
            article=article,
            actor=actor,
            action=HistoryAction.IMPORT,
            after={"mentions": len(mentions), "quotes": len(quote_rows), "status": status},
        )
