from django.urls import path

from apps.annotations import views

app_name = "annotations"
urlpatterns = [
    path("registry/", views.registry_view, name="registry"),
    path("registry/search.json", views.registry_search_view, name="registry_search"),
    path("registry/<int:pk>/", views.registry_edit_view, name="registry_edit"),
    path("<int:pk>/", views.workspace_view, name="workspace"),
    path("<int:pk>/state.json", views.state_view, name="state"),
    path("<int:pk>/actions/", views.action_view, name="action"),
    path("<int:pk>/history/", views.history_view, name="history"),
]
