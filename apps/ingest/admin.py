from __future__ import annotations

from django.contrib import admin

from apps.core.admin import ReadOnlyAdmin
from apps.ingest.models import ImportBatch, ImportItem, ImportUpload


@admin.register(ImportBatch)
class ImportBatchAdmin(ReadOnlyAdmin):
    list_display = ["id", "kind", "filename", "created_by", "created_at", "finished_at"]
    list_filter = ["kind", "annotation_mode"]
    search_fields = ["filename", "created_by__username"]
    list_select_related = ["created_by"]


@admin.register(ImportItem)
class ImportItemAdmin(ReadOnlyAdmin):
    list_display = ["batch_id", "position", "label", "status", "article_id", "reason"]
    list_filter = ["status"]
    search_fields = ["label", "reason"]
    show_full_result_count = False


@admin.register(ImportUpload)
class ImportUploadAdmin(ReadOnlyAdmin):
    """An import's file, kept until its job has read it; its bytes are not shown."""

    list_display = ["batch_id"]
    fields = ["batch"]
