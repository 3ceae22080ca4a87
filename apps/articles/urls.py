from django.urls import path

from apps.articles import views

app_name = "articles"
urlpatterns = [
    path("", views.list_view, name="list"),
    path("new/", views.new_view, name="new"),
    path("<int:pk>/", views.detail_view, name="detail"),
    path("<int:pk>/retag/", views.retag_view, name="retag"),
]
