"""The review side: each person's work queue and an article's review page."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import NoReverseMatch, reverse
from django.views.decorators.http import require_POST

from apps.accounts.permissions import ASSIGN
from apps.articles.models import Article
from apps.publishing import services
from apps.publishing.diff_render import change_credit, change_sentence, diff_on_text
from apps.publishing.forms import AssignForm, CommentForm
from apps.publishing.models import Stage
from apps.publishing.netdiff import (
    ACCEPTED,
    ADDED,
    ENTITY,
    QUOTE,
    REATTRIBUTED,
    REGROUPED,
    REJECTED,
    RELABELLED,
    RESIZED,
    UNREVIEWED,
    net_diff,
)
from apps.publishing.selectors import (
    article_stage,
    article_versions,
    stage_name,
    work_queue,
    workflow_events,
    workflow_of,
)


def work_view(request: HttpRequest) -> HttpResponse:
    queue = list(work_queue(user=request.user))
    return render(request, "publishing/work.html", {"queue": queue})


@require_POST
def work_next_view(request: HttpRequest) -> HttpResponse:
    """Take the oldest item of my queue: start annotating it, or open it for review."""
    item = work_queue(user=request.user).first()
    if item is None:
        messages.info(request, "Nothing is waiting for you.")
        return redirect("publishing:work")
    if item.stage == Stage.IN_REVIEW:
        return redirect("publishing:review", pk=item.article_id)
    if item.stage == Stage.READY:
        services.annotation_start(article=item.article, actor=request.user)
    return redirect(_workspace_url(item.article_id))


def _workspace_url(article_id: int) -> str:
    try:
        return reverse("annotations:workspace", args=[article_id])
    except NoReverseMatch:
        return reverse("articles:detail", args=[article_id])


def review_view(request: HttpRequest, pk: int) -> HttpResponse:
    article = get_object_or_404(Article, pk=pk)
    workflow = workflow_of(article=article)
    stage = article_stage(article=article)
    context = {
        "article": article,
        "workflow": workflow,
        "stage": stage,
        "stage_name": stage_name(stage),
        "assign_form": AssignForm(
            initial={"annotator": workflow.annotator_id, "reviewer": workflow.reviewer_id}
        ),
        "comment_form": CommentForm(),
        **_net_diff_context(article),
        "events": workflow_events(article=article),
        "versions": article_versions(article=article),
        "workspace_url": _workspace_url(article.pk),
    }
    return render(request, "publishing/review.html", context)


SUMMARY_ROWS = [
    (ACCEPTED, "accepted as they were"),
    (RELABELLED, "relabelled (label or kind)"),
    (RESIZED, "resized"),
    (REATTRIBUTED, "re-attributed (speaker)"),
    (REGROUPED, "regrouped (entity)"),
    (REJECTED, "rejected or deleted"),
    (ADDED, "added by people"),
    (UNREVIEWED, "still unreviewed"),
]


def _net_diff_context(article: Article) -> dict:
    diff = net_diff(article=article)
    shown = diff.shown
    entities, quotes = diff.counts(ENTITY), diff.counts(QUOTE)
    return {
        "diff": diff,
        "diff_html": diff_on_text(body=article.body, changes=shown),
        "diff_summary": [(key, words, entities[key], quotes[key]) for key, words in SUMMARY_ROWS],
        "diff_changes": [
            (n, change_sentence(c, article.body), change_credit(c))
            for n, c in enumerate(shown, start=1)
        ],
    }


ACTIONS = {
    "start": lambda article, user, data: services.annotation_start(article=article, actor=user),
    "send_to_review": lambda article, user, data: services.review_request(
        article=article, actor=user
    ),
    "send_back": lambda article, user, data: services.review_send_back(
        article=article, actor=user, comment=data.get("comment", "")
    ),
    "approve": lambda article, user, data: services.review_approve(article=article, actor=user),
    "retract": lambda article, user, data: services.article_retract(
        article=article, actor=user, reason=data.get("comment", "")
    ),
}
DONE_MESSAGES = {
    "start": "Annotation started.",
    "send_to_review": "Sent to review.",
    "send_back": "Sent back to the annotator with your comment.",
    "approve": "Approved and published.",
    "retract": "Retracted; the reason is shown on the public page.",
}


@require_POST
def transition_view(request: HttpRequest, pk: int) -> HttpResponse:
    article = get_object_or_404(Article, pk=pk)
    action = request.POST.get("action", "")
    if action not in ACTIONS:
        messages.error(request, "Unknown action.")
        return redirect("publishing:review", pk=pk)
    try:
        ACTIONS[action](article, request.user, request.POST)
    except services.WorkflowError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, DONE_MESSAGES[action])
    return redirect("publishing:review", pk=pk)


@require_POST
def assign_view(request: HttpRequest, pk: int) -> HttpResponse:
    article = get_object_or_404(Article, pk=pk)
    if not request.user.has_perm(ASSIGN):
        raise PermissionDenied
    form = AssignForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Choose people from the lists.")
        return redirect("publishing:review", pk=pk)
    try:
        services.workflow_assign(
            article=article,
            actor=request.user,
            annotator=form.cleaned_data["annotator"],
            reviewer=form.cleaned_data["reviewer"],
        )
    except services.WorkflowError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, "Assignment saved.")
    return redirect("publishing:review", pk=pk)
