from django.contrib import admin

from apps.annotations.models import SpeakerRole


@admin.register(SpeakerRole)
class SpeakerRoleAdmin(admin.ModelAdmin):
    """The newsroom's list of source roles (also extended from a registry entry's page)."""

    list_display = ["name"]
    search_fields = ["name"]
