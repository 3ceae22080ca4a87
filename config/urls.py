from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("", include("apps.accounts.urls")),
    path("articles/", include("apps.ingest.urls")),
    path("exports/", include("apps.exports.urls")),
    path("workspace/", include("apps.annotations.urls")),
    path("review/", include("apps.publishing.urls")),
    path("public/", include("apps.publishing.public_urls")),
    path("insights/", include("apps.insights.urls")),
    path("api/v1/insights/", include("apps.insights.api_urls")),
    path("api/v1/", include("apps.publishing.api_urls")),
    path("admin/", admin.site.urls),
]
