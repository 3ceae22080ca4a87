"""The editing engine every workspace action runs inside: lock, check version, record."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from apps.annotations.models import (
    MENTION_LABELS,
    AnnotationEvent,
    Entity,
    EntityMention,
    HistoryAction,
    Quote,
)
from apps.annotations.services.history import event_record
from apps.annotations.services.overlap import conflicts_since
from apps.articles.models import Article


class VersionConflict(Exception):
    """Someone changed the article after the version the annotator's action was based on."""

    def __init__(self, current: int) -> None:
        super().__init__(f"the article is now at version {current}")
        self.current = current


class AnnotationRefused(ValueError):
    """The action makes no sense for this article (bad span, unknown label, …)."""


class EditForbidden(PermissionDenied):
    """It is not this person's turn to change the article's annotations; says whose it is."""


# Who may change an article's annotations is decided by the workflow, which lives in an app
# above this one; it registers its rule here (see `edit_rule_register`), so that every
# action, by any path, passes the rule inside the same lock as the change.
EditRule = Callable[[int, AbstractBaseUser], "str | None"]
_edit_rules: list[EditRule] = []


def edit_rule_register(rule: EditRule) -> None:
    """`rule(article_id, actor)` answers why `actor` may not edit now, or None."""
    if rule not in _edit_rules:
        _edit_rules.append(rule)


def edit_refusal(*, article_id: int, actor: AbstractBaseUser) -> str | None:
    """Why `actor` may not change the article's annotations now, or None if they may."""
    for rule in _edit_rules:
        refusal = rule(article_id, actor)
        if refusal:
            return refusal
    return None


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
    # The action was based on an older version and applied: the client needs the rest.
    caught_up: bool = False


def finish(edit: Edit, undo: dict, **rows: list) -> WorkspaceChange:
    """The answer to one action: what changed, how to undo it, and its history row."""
    return WorkspaceChange(
        edit.article, undo, event=edit.event, caught_up=edit.stale_since is not None, **rows
    )


class Edit:
    def __init__(
        self, article: Article, actor: AbstractBaseUser, stale_since: int | None = None
    ) -> None:
        self.article = article
        self.actor = actor
        self.now = timezone.now()
        # The version the client saw, when others changed the article since.
        self.stale_since = stale_since
        self.checked = stale_since is None
        self.action = ""
        self.target = ""
        self.before: dict | None = None
        self.after: dict | None = None

    def touches(self, *targets: str, spans: tuple = ()) -> None:
        """Say what this action touches; on a stale version it conflicts only if one of
        these changed since. An action that says nothing conflicts on any change."""
        if self.stale_since is not None and conflicts_since(
            article=self.article, version=self.stale_since, targets=targets, spans=spans
        ):
            raise VersionConflict(self.article.version)
        self.checked = True

    def record(self, action: str, target: str, before: dict | None, after: dict | None) -> None:
        self.action, self.target, self.before, self.after = action, target, before, after

    @property
    def touched(self) -> dict:
        """The fields that mark a row as this person's work, for `create` and `update`.

        Every row an action creates or changes carries them: re-tagging replaces only rows
        nobody touched, so a relabelled suggestion is never lost to the next pre-tag.
        """
        return {"touched_at": self.now, "touched_by": self.actor}

    def touch(self, *rows: Entity | EntityMention | Quote) -> None:
        """Mark rows about to be saved as this person's work (see `touched`)."""
        for row in rows:
            row.touched_at, row.touched_by = self.now, self.actor


# `save(update_fields=...)` must name them too.
TOUCHED_FIELDS = ["touched_at", "touched_by"]


@contextmanager
def editing(*, article_id: int, version: int, actor: AbstractBaseUser) -> Iterator[Edit]:
    with transaction.atomic():
        # The body is read only by the actions that need its text (spans), so accepting or
        # relabelling costs the same on a long article as on a short one.
        article = Article.objects.select_for_update().only("id", "version").get(id=article_id)
        refusal = edit_refusal(article_id=article_id, actor=actor)
        if refusal:
            raise EditForbidden(refusal)
        if article.version < version:
            raise VersionConflict(article.version)
        edit = Edit(article, actor, stale_since=version if article.version != version else None)
        yield edit
        if not edit.checked:
            raise VersionConflict(article.version)  # rolls back what the action did
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


def checked_span(article: Article, start: int, end: int, what: str = "span") -> tuple[int, int]:
    if not (0 <= start < end <= len(article.body)):
        raise AnnotationRefused(
            f"The {what} [{start}, {end}) is not inside the article (0–{len(article.body)})."
        )
    return start, end


def checked_label(label: str) -> str:
    if label not in MENTION_LABELS:
        raise AnnotationRefused(f"{label!r} is not a label annotators may use.")
    return label


def locked_mention(article: Article, mention_id: int) -> EntityMention:
    # Looked up within the article: an id from another article is simply not found.
    return EntityMention.objects.select_for_update().get(id=mention_id, article=article)


def locked_quote(article: Article, quote_id: int) -> Quote:
    return Quote.objects.select_for_update().get(id=quote_id, article=article)


def locked_entity(article: Article, entity_id: int) -> Entity:
    return Entity.objects.select_for_update().get(id=entity_id, article=article)


def was_deleted(article: Article, deletion: HistoryAction, target: str) -> bool:
    """Only rows this article's history deleted can come back, under their old id."""
    return AnnotationEvent.objects.filter(article=article, action=deletion, target=target).exists()


def quotes_with_article(article: Article, ids: list[int]) -> list[Quote]:
    quotes = list(Quote.objects.filter(article=article, id__in=ids))
    for quote in quotes:
        quote.article = article
    return quotes
