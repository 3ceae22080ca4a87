"""The review workflow. Every transition goes through here and leaves a WorkflowEvent."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from apps.accounts.permissions import ANNOTATE, ASSIGN, RETRACT, REVIEW
from apps.annotations.models import EntityMention, Quote, Status
from apps.annotations.services import confirmed_labels_forget, confirmed_labels_record
from apps.annotations.wire import mention_as_wire, quote_as_wire
from apps.articles.models import Article, TaggingState
from apps.core.input import CONTROL_CHARACTERS
from apps.core.text import search_key
from apps.publishing.models import (
    PublishedEntity,
    PublishedQuote,
    PublishedVersion,
    Stage,
    Workflow,
    WorkflowEvent,
)
from apps.publishing.rules import (
    annotator_turn_refusal,
    four_eyes_refusal,
    reviewer_turn_refusal,
)


class WorkflowError(ValueError):
    """A transition that is not allowed from the article's current stage; shown to the user."""


def _locked_workflow(article: Article) -> tuple[Article, Workflow]:
    # Lock the article row first: annotation saves lock it too, so nothing changes under us.
    locked = Article.objects.select_for_update().get(pk=article.pk)
    workflow, _ = Workflow.objects.select_for_update().get_or_create(article=locked)
    return locked, workflow


def _move(
    workflow: Workflow, *, to: str, actor: AbstractBaseUser, action: str, comment: str = ""
) -> None:
    WorkflowEvent.objects.create(
        article_id=workflow.article_id,
        actor=actor,
        action=action,
        from_stage=workflow.stage,
        to_stage=to,
        comment=comment,
    )
    workflow.stage = to
    workflow.stage_changed_at = timezone.now()


def _require(actor: AbstractBaseUser, permission: str) -> None:
    if not actor.has_perm(permission):
        raise PermissionDenied


def workflow_assign(
    *,
    article: Article,
    actor: AbstractBaseUser,
    annotator: AbstractBaseUser | None,
    reviewer: AbstractBaseUser | None,
) -> Workflow:
    _require(actor, ASSIGN)
    for person, permission in (
        (annotator, ANNOTATE),
        (reviewer, REVIEW),
    ):
        if person is not None and not person.has_perm(permission):
            raise WorkflowError(f"{person.get_username()} cannot take that role.")
    with transaction.atomic():
        _, workflow = _locked_workflow(article)
        workflow.annotator, workflow.reviewer = annotator, reviewer
        names = [p.get_username() if p else "nobody" for p in (annotator, reviewer)]
        WorkflowEvent.objects.create(
            article=article,
            actor=actor,
            action="assign",
            comment=f"annotator: {names[0]}, reviewer: {names[1]}",
        )
        workflow.save()
    return workflow


@contextmanager
def _stage_change(
    *, article: Article, actor: AbstractBaseUser, permission: str, allowed: tuple[str, ...],
    refusal: str, turns: tuple[Callable[[Workflow, AbstractBaseUser], str | None], ...] = (),
) -> Iterator[tuple[Article, Workflow]]:  # fmt: skip
    """One path for every transition: permission, row locks, stage check, whose turn it
    is, then save."""
    _require(actor, permission)
    with transaction.atomic():
        locked, workflow = _locked_workflow(article)
        if workflow.stage not in allowed:
            raise WorkflowError(refusal)
        for turn in turns:
            if message := turn(workflow, actor):
                raise WorkflowError(message)
        yield locked, workflow
        workflow.save()


def _required(text: str, message: str) -> str:
    """A review comment or retraction reason: readers see it, so it is plain, bounded text."""
    text = text.strip()
    if not text:
        raise WorkflowError(message)
    limit = settings.NEWSDESK_MAX_COMMENT_CHARS
    if len(text) > limit:
        raise WorkflowError(f"Keep it under {limit:,} characters (this has {len(text):,}).")
    if CONTROL_CHARACTERS.search(text):
        raise WorkflowError("The text contains a control character.")
    return text


def annotation_start(*, article: Article, actor: AbstractBaseUser) -> Workflow:
    with _stage_change(
        article=article,
        actor=actor,
        permission=ANNOTATE,
        allowed=(Stage.READY, Stage.IN_ANNOTATION, Stage.PUBLISHED, Stage.RETRACTED),
        refusal="An article in review cannot be started again; send it back first.",
        turns=(annotator_turn_refusal,),
    ) as (locked, workflow):
        if locked.tagging_state != TaggingState.DONE:
            raise WorkflowError("The article is still being pre-tagged.")
        if workflow.stage != Stage.IN_ANNOTATION:
            workflow.annotator = workflow.annotator or actor
            _move(workflow, to=Stage.IN_ANNOTATION, actor=actor, action="start")
    return workflow


def review_request(*, article: Article, actor: AbstractBaseUser) -> Workflow:
    with _stage_change(
        article=article,
        actor=actor,
        permission=ANNOTATE,
        allowed=(Stage.IN_ANNOTATION,),
        refusal="Only an article in annotation can be sent to review.",
        turns=(annotator_turn_refusal,),
    ) as (_, workflow):
        _move(workflow, to=Stage.IN_REVIEW, actor=actor, action="send_to_review")
        workflow.review_comment = ""
    return workflow


def review_send_back(*, article: Article, actor: AbstractBaseUser, comment: str) -> Workflow:
    _require(actor, REVIEW)  # refuse before judging the input
    comment = _required(comment, "Say what needs correcting when sending an article back.")
    with _stage_change(
        article=article,
        actor=actor,
        permission=REVIEW,
        allowed=(Stage.IN_REVIEW,),
        refusal="Only an article in review can be sent back.",
        turns=(reviewer_turn_refusal,),
    ) as (_, workflow):
        _move(workflow, to=Stage.IN_ANNOTATION, actor=actor, action="send_back", comment=comment)
        workflow.review_comment = comment
    return workflow


def review_approve(*, article: Article, actor: AbstractBaseUser) -> PublishedVersion:
    """Publish: freeze exactly the accepted annotations at this moment as a new version."""
    with _stage_change(
        article=article,
        actor=actor,
        permission=REVIEW,
        allowed=(Stage.IN_REVIEW,),
        refusal="Only an article in review can be approved.",
        turns=(reviewer_turn_refusal, four_eyes_refusal),
    ) as (locked, workflow):
        version = _freeze(locked, actor=actor)
        _move(
            workflow,
            to=Stage.PUBLISHED,
            actor=actor,
            action="approve",
            comment=f"v{version.number}",
        )
        workflow.retraction_reason = ""
        workflow.public_version = version
    return version


def article_retract(*, article: Article, actor: AbstractBaseUser, reason: str) -> Workflow:
    _require(actor, RETRACT)  # refuse before judging the input
    reason = _required(reason, "A retraction needs a reason; readers will see it.")
    with _stage_change(
        article=article,
        actor=actor,
        permission=RETRACT,
        allowed=(Stage.PUBLISHED, Stage.IN_ANNOTATION, Stage.IN_REVIEW),
        refusal="Only a published article can be retracted.",
    ) as (_, workflow):
        if workflow.public_version_id is None:
            raise WorkflowError("Only a published article can be retracted.")
        # An article corrected again keeps its stage: only what readers see goes.
        to = Stage.RETRACTED if workflow.stage == Stage.PUBLISHED else workflow.stage
        _move(workflow, to=to, actor=actor, action="retract", comment=reason)
        workflow.retraction_reason = reason
        confirmed_labels_forget(article=article)
        workflow.public_version = None
    return workflow


def _freeze(article: Article, *, actor: AbstractBaseUser) -> PublishedVersion:
    mentions = list(
        EntityMention.objects.filter(article=article, status=Status.ACCEPTED)
        .select_related("entity")
        .order_by("start", "end")
    )
    quotes = list(
        Quote.objects.filter(article=article, status=Status.ACCEPTED)
        .select_related("speaker_entity")
        .order_by("start", "end")
    )
    body = article.body

    entities = [mention_as_wire(m, body) for m in mentions]
    quote_rows = [quote_as_wire(q, body) for q in quotes]
    previous = PublishedVersion.objects.filter(article=article).order_by("-number").first()
    PublishedVersion.objects.filter(article=article, is_current=True).update(is_current=False)
    version = PublishedVersion.objects.create(
        article=article,
        number=(previous.number + 1) if previous else 1,
        published_by=actor,
        source_version=article.version,
        title=article.title,
        byline=article.byline,
        source=article.source,
        url=article.url,
        article_date=article.published_at,
        body=body,
        annotations={"entities": entities, "quotes": quote_rows},
        entity_names=sorted({e["entity"] for e in entities}),
        speaker_names=sorted({q["speaker_entity"] for q in quote_rows if q["speaker_entity"]}),
    )
    nested = _nested_quotes(quote_rows)
    PublishedQuote.objects.bulk_create(
        PublishedQuote(
            version=version,
            article=article,
            start=q["start"],
            end=q["end"],
            text=q["text"],
            kind=q["kind"],
            cue=(q["cue"] or {}).get("text", "")[:200],
            speaker=(q["speaker"] or {}).get("text", "")[:300],
            speaker_entity=(q["speaker_entity"] or "")[:300],
            speaker_type=q["speaker_type"],
            speaker_label=speaker.label if (speaker := quote.speaker_entity) else "",
            speaker_key=search_key(q["speaker_entity"] or "")[:300],
            speaker_registry_id=speaker.registry_id if speaker else None,
            nested=index in nested,
        )
        for index, (quote, q) in enumerate(zip(quotes, quote_rows, strict=True))
    )
    mention_counts = Counter((e["entity"][:300], e["label"]) for e in entities)
    PublishedEntity.objects.bulk_create(
        PublishedEntity(
            version=version,
            article=article,
            name=name,
            name_key=search_key(name)[:300],
            label=label,
            mentions=count,
        )
        for (name, label), count in mention_counts.items()
    )
    confirmed_labels_record(article=article, mentions=entities)
    return version


def _nested_quotes(quotes: list[dict]) -> set[int]:
    """Indices of quotes whose span lies within another quote's (the same utterance)."""
    nested = set()
    for i, inner in enumerate(quotes):
        for j, outer in enumerate(quotes):
            if i == j or not (outer["start"] <= inner["start"] and inner["end"] <= outer["end"]):
                continue
            longer = outer["end"] - outer["start"] > inner["end"] - inner["start"]
            if longer or j < i:  # of two identical spans, the first one counts
                nested.add(i)
                break
    return nested
