from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from apps.annotations.selectors import (
    article_entities,
    article_mentions,
    article_quotes,
    highlighted_body,
)
from apps.articles.forms import ArticleForm
from apps.articles.models import Article
from apps.articles.normalise import IngestError
from apps.articles.selectors import article_list
from apps.articles.services import (
    DuplicateArticle,
    article_create,
    article_create_from_upload,
    article_retag,
)

PAGE_SIZE = 50


def list_view(request: HttpRequest) -> HttpResponse:
    query = request.GET.get("q", "")[:200]
    page = Paginator(article_list(query=query), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "articles/list.html", {"page": page, "query": query})


@permission_required("articles.add_article", raise_exception=True)
def new_view(request: HttpRequest) -> HttpResponse:
    form = ArticleForm(request.POST or None, request.FILES or None)
    duplicate = None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data.get("file")
        try:
            if upload:
                article = article_create_from_upload(
                    data=upload.read(),
                    filename=upload.name,
                    created_by=request.user,
                    **form.metadata(),
                )
            else:
                article = article_create(
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
@permission_required("articles.retag_article", raise_exception=True)
def retag_view(request: HttpRequest, pk: int) -> HttpResponse:
    article = get_object_or_404(Article, pk=pk)
    article_retag(article=article)
    messages.info(request, "Pre-tagging queued again.")
    return redirect("articles:detail", pk=article.pk)
