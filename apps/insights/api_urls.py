from django.urls import path

from apps.insights import api

app_name = "insights_api"
urlpatterns = [
    path("speakers", api.speakers_view, name="speakers"),
    path("speaker-types", api.speaker_types_view, name="speaker_types"),
    path("entities", api.entities_view, name="entities"),
]
