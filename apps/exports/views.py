from __future__ import annotations

from django.http import HttpRequest, StreamingHttpResponse
from django.shortcuts import get_object_or_404
from django.utils.text import slugify

from apps.articles.models import Article
from apps.exports.csv_exports import entity_mention_rows


def article_entities_csv(request: HttpRequest, pk: int) -> StreamingHttpResponse:
    article = get_object_or_404(Article.objects.only("id", "title"), pk=pk)
    response = StreamingHttpResponse(
        entity_mention_rows(article_ids=[article.id]), content_type="text/csv; charset=utf-8"
    )
    name = slugify(article.title)[:60] or f"article-{article.id}"
    response["Content-Disposition"] = f'attachment; filename="{name}-entities.csv"'
    return response
