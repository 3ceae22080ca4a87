"""Every change to annotations goes through here, with its history row in the same transaction."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.utils import timezone

from apps.annotations.models import (
    MENTION_LABELS,
    AnnotationEvent,
    Entity,
    EntityMention,
    Origin,
    Quote,
    QuoteKind,
    RegistryEntity,
    SpeakerType,
    Status,
)
from apps.articles.models import Article, TaggingState
from apps.nlp.pipeline import PRETAGGER_VERSION, get_nlp, model_version, pretag_texts
from apps.nlp.types import PretagResult

logger = logging.getLogger(__name__)


def event_record(
    *,
    article: Article,
    actor: AbstractBaseUser | None,
    action: str,
    target: str = "",
    before: dict | None = None,
    after: dict | None = None,
    article_version: int | None = None,
) -> AnnotationEvent:
    return AnnotationEvent.objects.create(
        article=article,
        actor=actor,
        action=action,
        target=target,
        before=before,
        after=after,
        article_version=article_version,
    )


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
        results = list(pretag_texts(((str(a.id), a.body) for a in articles), nlp=nlp))
        tagger = f"{model_version(nlp)}+newsdesk-{PRETAGGER_VERSION}"
    except Exception as exc:  # the model could not load or crashed: say so on every article
        logger.exception("pre-tagging failed for %s", article_ids)
        for article in articles:
            _mark_failed(article.id, exc)
        return
    for article, result in zip(articles, results, strict=True):
        try:
            suggestions_store(article_id=article.id, result=result, tagger=tagger)
        except Exception as exc:
            logger.exception("storing suggestions failed for article %s", article.id)
            _mark_failed(article.id, exc)


def _mark_failed(article_id: int, exc: Exception) -> None:
    reason = f"{type(exc).__name__}: {exc}"[:1000]
    Article.objects.filter(id=article_id).update(
        tagging_state=TaggingState.FAILED, tagging_error=reason, updated_at=timezone.now()
    )


def suggestions_store(*, article_id: int, result: PretagResult, tagger: str) -> None:
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
            action="pretag",
            article_version=article.version,
            after={
                "mentions": len(result.entities),
                "quotes": len(result.quotes),
                "tagger": tagger,
            },
        )


# --- The correction workspace ------------------------------------------------------------
#
# Every workspace action locks the article, checks the version the annotator last saw, makes
# its change, bumps the version and writes one history row, all in one transaction. Each
# returns a `WorkspaceChange` naming the rows it touched (so the page redraws only those)
# and the action that reverses it (so undo and redo are ordinary actions, saved and
# checked like any other).


class VersionConflict(Exception):
    """Someone changed the article after the version the annotator's action was based on."""

    def __init__(self, current: int) -> None:
        super().__init__(f"the article is now at version {current}")
        self.current = current


class AnnotationRefused(ValueError):
    """The action makes no sense for this article (bad span, unknown label, …)."""


@dataclass
class WorkspaceChange:
    article: Article
    undo: dict
    mentions: list[EntityMention] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)
    entities: list[Entity] = field(default_factory=list)
    deleted_mentions: list[int] = field(default_factory=list)
    deleted_quotes: list[int] = field(default_factory=list)
    deleted_entities: list[int] = field(default_factory=list)
    event: AnnotationEvent | None = None


def _finish(edit: _Edit, undo: dict, **rows: list) -> WorkspaceChange:
    """The answer to one action: what changed, how to undo it, and its history row."""
    return WorkspaceChange(edit.article, undo, event=edit.event, **rows)


class _Edit:
    def __init__(self, article: Article) -> None:
        self.article = article
        self.action = ""
        self.target = ""
        self.before: dict | None = None
        self.after: dict | None = None

    def record(self, action: str, target: str, before: dict | None, after: dict | None) -> None:
        self.action, self.target, self.before, self.after = action, target, before, after


@contextmanager
def _editing(*, article_id: int, version: int, actor: AbstractBaseUser) -> Iterator[_Edit]:
    with transaction.atomic():
        # The body is read only by the actions that need its text (spans), so accepting or
        # relabelling costs the same on a long article as on a short one.
        article = Article.objects.select_for_update().only("id", "version").get(id=article_id)
        if article.version != version:
            raise VersionConflict(article.version)
        edit = _Edit(article)
        yield edit
        article.version += 1
        Article.objects.filter(id=article.id).update(version=article.version)
        edit.event = event_record(
            article=article,
            actor=actor,
            action=edit.action,
            target=edit.target,
            before=edit.before,
            after=edit.after,
            article_version=article.version,
        )


def _span(article: Article, start: int, end: int, what: str = "span") -> tuple[int, int]:
    if not (0 <= start < end <= len(article.body)):
        raise AnnotationRefused(
            f"The {what} [{start}, {end}) is not inside the article (0–{len(article.body)})."
        )
    return start, end


def _label(label: str) -> str:
    if label not in MENTION_LABELS:
        raise AnnotationRefused(f"{label!r} is not a label annotators may use.")
    return label


def _mention(article: Article, mention_id: int) -> EntityMention:
    # Looked up within the article: an id from another article is simply not found.
    return EntityMention.objects.select_for_update().get(id=mention_id, article=article)


def _quote(article: Article, quote_id: int) -> Quote:
    return Quote.objects.select_for_update().get(id=quote_id, article=article)


def _entity(article: Article, entity_id: int) -> Entity:
    return Entity.objects.select_for_update().get(id=entity_id, article=article)


def _mention_state(m: EntityMention) -> dict:
    return {
        "start": m.start,
        "end": m.end,
        "label": m.label,
        "status": m.status,
        "entity": m.entity_id,
        "text": m.text,
    }


def _quote_state(q: Quote) -> dict:
    return {
        "start": q.start,
        "end": q.end,
        "kind": q.kind,
        "status": q.status,
        "cue": [q.cue_start, q.cue_end] if q.cue_start is not None else None,
        "speaker": [q.speaker_start, q.speaker_end] if q.speaker_start is not None else None,
        "speaker_entity": q.speaker_entity_id,
        "speaker_type": q.speaker_type,
    }


def _entity_for_text(article: Article, text: str, label: str) -> Entity:
    """The article's entity a new mention belongs to: one already named so, or a new one."""
    existing = (
        Entity.objects.filter(article=article, label=label, mentions__text=text)
        .exclude(mentions__status=Status.REJECTED)
        .first()
    ) or Entity.objects.filter(article=article, label=label, name=text).first()
    if existing:
        return existing
    return Entity.objects.create(article=article, name=text[:300], label=label, origin=Origin.HUMAN)


def _was_deleted(article: Article, kind: str, row_id: int) -> bool:
    """Only rows this article's history deleted can come back, under their old id."""
    return AnnotationEvent.objects.filter(
        article=article, action__in=[f"{kind}_delete", f"{kind}_merge"], target=f"{kind}:{row_id}"
    ).exists()


def mention_create(
    *,
    article_id: int,
    version: int,
    actor: AbstractBaseUser,
    start: int,
    end: int,
    label: str,
    entity_id: int | None = None,
) -> WorkspaceChange:
    with _editing(article_id=article_id, version=version, actor=actor) as edit:
        article = edit.article
        start, end = _span(article, start, end)
        label = _label(label)
        text = article.body[start:end]
        entity = (
            _entity(article, entity_id) if entity_id else _entity_for_text(article, text, label)
        )
        mention = EntityMention.objects.create(
            article=article,
            entity=entity,
            start=start,
            end=end,
            label=label,
            text=text[:1000],
            origin=Origin.HUMAN,
            status=Status.ACCEPTED,
        )
        edit.record("mention_create", f"mention:{mention.id}", None, _mention_state(mention))
    return _finish(
        edit, {"op": "mention_delete", "id": mention.id}, mentions=[mention], entities=[entity]
    )


_MENTION_ACTIONS = {
    frozenset({"status"}): "mention_status",
    frozenset({"label"}): "mention_relabel",
    frozenset({"start", "end"}): "mention_resize",
    frozenset({"entity"}): "mention_move",
}


def mention_update(
    *,
    article_id: int,
    version: int,
    actor: AbstractBaseUser,
    id: int,  # noqa: A002 - the name the page sends
    label: str | None = None,
    status: str | None = None,
    start: int | None = None,
    end: int | None = None,
    entity: int | None = None,
) -> WorkspaceChange:
    """Accept, reject, relabel, resize, or move a mention to another entity of the article."""
    with _editing(article_id=article_id, version=version, actor=actor) as edit:
        article = edit.article
        mention = _mention(article, id)
        before = _mention_state(mention)
        if label is not None:
            mention.label = _label(label)
        if status is not None:
            if status not in Status.values:
                raise AnnotationRefused(f"{status!r} is not a status.")
            mention.status = status
        if start is not None or end is not None:
            mention.start, mention.end = _span(
                article,
                mention.start if start is None else start,
                mention.end if end is None else end,
            )
            mention.text = article.body[mention.start : mention.end][:1000]
        if entity is not None:
            mention.entity = _entity(article, entity)
        mention.save()
        after = _mention_state(mention)
        changed = {k for k in after if after[k] != before[k]} - {"text"}
        old = {k: before[k] for k in changed}
        edit.record(
            _MENTION_ACTIONS.get(frozenset(changed), "mention_update"),
            f"mention:{mention.id}",
            old,
            {k: after[k] for k in changed},
        )
    # The answer carries only what changed: the entity only when the mention moved to it.
    return _finish(
        edit,
        {"op": "mention_update", "id": mention.id, **old},
        mentions=[mention],
        entities=[mention.entity] if "entity" in changed and mention.entity else [],
    )


def mention_delete(
    *,
    article_id: int,
    version: int,
    actor: AbstractBaseUser,
    id: int,  # noqa: A002
) -> WorkspaceChange:
    with _editing(article_id=article_id, version=version, actor=actor) as edit:
        mention = _mention(edit.article, id)
        state = _mention_state(mention) | {"origin": mention.origin}
        mention.delete()
        edit.record("mention_delete", f"mention:{id}", state, None)
    state.pop("text")
    return _finish(edit, {"op": "mention_restore", "id": id, **state}, deleted_mentions=[id])


def mention_restore(
    *,
    article_id: int,
    version: int,
    actor: AbstractBaseUser,
    id: int,  # noqa: A002
    start: int,
    end: int,
    label: str,
    status: str,
    origin: str,
    entity: int | None = None,
) -> WorkspaceChange:
    """Bring back a deleted mention under its old id (the undo of a delete)."""
    with _editing(article_id=article_id, version=version, actor=actor) as edit:
        article = edit.article
        if not _was_deleted(article, "mention", id) or EntityMention.objects.filter(id=id).exists():
            raise EntityMention.DoesNotExist
        start, end = _span(article, start, end)
        entity_row = Entity.objects.filter(id=entity, article=article).first() if entity else None
        mention = EntityMention.objects.create(
            id=id,
            article=article,
            entity=entity_row,
            start=start,
            end=end,
            label=_label(label),
            text=article.body[start:end][:1000],
            origin=origin if origin in Origin.values else Origin.HUMAN,
            status=status if status in Status.values else Status.SUGGESTED,
        )
        edit.record("mention_restore", f"mention:{id}", None, _mention_state(mention))
    return _finish(
        edit,
        {"op": "mention_delete", "id": id},
        mentions=[mention],
        entities=[entity_row] if entity_row else [],
    )


def suggestions_accept(
    *, article_id: int, version: int, actor: AbstractBaseUser, label: str | None = None
) -> WorkspaceChange:
    """Accept every suggestion still to be checked: of the article, or of one label."""
    with _editing(article_id=article_id, version=version, actor=actor) as edit:
        article = edit.article
        mentions = EntityMention.objects.filter(article=article, status=Status.SUGGESTED)
        quotes = Quote.objects.filter(article=article, status=Status.SUGGESTED)
        if label:
            mentions = mentions.filter(label=_label(label))
            quotes = quotes.none()
        mention_ids = list(mentions.values_list("id", flat=True))
        quote_ids = list(quotes.values_list("id", flat=True))
        now = timezone.now()
        mentions.update(status=Status.ACCEPTED, updated_at=now)
        quotes.update(status=Status.ACCEPTED, updated_at=now)
        edit.record(
            "suggestions_accept",
            f"label:{label}" if label else "article",
            {"status": Status.SUGGESTED},
            {"status": Status.ACCEPTED, "mentions": mention_ids, "quotes": quote_ids},
        )
    return _statuses_change(edit, mention_ids, quote_ids, Status.SUGGESTED)


def statuses_set(
    *,
    article_id: int,
    version: int,
    actor: AbstractBaseUser,
    mentions: list[int],
    quotes: list[int],
    status: str,
) -> WorkspaceChange:
    """Set the status of many annotations at once (the undo and redo of accept-all)."""
    if status not in Status.values:
        raise AnnotationRefused(f"{status!r} is not a status.")
    with _editing(article_id=article_id, version=version, actor=actor) as edit:
        article = edit.article
        mention_rows = EntityMention.objects.filter(article=article, id__in=mentions)
        quote_rows = Quote.objects.filter(article=article, id__in=quotes)
        mention_ids = list(mention_rows.values_list("id", flat=True))
        quote_ids = list(quote_rows.values_list("id", flat=True))
        previous = Status.ACCEPTED if status == Status.SUGGESTED else Status.SUGGESTED
        now = timezone.now()
        mention_rows.update(status=status, updated_at=now)
        quote_rows.update(status=status, updated_at=now)
        edit.record(
            "statuses_set",
            "article",
            {"status": previous},
            {"status": status, "mentions": mention_ids, "quotes": quote_ids},
        )
    return _statuses_change(edit, mention_ids, quote_ids, previous)


def _statuses_change(
    edit: _Edit, mention_ids: list[int], quote_ids: list[int], undo_status: str
) -> WorkspaceChange:
    return _finish(
        edit,
        {"op": "statuses_set", "mentions": mention_ids, "quotes": quote_ids, "status": undo_status},
        mentions=list(EntityMention.objects.filter(id__in=mention_ids)),
        quotes=list(Quote.objects.filter(id__in=quote_ids)),
    )


def quote_create(
    *,
    article_id: int,
    version: int,
    actor: AbstractBaseUser,
    start: int,
    end: int,
    kind: str,
) -> WorkspaceChange:
    with _editing(article_id=article_id, version=version, actor=actor) as edit:
        article = edit.article
        start, end = _span(article, start, end)
        if kind not in QuoteKind.values:
            raise AnnotationRefused(f"{kind!r} is not a kind of quote.")
        quote = Quote.objects.create(
            article=article,
            start=start,
            end=end,
            text=article.body[start:end],
            kind=kind,
            origin=Origin.HUMAN,
            status=Status.ACCEPTED,
            speaker_type=SpeakerType.UNKNOWN,
        )
        edit.record("quote_create", f"quote:{quote.id}", None, _quote_state(quote))
    return _finish(edit, {"op": "quote_delete", "id": quote.id}, quotes=[quote])


_UNSET = object()


def quote_update(
    *,
    article_id: int,
    version: int,
    actor: AbstractBaseUser,
    id: int,  # noqa: A002
    start: int | None = None,
    end: int | None = None,
    kind: str | None = None,
    status: str | None = None,
    cue: list[int] | None | object = _UNSET,
    speaker: list[int] | None | object = _UNSET,
    speaker_entity: int | None | object = _UNSET,
    speaker_type: str | None = None,
) -> WorkspaceChange:
    """Change a quote's boundaries, kind, status, cue or speaker; `None` clears cue/speaker."""
    with _editing(article_id=article_id, version=version, actor=actor) as edit:
        article = edit.article
        quote = _quote(article, id)
        before = _quote_state(quote)
        if start is not None or end is not None:
            quote.start, quote.end = _span(
                article,
                quote.start if start is None else start,
                quote.end if end is None else end,
            )
            quote.text = article.body[quote.start : quote.end]
        if kind is not None:
            if kind not in QuoteKind.values:
                raise AnnotationRefused(f"{kind!r} is not a kind of quote.")
            quote.kind = kind
        if status is not None:
            if status not in Status.values:
                raise AnnotationRefused(f"{status!r} is not a status.")
            quote.status = status
        if cue is not _UNSET:
            quote.cue_start, quote.cue_end = _span(article, *cue, "cue") if cue else (None, None)
        if speaker is not _UNSET:
            quote.speaker_start, quote.speaker_end = (
                _span(article, *speaker, "speaker") if speaker else (None, None)
            )
        if speaker_entity is not _UNSET:
            quote.speaker_entity = _entity(article, speaker_entity) if speaker_entity else None
        if speaker_type is not None:
            if speaker_type not in SpeakerType.values:
                raise AnnotationRefused(f"{speaker_type!r} is not a kind of speaker.")
            quote.speaker_type = speaker_type
        quote.save()
        after = _quote_state(quote)
        changed = [k for k in after if after[k] != before[k]]
        old = {k: before[k] for k in changed}
        edit.record(
            f"quote_{changed[0]}" if len(changed) == 1 else "quote_update",
            f"quote:{quote.id}",
            old,
            {k: after[k] for k in changed},
        )
    quote.article = article
    return _finish(edit, {"op": "quote_update", "id": quote.id, **old}, quotes=[quote])


def quote_delete(
    *,
    article_id: int,
    version: int,
    actor: AbstractBaseUser,
    id: int,  # noqa: A002
) -> WorkspaceChange:
    with _editing(article_id=article_id, version=version, actor=actor) as edit:
        quote = _quote(edit.article, id)
        state = _quote_state(quote) | {"origin": quote.origin, "reason": quote.reason}
        quote.delete()
        edit.record("quote_delete", f"quote:{id}", state, None)
    return _finish(edit, {"op": "quote_restore", "id": id, **state}, deleted_quotes=[id])


def quote_restore(
    *,
    article_id: int,
    version: int,
    actor: AbstractBaseUser,
    id: int,  # noqa: A002
    start: int,
    end: int,
    kind: str,
    status: str,
    origin: str,
    cue: list[int] | None = None,
    speaker: list[int] | None = None,
    speaker_entity: int | None = None,
    speaker_type: str = SpeakerType.UNKNOWN,
    reason: str = "",
) -> WorkspaceChange:
    """Bring back a deleted quote under its old id (the undo of a delete)."""
    with _editing(article_id=article_id, version=version, actor=actor) as edit:
        article = edit.article
        if not _was_deleted(article, "quote", id) or Quote.objects.filter(id=id).exists():
            raise Quote.DoesNotExist
        start, end = _span(article, start, end)
        cue_span = _span(article, *cue, "cue") if cue else (None, None)
        speaker_span = _span(article, *speaker, "speaker") if speaker else (None, None)
        quote = Quote.objects.create(
            id=id,
            article=article,
            start=start,
            end=end,
            text=article.body[start:end],
            kind=kind if kind in QuoteKind.values else QuoteKind.DIRECT,
            status=status if status in Status.values else Status.SUGGESTED,
            origin=origin if origin in Origin.values else Origin.HUMAN,
            cue_start=cue_span[0],
            cue_end=cue_span[1],
            speaker_start=speaker_span[0],
            speaker_end=speaker_span[1],
            speaker_entity=Entity.objects.filter(id=speaker_entity, article=article).first()
            if speaker_entity
            else None,
            speaker_type=speaker_type
            if speaker_type in SpeakerType.values
            else SpeakerType.UNKNOWN,
            reason=reason[:500],
        )
        edit.record("quote_restore", f"quote:{id}", None, _quote_state(quote))
    quote.article = article
    return _finish(edit, {"op": "quote_delete", "id": id}, quotes=[quote])


def _entity_state(entity: Entity) -> dict:
    return {"name": entity.name, "label": entity.label, "registry": entity.registry_id}


def _name_free(article: Article, name: str, label: str, but: int | None = None) -> str:
    name = name.strip()[:300]
    if not name:
        raise AnnotationRefused("An entity needs a name.")
    if Entity.objects.filter(article=article, name=name, label=label).exclude(id=but).exists():
        raise AnnotationRefused(f"This article already has an entity named {name!r}: merge them.")
    return name


def entity_rename(
    *,
    article_id: int,
    version: int,
    actor: AbstractBaseUser,
    id: int,
    name: str,  # noqa: A002
) -> WorkspaceChange:
    with _editing(article_id=article_id, version=version, actor=actor) as edit:
        entity = _entity(edit.article, id)
        old = entity.name
        entity.name = _name_free(edit.article, name, entity.label, but=entity.id)
        entity.save(update_fields=["name"])
        edit.record("entity_rename", f"entity:{id}", {"name": old}, {"name": entity.name})
    return _finish(edit, {"op": "entity_rename", "id": id, "name": old}, entities=[entity])


def entity_merge(
    *,
    article_id: int,
    version: int,
    actor: AbstractBaseUser,
    id: int,
    into: int,  # noqa: A002
) -> WorkspaceChange:
    """Fold one entity into another: its mentions and the quotes it spoke move over."""
    with _editing(article_id=article_id, version=version, actor=actor) as edit:
        article = edit.article
        if id == into:
            raise AnnotationRefused("An entity cannot be merged into itself.")
        source, target = _entity(article, id), _entity(article, into)
        state = _entity_state(source) | {"origin": source.origin}
        mention_ids = list(source.mentions.values_list("id", flat=True))
        quote_ids = list(source.quotes.values_list("id", flat=True))
        source.mentions.update(entity=target, updated_at=timezone.now())
        source.quotes.update(speaker_entity=target, updated_at=timezone.now())
        source.delete()
        edit.record(
            "entity_merge",
            f"entity:{id}",
            state | {"mentions": mention_ids, "quotes": quote_ids},
            {"into": into, "into_name": target.name},
        )
    return _finish(
        edit,
        {
            "op": "entity_unmerge",
            "id": id,
            "into": into,
            **state,
            "mentions": mention_ids,
            "quotes": quote_ids,
        },
        mentions=list(EntityMention.objects.filter(id__in=mention_ids)),
        quotes=_quotes_with_article(article, quote_ids),
        entities=[target],
        deleted_entities=[id],
    )


def entity_unmerge(
    *,
    article_id: int,
    version: int,
    actor: AbstractBaseUser,
    id: int,  # noqa: A002
    into: int,
    name: str,
    label: str,
    origin: str,
    registry: int | None,
    mentions: list[int],
    quotes: list[int],
) -> WorkspaceChange:
    """Undo a merge: the entity comes back under its old id with the mentions it had."""
    with _editing(article_id=article_id, version=version, actor=actor) as edit:
        article = edit.article
        if (
            not AnnotationEvent.objects.filter(
                article=article, action="entity_merge", target=f"entity:{id}"
            ).exists()
            or Entity.objects.filter(id=id).exists()
        ):
            raise Entity.DoesNotExist
        target = _entity(article, into)
        entity = Entity.objects.create(
            id=id,
            article=article,
            name=_name_free(article, name, label),
            label=label,
            origin=origin if origin in Origin.values else Origin.HUMAN,
            registry=RegistryEntity.objects.filter(id=registry).first() if registry else None,
        )
        now = timezone.now()
        EntityMention.objects.filter(article=article, entity=target, id__in=mentions).update(
            entity=entity, updated_at=now
        )
        Quote.objects.filter(article=article, speaker_entity=target, id__in=quotes).update(
            speaker_entity=entity, updated_at=now
        )
        edit.record(
            "entity_unmerge",
            f"entity:{id}",
            {"into": into},
            _entity_state(entity) | {"mentions": mentions, "quotes": quotes},
        )
    return _finish(
        edit,
        {"op": "entity_merge", "id": id, "into": into},
        mentions=list(EntityMention.objects.filter(article=article, id__in=mentions)),
        quotes=_quotes_with_article(article, quotes),
        entities=[entity, target],
    )


def entity_split(
    *,
    article_id: int,
    version: int,
    actor: AbstractBaseUser,
    mentions: list[int],
    name: str = "",
) -> WorkspaceChange:
    """Move some mentions of one entity out into a new entity of their own."""
    with _editing(article_id=article_id, version=version, actor=actor) as edit:
        article = edit.article
        rows = list(
            EntityMention.objects.select_for_update().filter(article=article, id__in=mentions)
        )
        if not rows or len(rows) != len(set(mentions)):
            raise EntityMention.DoesNotExist
        sources = {m.entity_id for m in rows}
        if len(sources) != 1 or None in sources:
            raise AnnotationRefused("Split mentions of one entity at a time.")
        source = _entity(article, sources.pop())
        wanted = (name or rows[0].text).strip()[:300]
        candidate, n = wanted, 2
        while Entity.objects.filter(article=article, name=candidate, label=source.label).exists():
            candidate, n = f"{wanted} ({n})", n + 1
        entity = Entity.objects.create(
            article=article,
            name=_name_free(article, candidate, source.label),
            label=source.label,
            origin=Origin.HUMAN,
        )
        EntityMention.objects.filter(id__in=[m.id for m in rows]).update(
            entity=entity, updated_at=timezone.now()
        )
        edit.record(
            "entity_split",
            f"entity:{entity.id}",
            {"entity": source.id, "name": source.name},
            {"entity": entity.id, "name": entity.name, "mentions": [m.id for m in rows]},
        )
    return _finish(
        edit,
        {"op": "entity_merge", "id": entity.id, "into": source.id},
        mentions=list(EntityMention.objects.filter(id__in=[m.id for m in rows])),
        entities=[entity, source],
    )


def entity_link(
    *,
    article_id: int,
    version: int,
    actor: AbstractBaseUser,
    id: int,  # noqa: A002
    registry: int | None,
) -> WorkspaceChange:
    """Say which registry entry an article's entity is (or that it is none)."""
    with _editing(article_id=article_id, version=version, actor=actor) as edit:
        entity = _entity(edit.article, id)
        old = entity.registry_id
        entity.registry = RegistryEntity.objects.get(id=registry) if registry else None
        entity.save(update_fields=["registry"])
        edit.record(
            "entity_link",
            f"entity:{id}",
            {"registry": old},
            {"registry": registry, "registry_name": entity.registry.name if registry else None},
        )
    return _finish(edit, {"op": "entity_link", "id": id, "registry": old}, entities=[entity])


def registry_add(
    *,
    article_id: int,
    version: int,
    actor: AbstractBaseUser,
    id: int,  # noqa: A002
) -> WorkspaceChange:
    """Add an article's entity to the registry (or find it there) and link the two."""
    with _editing(article_id=article_id, version=version, actor=actor) as edit:
        entity = _entity(edit.article, id)
        aliases = sorted(
            {t for t in entity.mentions.values_list("text", flat=True) if t != entity.name}
        )
        entry = registry_entity_create(
            name=entity.name, label=entity.label, aliases=aliases, actor=actor
        )
        old = entity.registry_id
        entity.registry = entry
        entity.save(update_fields=["registry"])
        edit.record(
            "entity_link",
            f"entity:{id}",
            {"registry": old},
            {"registry": entry.id, "registry_name": entry.name},
        )
    return _finish(edit, {"op": "entity_link", "id": id, "registry": old}, entities=[entity])


def registry_entity_create(
    *, name: str, label: str, aliases: list[str], actor: AbstractBaseUser | None
) -> RegistryEntity:
    """A registry entry by name and type; an existing one gains the new aliases."""
    name = " ".join(name.split())[:300]
    if not name:
        raise AnnotationRefused("A registry entry needs a name.")
    label = _label(label)
    clean = sorted({" ".join(a.split())[:300] for a in aliases if a.strip()} - {name})
    with transaction.atomic():
        entry, created = RegistryEntity.objects.select_for_update().get_or_create(
            name=name, label=label, defaults={"aliases": clean, "created_by": actor}
        )
        if not created and set(clean) - set(entry.aliases):
            entry.aliases = sorted(set(entry.aliases) | set(clean))
            entry.save(update_fields=["aliases", "updated_at"])
    return entry


def registry_entity_update(
    *, entry_id: int, name: str, label: str, aliases: list[str]
) -> RegistryEntity:
    name = " ".join(name.split())[:300]
    if not name:
        raise AnnotationRefused("A registry entry needs a name.")
    with transaction.atomic():
        entry = RegistryEntity.objects.select_for_update().get(id=entry_id)
        entry.name, entry.label = name, _label(label)
        entry.aliases = sorted({" ".join(a.split())[:300] for a in aliases if a.strip()} - {name})
        if (
            RegistryEntity.objects.filter(name=name, label=entry.label)
            .exclude(id=entry.id)
            .exists()
        ):
            raise AnnotationRefused(f"The registry already has {name!r} as {entry.label}.")
        entry.save()
    return entry


def _quotes_with_article(article: Article, ids: list[int]) -> list[Quote]:
    quotes = list(Quote.objects.filter(article=article, id__in=ids))
    for quote in quotes:
        quote.article = article
    return quotes
