from django.urls import path

from apps.insights import views

app_name = "insights"
urlpatterns = [
    path("", views.dashboard_view, name="dashboard"),
    path("accuracy/", views.accuracy_view, name="accuracy"),
    path("tables/<slug:key>.csv", views.panel_csv_view, name="panel_csv"),
    path("speakers/<path:name>/", views.speaker_view, name="speaker"),
]
