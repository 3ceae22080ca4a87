"""Whose turn it is: who may change an article's annotations at each stage, and who may
approve it. Read by the editing engine (through the rule registered at start-up) and by the
workflow services, so that no path skips them."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser

from apps.accounts.permissions import can_assign, can_review
from apps.annotations.models import AnnotationEvent
from apps.publishing.models import PublishedVersion, Stage, Workflow


def _name(user: AbstractBaseUser | None) -> str:
    return user.get_username() if user is not None else "nobody"


def edit_turn_refusal(workflow: Workflow | None, actor: AbstractBaseUser) -> str | None:
    """Why `actor` may not change the annotations now, or None. Editors and admins (who
    assign the work) may always step in."""
    if workflow is None or can_assign(actor):
        return None
    if workflow.stage == Stage.IN_ANNOTATION:
        if workflow.annotator_id in (None, actor.pk):
            return None
        return (
            f"This article is in annotation with {_name(workflow.annotator)}: only its "
            "annotator (or an editor) may change its annotations now."
        )
    if workflow.stage == Stage.IN_REVIEW:
        if workflow.reviewer_id == actor.pk or (workflow.reviewer_id is None and can_review(actor)):
            return None
        return (
            f"This article is in review with {_name(workflow.reviewer)}: only its reviewer "
            "(or an editor) may change its annotations now."
        )
    return None


def article_edit_rule(article_id: int, actor: AbstractBaseUser) -> str | None:
    """The rule the editing engine asks before every annotation change."""
    workflow = (
        Workflow.objects.select_related("annotator", "reviewer").filter(article_id=article_id)
    ).first()
    return edit_turn_refusal(workflow, actor)


def annotator_turn_refusal(workflow: Workflow, actor: AbstractBaseUser) -> str | None:
    """Starting or sending to review is the assigned annotator's step (or an editor's)."""
    if workflow.annotator_id in (None, actor.pk) or can_assign(actor):
        return None
    return f"This article is assigned to {_name(workflow.annotator)} for annotation."


def reviewer_turn_refusal(workflow: Workflow, actor: AbstractBaseUser) -> str | None:
    """Approving or sending back is the assigned reviewer's step (or an admin's)."""
    if workflow.reviewer_id in (None, actor.pk) or can_assign(actor):
        return None
    return f"This article is assigned to {_name(workflow.reviewer)} for review."


def four_eyes_refusal(workflow: Workflow, actor: AbstractBaseUser) -> str | None:
    """With the four-eyes rule on, the approver may not be the only person who changed the
    annotations since the last published version (or since the pre-tagger, for v1)."""
    if not settings.NEWSDESK_FOUR_EYES:
        return None
    last = PublishedVersion.objects.filter(article_id=workflow.article_id).order_by("-number")
    last = last.first()
    events = AnnotationEvent.objects.filter(article_id=workflow.article_id, actor__isnull=False)
    if last is not None:
        events = events.filter(article_version__gt=last.source_version)
    people = set(events.values_list("actor_id", flat=True).distinct())
    if people == {actor.pk}:
        return (
            "Four eyes: you made every change to these annotations yourself, so someone "
            "else must approve them."
        )
    return None
