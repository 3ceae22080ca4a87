"""Annotations are changed in the workspace, whose services write the history; here they are
listed, searched and read. The registry is curated here as well as on its own page."""

from __future__ import annotations

from django.contrib import admin

from apps.annotations.models import (
    AnnotationEvent,
    ConfirmedLabel,
    Entity,
    EntityMention,
    Presence,
    Quote,
    RegistryEntity,
    SpeakerRole,
)
from apps.core.admin import ReadOnlyAdmin


@admin.register(Entity)
class EntityAdmin(ReadOnlyAdmin):
    list_display = ["name", "label", "article_id", "origin", "registry"]
    list_filter = ["label", "origin"]
    search_fields = ["name"]
    list_select_related = ["registry"]
    show_full_result_count = False


@admin.register(EntityMention)
class EntityMentionAdmin(ReadOnlyAdmin):
    list_display = ["text", "label", "status", "origin", "article_id", "start", "end"]
    list_filter = ["status", "label", "origin"]
    search_fields = ["text", "entity__name"]
    show_full_result_count = False


@admin.register(Quote)
class QuoteAdmin(ReadOnlyAdmin):
    list_display = ["short_text", "kind", "status", "speaker_type", "article_id", "start"]
    list_filter = ["status", "kind", "speaker_type", "origin"]
    search_fields = ["text", "speaker_entity__name"]
    show_full_result_count = False

    @admin.display(description="text")
    def short_text(self, quote: Quote) -> str:
        return quote.text[:80]


@admin.register(AnnotationEvent)
class AnnotationEventAdmin(ReadOnlyAdmin):
    """The history: never changed (it is how changes are accounted for)."""

    list_display = ["created_at", "article_id", "actor", "action", "target"]
    list_filter = ["action"]
    search_fields = ["actor__username", "target", "action"]
    list_select_related = ["actor"]
    date_hierarchy = "created_at"
    show_full_result_count = False


@admin.register(RegistryEntity)
class RegistryEntityAdmin(admin.ModelAdmin):
    list_display = ["name", "label", "created_by", "updated_at"]
    list_filter = ["label"]
    search_fields = ["name"]
    readonly_fields = ["created_by", "created_at", "updated_at"]


@admin.register(SpeakerRole)
class SpeakerRoleAdmin(admin.ModelAdmin):
    """The newsroom's list of source roles (also extended from a registry entry's page)."""

    list_display = ["name"]
    search_fields = ["name"]


@admin.register(ConfirmedLabel)
class ConfirmedLabelAdmin(ReadOnlyAdmin):
    """What published versions taught the pre-tagger; written and removed with publishing."""

    list_display = ["surface", "label", "article_id"]
    list_filter = ["label"]
    search_fields = ["surface"]
    show_full_result_count = False


@admin.register(Presence)
class PresenceAdmin(ReadOnlyAdmin):
    """Who had a workspace open, and when the page last asked."""

    list_display = ["article_id", "user", "seen_at"]
    search_fields = ["user__username"]
    list_select_related = ["user"]
