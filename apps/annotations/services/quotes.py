"""Workspace actions on quotes: boundaries, kind, status, cue and speaker."""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser

from apps.annotations.models import (
    Entity,
    HistoryAction,
    Origin,
    Quote,
    QuoteKind,
    SpeakerType,
    Status,
)
from apps.annotations.services.editing import (
    AnnotationRefused,
    WorkspaceChange,
    checked_span,
    editing,
    finish,
    locked_entity,
    locked_quote,
    was_deleted,
)
from apps.nlp.types import is_personal_pronoun


def quote_state(q: Quote) -> dict:
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


def _pronoun_kept(article, quote: Quote) -> None:
    """A speaker span that is a pronoun ("She") is a pronoun speaker, never a named one."""
    if (
        quote.speaker_type == SpeakerType.NAMED
        and quote.speaker_start is not None
        and is_personal_pronoun(article.body[quote.speaker_start : quote.speaker_end])
    ):
        quote.speaker_type = SpeakerType.PRONOUN


def quote_create(
    *,
    article_id: int,
    version: int,
    actor: AbstractBaseUser,
    start: int,
    end: int,
    kind: str,
) -> WorkspaceChange:
    with editing(article_id=article_id, version=version, actor=actor) as edit:
        article = edit.article
        start, end = checked_span(article, start, end)
        edit.touches(spans=[(start, end)])
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
            **edit.touched,
        )
        edit.record(HistoryAction.QUOTE_CREATE, f"quote:{quote.id}", None, quote_state(quote))
    return finish(edit, {"op": "quote_delete", "id": quote.id}, quotes=[quote])


_UNSET = object()

# The history action of a change to one field of a quote; changes to several are an update.
_QUOTE_FIELD_ACTIONS = {
    "start": HistoryAction.QUOTE_START,
    "end": HistoryAction.QUOTE_END,
    "kind": HistoryAction.QUOTE_KIND,
    "status": HistoryAction.QUOTE_STATUS,
    "cue": HistoryAction.QUOTE_CUE,
    "speaker": HistoryAction.QUOTE_SPEAKER,
    "speaker_entity": HistoryAction.QUOTE_SPEAKER_ENTITY,
    "speaker_type": HistoryAction.QUOTE_SPEAKER_TYPE,
}


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
    with editing(article_id=article_id, version=version, actor=actor) as edit:
        article = edit.article
        quote = locked_quote(article, id)
        new_span = (quote.start if start is None else start, quote.end if end is None else end)
        edit.touches(f"quote:{id}", spans=[(quote.start, quote.end), new_span])
        before = quote_state(quote)
        if start is not None or end is not None:
            quote.start, quote.end = checked_span(
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
            quote.cue_start, quote.cue_end = (
                checked_span(article, *cue, "cue") if cue else (None, None)
            )
        if speaker is not _UNSET:
            quote.speaker_start, quote.speaker_end = (
                checked_span(article, *speaker, "speaker") if speaker else (None, None)
            )
        if speaker_entity is not _UNSET:
            quote.speaker_entity = (
                locked_entity(article, speaker_entity) if speaker_entity else None
            )
        if speaker_type is not None:
            if speaker_type not in SpeakerType.values:
                raise AnnotationRefused(f"{speaker_type!r} is not a kind of speaker.")
            quote.speaker_type = speaker_type
        edit.touch(quote)
        _pronoun_kept(article, quote)
        quote.save()
        after = quote_state(quote)
        changed = [k for k in after if after[k] != before[k]]
        old = {k: before[k] for k in changed}
        edit.record(
            _QUOTE_FIELD_ACTIONS[changed[0]] if len(changed) == 1 else HistoryAction.QUOTE_UPDATE,
            f"quote:{quote.id}",
            old,
            {k: after[k] for k in changed},
        )
    quote.article = article
    return finish(edit, {"op": "quote_update", "id": quote.id, **old}, quotes=[quote])


def quote_delete(
    *,
    article_id: int,
    version: int,
    actor: AbstractBaseUser,
    id: int,  # noqa: A002
) -> WorkspaceChange:
    with editing(article_id=article_id, version=version, actor=actor) as edit:
        quote = locked_quote(edit.article, id)
        edit.touches(f"quote:{id}", spans=[(quote.start, quote.end)])
        state = quote_state(quote) | {"origin": quote.origin, "reason": quote.reason}
        quote.delete()
        edit.record(HistoryAction.QUOTE_DELETE, f"quote:{id}", state, None)
    return finish(edit, {"op": "quote_restore", "id": id, **state}, deleted_quotes=[id])


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
    with editing(article_id=article_id, version=version, actor=actor) as edit:
        article = edit.article
        deleted = was_deleted(article, HistoryAction.QUOTE_DELETE, f"quote:{id}")
        if not deleted or Quote.objects.filter(id=id).exists():
            raise Quote.DoesNotExist
        start, end = checked_span(article, start, end)
        cue_span = checked_span(article, *cue, "cue") if cue else (None, None)
        speaker_span = checked_span(article, *speaker, "speaker") if speaker else (None, None)
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
            **edit.touched,
        )
        edit.record(HistoryAction.QUOTE_RESTORE, f"quote:{id}", None, quote_state(quote))
    quote.article = article
    return finish(edit, {"op": "quote_delete", "id": id}, quotes=[quote])
