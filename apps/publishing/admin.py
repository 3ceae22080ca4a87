"""Publishing rows in the admin: all read-only. Stages change through the review pages
(whose services write the workflow history); published versions are frozen, and the
database refuses any change to them."""

from __future__ import annotations

from django.contrib import admin

from apps.core.admin import ReadOnlyAdmin
from apps.publishing.models import (
    PublishedEntity,
    PublishedQuote,
    PublishedVersion,
    Workflow,
    WorkflowEvent,
)


@admin.register(Workflow)
class WorkflowAdmin(ReadOnlyAdmin):
    list_display = ["article", "stage", "annotator", "reviewer", "stage_changed_at"]
    list_filter = ["stage"]
    search_fields = ["article__title", "annotator__username", "reviewer__username"]
    list_select_related = ["article", "annotator", "reviewer"]

    def get_queryset(self, request):
        return super().get_queryset(request).defer("article__body", "article__original")


@admin.register(WorkflowEvent)
class WorkflowEventAdmin(ReadOnlyAdmin):
    list_display = ["created_at", "article_id", "actor", "action", "from_stage", "to_stage"]
    list_filter = ["action", "to_stage"]
    search_fields = ["actor__username", "action", "comment"]
    list_select_related = ["actor"]


@admin.register(PublishedVersion)
class PublishedVersionAdmin(ReadOnlyAdmin):
    list_display = ["title", "article_id", "number", "is_current", "published_at", "published_by"]
    list_filter = ["is_current"]
    search_fields = ["title", "source"]
    list_select_related = ["published_by"]
    date_hierarchy = "published_at"

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        if request.resolver_match and request.resolver_match.url_name.endswith("changelist"):
            return queryset.defer("body", "annotations")
        return queryset


@admin.register(PublishedQuote)
class PublishedQuoteAdmin(ReadOnlyAdmin):
    list_display = ["short_text", "kind", "speaker_entity", "article_id", "version_id"]
    list_filter = ["kind", "speaker_type"]
    search_fields = ["text", "speaker_entity", "speaker"]
    show_full_result_count = False

    @admin.display(description="text")
    def short_text(self, quote: PublishedQuote) -> str:
        return quote.text[:80]


@admin.register(PublishedEntity)
class PublishedEntityAdmin(ReadOnlyAdmin):
    list_display = ["name", "label", "mentions", "article_id", "version_id"]
    list_filter = ["label"]
    search_fields = ["name"]
    show_full_result_count = False
