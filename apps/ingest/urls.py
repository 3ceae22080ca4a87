from django.urls import path

from apps.ingest import views

# The editors' article pages keep the name they are known by in templates and links.

app_name = "articles"
urlpatterns = [
    path("", views.list_view, name="list"),
    path("new/", views.new_view, name="new"),
    path("<int:pk>/", views.detail_view, name="detail"),
    path("<int:pk>/retag/", views.retag_view, name="retag"),
    path("retag/", views.retag_selected_view, name="retag_selected"),
    path("import/", views.import_view, name="import"),
    path("import/<int:pk>/", views.import_detail_view, name="import_detail"),
    path("import/<int:pk>/mapping/", views.import_mapping_view, name="import_mapping"),
]
