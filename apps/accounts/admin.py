from __future__ import annotations

from django.contrib import admin, messages

from apps.accounts.models import ApiKey, ApiKeyUse
from apps.accounts.services import api_key_revoke
from apps.core.admin import ReadOnlyAdmin


@admin.register(ApiKey)
class ApiKeyAdmin(admin.ModelAdmin):
    """Keys are made on the account page (where the key is shown once); here an operator
    sees them, gives one its own rate limit, renames or revokes it."""

    list_display = ["name", "user", "prefix", "scopes", "rate_per_minute", "created_at",
                    "last_used_at", "revoked_at"]  # fmt: skip
    list_filter = ["revoked_at"]
    search_fields = ["name", "prefix", "user__username"]
    list_select_related = ["user"]
    fields = ["name", "user", "prefix", "scopes", "rate_per_minute", "created_at",
              "last_used_at", "revoked_at"]  # fmt: skip
    readonly_fields = ["user", "prefix", "scopes", "created_at", "last_used_at", "revoked_at"]
    actions = ["revoke"]

    def has_add_permission(self, request) -> bool:
        return False

    @admin.action(description="Revoke the selected keys")
    def revoke(self, request, queryset) -> None:
        for key in queryset:
            api_key_revoke(key=key, actor=request.user)
        messages.success(request, f"{queryset.count()} key(s) revoked.")


@admin.register(ApiKeyUse)
class ApiKeyUseAdmin(ReadOnlyAdmin):
    list_display = ["key", "minute", "count"]
    search_fields = ["key__name", "key__prefix"]
    list_select_related = ["key"]
