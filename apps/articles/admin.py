from __future__ import annotations

from django.contrib import admin

from apps.articles.models import Article


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin):
    """Metadata may be corrected here; the text may not (every annotation's offsets point
    into it), and articles are brought in through the import pages, not added here."""

    list_display = ["id", "title", "source", "published_at", "tagging_state", "created_at"]
    list_filter = ["tagging_state", "original_format"]
    search_fields = ["title", "source", "byline", "url"]
    date_hierarchy = "created_at"
    show_full_result_count = False
    readonly_fields = ["body", "original", "original_format", "original_filename", "created_by",
                       "created_at", "updated_at", "tagging_state", "tagging_error", "tagged_at",
                       "tagger_version", "version"]  # fmt: skip

    def has_add_permission(self, request) -> bool:
        return False

    def get_queryset(self, request):
        return super().get_queryset(request).defer("body", "original")
