from django.urls import path

from apps.exports import views

app_name = "exports"
urlpatterns = [
    path("", views.export_page, name="page"),
    path("articles/<int:pk>/entities.csv", views.article_entities_csv, name="article_entities"),
]
