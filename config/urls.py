from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("", include("apps.accounts.urls")),
    path("articles/", include("apps.articles.urls")),
    path("exports/", include("apps.exports.urls")),
    path("admin/", admin.site.urls),
]
