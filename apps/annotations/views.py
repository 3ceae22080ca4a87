"""The correction workspace: one page, one JSON endpoint for every action, history, registry."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ObjectDoesNotExist
from django.core.paginator import Paginator
from django.db import IntegrityError, transaction
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.gzip import gzip_page
from django.views.decorators.http import require_POST

from apps.accounts.permissions import ANNOTATE, REASONS, requires
from apps.annotations import forms, services, speaker_records
from apps.annotations.describe import event_sentences
from apps.annotations.models import MENTION_LABELS, RegistryEntity
from apps.annotations.selectors import (
    article_events,
    article_fresh,
    entity_data,
    event_data,
    mention_data,
    others_present,
    quote_data,
    registry_search,
    workspace_state,
)
from apps.articles.models import Article
from apps.core.input import BadInput, json_body
from apps.nlp.types import QUOTE_KINDS, speaker_type_for_label

_M = "annotations.%s_entitymention"
_Q = "annotations.%s_quote"

# Each action the page can send: the form that checks its arguments, the permissions it
# needs, and the one service that carries it out.
ACTIONS = {
    "mention_create": (forms.MentionCreateForm, [_M % "add"], services.mention_create),
    "mention_update": (forms.MentionUpdateForm, [_M % "change"], services.mention_update),
    "mention_delete": (forms.IdForm, [_M % "delete"], services.mention_delete),
    "mention_restore": (forms.MentionRestoreForm, [_M % "add"], services.mention_restore),
    "suggestions_accept": (
        forms.SuggestionsAcceptForm,
        [_M % "change", _Q % "change"],
        services.suggestions_accept,
    ),
    "statuses_set": (forms.StatusesSetForm, [_M % "change", _Q % "change"], services.statuses_set),
    "quote_create": (forms.QuoteCreateForm, [_Q % "add"], services.quote_create),
    "quote_update": (forms.QuoteUpdateForm, [_Q % "change"], services.quote_update),
    "quote_delete": (forms.IdForm, [_Q % "delete"], services.quote_delete),
    "quote_restore": (forms.QuoteRestoreForm, [_Q % "add"], services.quote_restore),
    "entity_rename": (forms.EntityRenameForm, [_M % "change"], services.entity_rename),
    "entity_merge": (forms.EntityMergeForm, [_M % "change"], services.entity_merge),
    "entity_unmerge": (forms.EntityUnmergeForm, [_M % "change"], services.entity_unmerge),
    "entity_split": (forms.EntitySplitForm, [_M % "change"], services.entity_split),
    "entity_link": (forms.EntityLinkForm, [_M % "change"], services.entity_link),
    "registry_add": (forms.IdForm, [_M % "change"], services.registry_add),
}


def _refusal(message: str, status: int, **extra) -> JsonResponse:
    return JsonResponse({"error": message, **extra}, status=status)


@requires(ANNOTATE)
def workspace_view(request: HttpRequest, pk: int) -> HttpResponse:
    article = get_object_or_404(Article, pk=pk)
    services.presence_note(article_id=article.id, user=request.user)
    context = {
        "article": article,
        "present": others_present(article=article, user=request.user),
        "refusal": services.edit_refusal(article_id=article.id, actor=request.user),
        "labels": MENTION_LABELS,
        "key_labels": list(enumerate(MENTION_LABELS[:9], start=1)),
        # For the page's script and its menus, so that they speak the server's vocabulary.
        "vocabulary": {
            "mention_labels": MENTION_LABELS,
            "quote_kinds": QUOTE_KINDS,
            "speaker_type_by_label": {
                label: speaker_type_for_label(label) for label in MENTION_LABELS
            },
        },
    }
    return render(request, "annotations/workspace.html", context)


# The JSON answers are gzipped: they hold no CSRF token or other secret for a compression
# side channel (BREACH) to recover. The HTML pages, which carry the CSRF token, are not.
@gzip_page
@requires(ANNOTATE)
def state_view(request: HttpRequest, pk: int) -> JsonResponse:
    """The workspace's state (with the body when `?body=1`: the page does not carry them,
    this answer is gzipped and the page is not). With `?since=<version>` and the article
    still at that version, only the version and who else is here: the presence poll."""
    since = request.GET.get("since")
    if since is not None and not since.isdigit():
        return _refusal("since must be an article version (a whole number).", 400)
    article = get_object_or_404(Article.objects.defer("original"), pk=pk)
    services.presence_note(article_id=article.id, user=request.user)
    present = others_present(article=article, user=request.user)
    if since is not None and int(since) == article.version:
        return JsonResponse({"version": article.version, "present": present})
    state = workspace_state(article=article) | {"present": present}
    if request.GET.get("body") == "1":
        state["body"] = article.body
    return JsonResponse(state)


@gzip_page
@require_POST
def action_view(request: HttpRequest, pk: int) -> JsonResponse:
    if not request.user.has_perm(ANNOTATE):
        return _refusal(REASONS[ANNOTATE], 403)
    article = get_object_or_404(Article.objects.only("id"), pk=pk)
    try:
        payload = json_body(request.body)
    except BadInput as exc:
        return _refusal(str(exc), 400)
    if not isinstance(payload, dict) or not isinstance(payload.get("op"), str):
        return _refusal("The action must be an object with an op name.", 400)
    if payload["op"] not in ACTIONS:
        return _refusal("Unknown action.", 400)
    services.presence_note(article_id=article.id, user=request.user)
    form_class, permissions, service = ACTIONS[payload["op"]]
    if not request.user.has_perms(permissions):
        return _refusal("You may not do this.", 403)
    version = payload.get("version")
    if not isinstance(version, int) or isinstance(version, bool):
        return _refusal("The action must say which version of the article it saw.", 400)
    form = form_class(payload)
    if not form.is_valid():
        return _refusal("The action is not valid.", 400, fields=form.errors.get_json_data())
    try:
        change = service(
            article_id=article.id, version=version, actor=request.user, **form.arguments()
        )
    except services.VersionConflict as exc:
        fresh = article_fresh(article_id=article.id)
        changes = article_events(article=fresh, since_version=version)
        return _refusal(
            "Someone else changed this article.",
            409,
            version=exc.current,
            changes=[event_data(e) for e in changes[:50]],
            state=workspace_state(article=fresh),
        )
    except services.EditForbidden as exc:
        return _refusal(str(exc), 403)
    except ObjectDoesNotExist:
        return _refusal("Not found in this article.", 404)
    except services.AnnotationRefused as exc:
        return _refusal(str(exc), 400)
    except IntegrityError:
        return _refusal("The database refused this change.", 400)
    # Based on an older version and applied: the others' changes come with the answer.
    caught_up = {}
    if change.caught_up:
        caught_up["state"] = workspace_state(article=article_fresh(article_id=article.id))
    return JsonResponse(
        caught_up
        | {
            "version": change.article.version,
            "undo": change.undo,
            "mentions": [mention_data(m) for m in change.mentions],
            "quotes": [quote_data(q) for q in change.quotes],
            "entities": [entity_data(e) for e in change.entities],
            "deleted": {
                "mentions": change.deleted_mentions,
                "quotes": change.deleted_quotes,
                "entities": change.deleted_entities,
            },
            "event": _event_with_sentence(change.event, article) if change.event else None,
        }
    )


def _event_with_sentence(event, article: Article) -> dict:
    fresh = article_fresh(article_id=article.id)
    sentence = event_sentences(article=fresh, events=[event])[event.id]
    return event_data(event) | {"sentence": sentence}


@requires(ANNOTATE)
def history_view(request: HttpRequest, pk: int) -> HttpResponse:
    article = get_object_or_404(Article, pk=pk)
    page = Paginator(article_events(article=article), 100).get_page(request.GET.get("page"))
    sentences = event_sentences(article=article, events=page.object_list)
    rows = [(event, sentences[event.id]) for event in page.object_list]
    context = {"article": article, "page": page, "rows": rows}
    return render(request, "annotations/history.html", context)


@requires(ANNOTATE)
def registry_view(request: HttpRequest) -> HttpResponse:
    query = request.GET.get("q", "")[:200]
    form = forms.RegistryEntityForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            entry = services.registry_entity_create(actor=request.user, **form.cleaned_data)
        except services.AnnotationRefused as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, f"“{entry.name}” is in the registry.")
            return redirect("annotations:registry")
    entries = registry_search(query=query, limit=500)
    status = 400 if request.method == "POST" else 200
    context = {"form": form, "entries": entries, "query": query}
    return render(request, "annotations/registry.html", context, status=status)


@requires(ANNOTATE)
def registry_edit_view(request: HttpRequest, pk: int) -> HttpResponse:
    entry = get_object_or_404(RegistryEntity, pk=pk)
    initial = {"name": entry.name, "label": entry.label, "aliases": "\n".join(entry.aliases)}
    form = forms.RegistryEntityForm(request.POST or None, initial=initial)
    record = forms.RegistryRecordForm(
        request.POST or None, initial={"role": entry.role_id, "gender": entry.gender}
    )
    if request.method == "POST" and form.is_valid() and record.is_valid():
        try:
            with transaction.atomic():
                services.registry_entity_update(entry_id=entry.id, **form.cleaned_data)
                speaker_records.registry_record_set(entry_id=entry.id, **record.cleaned_data)
        except (services.AnnotationRefused, speaker_records.RecordRefused) as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, "Registry entry saved.")
            return redirect("annotations:registry")
    status = 400 if request.method == "POST" else 200
    context = {"form": form, "record": record, "entry": entry}
    return render(request, "annotations/registry_edit.html", context, status=status)


@requires(ANNOTATE)
@gzip_page
def registry_search_view(request: HttpRequest) -> JsonResponse:
    entries = registry_search(
        query=request.GET.get("q", "")[:200], label=request.GET.get("label", "")[:20]
    )
    return JsonResponse(
        {"results": [{"id": e.id, "name": e.name, "label": e.label} for e in entries]}
    )
