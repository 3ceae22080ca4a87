from __future__ import annotations

from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.text import slugify

from apps.articles.models import Article
from apps.exports.csv_exports import entity_mention_rows
from apps.exports.formats import FORMATS, export_content, text_blocks
from apps.exports.forms import ExportForm


def article_entities_csv(request: HttpRequest, pk: int) -> StreamingHttpResponse:
    article = get_object_or_404(Article.objects.only("id", "title"), pk=pk)
    response = StreamingHttpResponse(
        text_blocks(entity_mention_rows(article_ids=[article.id])),
        content_type="text/csv; charset=utf-8",
    )
    name = slugify(article.title)[:60] or f"article-{article.id}"
    response["Content-Disposition"] = f'attachment; filename="{name}-entities.csv"'
    return response


def export_page(request: HttpRequest) -> HttpResponse:
    """The download form; with a `format` in the query it answers with the file."""
    if "format" not in request.GET:
        form = ExportForm(initial=request.GET.dict())
        article = _article(request.GET.get("article"))
        return render(request, "exports/export.html", {"form": form, "article": article})
    form = ExportForm(request.GET)
    if not form.is_valid():
        article = _article(request.GET.get("article"))
        context = {"form": form, "article": article}
        return render(request, "exports/export.html", context, status=400)
    data = form.cleaned_data
    fmt = FORMATS[data["format"]]
    content = export_content(
        name=fmt.name,
        filters=form.filters(),
        version=data["version"],
        accepted_only=data["accepted_only"],
        excel_bom=data["excel"],
        for_data_tools=data["for_data_tools"],
    )
    if fmt.streamed:
        response: HttpResponse = StreamingHttpResponse(content, content_type=fmt.content_type)
    else:
        response = HttpResponse(content, content_type=fmt.content_type)
    stem = f"article-{data['article']}" if data.get("article") else "newsdesk"
    if data["for_data_tools"] and fmt.csv:
        stem += "-for-data-tools"
    stamp = timezone.localdate().isoformat()
    response["Content-Disposition"] = f'attachment; filename="{stem}-{stamp}-{fmt.name}"'
    return response


def _article(value: str | None) -> Article | None:
    if not value or not value.isdigit():
        return None
    return Article.objects.only("id", "title").filter(pk=int(value)).first()
