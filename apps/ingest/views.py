from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.defaultfilters import pluralize
from django.urls import reverse
from django.utils.http import urlencode
from django.views.decorators.http import require_POST

from apps.accounts.permissions import BRING_IN, RETAG, requires
from apps.annotations.selectors import (
    article_entities,
    article_mentions,
    article_quotes,
    highlighted_body,
)
from apps.articles.models import Article
from apps.articles.normalise import IngestError
from apps.articles.services import DuplicateArticle
from apps.ingest.forms import ArticleForm, ImportForm, LabelMappingForm, RetagSelectedForm
from apps.ingest.models import AnnotationMode, ImportBatch
from apps.ingest.parsers.tools import TOOL_NAMES
from apps.ingest.selectors import (
    article_list,
    import_labels,
    import_problems,
    import_progress,
    import_recent,
)
from apps.ingest.services import (
    article_ingest,
    article_ingest_upload,
    article_retag,
    articles_retag,
    import_batch_create,
    import_batch_map,
)

PAGE_SIZE = 50


def list_view(request: HttpRequest) -> HttpResponse:
    query = request.GET.get("q", "")[:200]
    page = Paginator(article_list(query=query), PAGE_SIZE).get_page(request.GET.get("page"))
    # While any listed article is being (re-)tagged, the list refreshes itself.
    pending = any(a.tagging_state in ("queued", "running") for a in page.object_list)
    context = {"page": page, "query": query, "pending": pending}
    return render(request, "articles/list.html", context)


@requires(BRING_IN)
def new_view(request: HttpRequest) -> HttpResponse:
    form = ArticleForm(request.POST or None, request.FILES or None)
    duplicate = None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data.get("file")
        try:
            if upload:
                article = article_ingest_upload(
                    data=upload.read(),
                    filename=upload.name,
                    created_by=request.user,
                    **form.metadata(),
                )
            else:
                article = article_ingest(
                    raw=form.cleaned_data["body"],
                    fmt="txt",
                    created_by=request.user,
                    **form.metadata(),
                )
        except DuplicateArticle as exc:
            duplicate = exc.existing
            form.add_error(None, str(exc))
        except IngestError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, "Article saved; it is being pre-tagged.")
            return redirect("articles:detail", pk=article.pk)
    status = 400 if request.method == "POST" else 200
    return render(
        request, "articles/new.html", {"form": form, "duplicate": duplicate}, status=status
    )


def detail_view(request: HttpRequest, pk: int) -> HttpResponse:
    article = get_object_or_404(Article, pk=pk)
    mentions = list(article_mentions(article=article))
    quotes = list(article_quotes(article=article))
    context = {
        "article": article,
        "body_html": highlighted_body(body=article.body, mentions=mentions, quotes=quotes),
        "entities": article_entities(article=article),
        "quotes": quotes,
        "mention_count": len(mentions),
    }
    template = "articles/detail.html"
    if request.htmx:
        template += "#annotated"
    return render(request, template, context)


@require_POST
@requires(RETAG)
def retag_view(request: HttpRequest, pk: int) -> HttpResponse:
    article = get_object_or_404(Article, pk=pk)
    article_retag(article=article)
    messages.info(request, "Pre-tagging queued again.")
    return redirect("articles:detail", pk=article.pk)


@requires(BRING_IN)
def import_view(request: HttpRequest) -> HttpResponse:
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data.get("file")
        try:
            batch = import_batch_create(
                kind=form.cleaned_data["kind"],
                data=upload.read() if upload else b"",
                urls=form.cleaned_data.get("urls") or "",
                filename=upload.name if upload else "",
                annotation_mode=form.cleaned_data["annotation_mode"],
                created_by=request.user,
            )
        except IngestError as exc:
            form.add_error(None, str(exc))
        else:
            if batch.awaiting_mapping:
                return redirect("articles:import_mapping", pk=batch.pk)
            return redirect("articles:import_detail", pk=batch.pk)
    status = 400 if request.method == "POST" else 200
    context = {"form": form, "recent": import_recent()}
    return render(request, "articles/import.html", context, status=status)


@requires(BRING_IN)
def import_detail_view(request: HttpRequest, pk: int) -> HttpResponse:
    batch = get_object_or_404(ImportBatch.objects.select_related("created_by"), pk=pk)
    if batch.awaiting_mapping:
        return redirect("articles:import_mapping", pk=batch.pk)
    context = {
        "batch": batch,
        "progress": import_progress(batch=batch),
        "problems": import_problems(batch=batch),
    }
    template = "articles/import_detail.html"
    if request.htmx:
        template += "#progress"
    return render(request, template, context)


@requires(BRING_IN)
def import_mapping_view(request: HttpRequest, pk: int) -> HttpResponse:
    """A tool's export: its label names mapped to ours before anything is stored."""
    batch = get_object_or_404(ImportBatch, pk=pk)
    if not batch.awaiting_mapping:
        return redirect("articles:import_detail", pk=batch.pk)
    labels, relations = import_labels(batch=batch)
    mode = batch.annotation_mode
    form = LabelMappingForm(
        request.POST or None,
        labels=labels,
        relations=relations,
        mode=AnnotationMode.SUGGESTED if mode == AnnotationMode.PRETAG else mode,
    )
    if request.method == "POST" and form.is_valid():
        try:
            import_batch_map(
                batch=batch,
                label_mapping=form.mapping(),
                annotation_mode=form.cleaned_data["annotation_mode"],
            )
        except IngestError as exc:
            form.add_error(None, str(exc))
        else:
            return redirect("articles:import_detail", pk=batch.pk)
    context = {"batch": batch, "form": form, "tool": TOOL_NAMES.get(batch.tool, batch.tool)}
    status = 400 if request.method == "POST" else 200
    return render(request, "articles/import_mapping.html", context, status=status)


@require_POST
@requires(RETAG)
def retag_selected_view(request: HttpRequest) -> HttpResponse:
    form = RetagSelectedForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Select at least one article to re-tag.")
    else:
        queued = articles_retag(article_ids=form.cleaned_data["articles"])
        messages.info(request, f"Pre-tagging queued again for {queued} article{pluralize(queued)}.")
    query = request.POST.get("q", "")[:200]
    return redirect(reverse("articles:list") + (f"?{urlencode({'q': query})}" if query else ""))
