from django.urls import path

from apps.publishing import public_views

app_name = "public"
urlpatterns = [
    path("", public_views.public_list_view, name="list"),
    path("articles/<int:pk>/", public_views.public_article_view, name="article"),
    path("quotes/", public_views.public_quotes_view, name="quotes"),
]
