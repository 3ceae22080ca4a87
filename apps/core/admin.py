"""Shared admin pieces."""

from __future__ import annotations

from django.contrib import admin


class ReadOnlyAdmin(admin.ModelAdmin):
    """Listed, searched and viewed; never added, changed or deleted here.

    For rows that only services may write (so history and permissions are never skipped) and
    for frozen rows the database refuses to change anyway."""

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
