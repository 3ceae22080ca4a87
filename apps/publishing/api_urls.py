from django.urls import path

from apps.publishing import api

app_name = "api"
urlpatterns = [
    path("articles", api.articles_view, name="articles"),
    path("articles/<int:pk>", api.article_view, name="article"),
    path("quotes", api.quotes_view, name="quotes"),
    path("openapi.json", api.openapi_view, name="openapi"),
]
