from django.contrib import admin
from django.urls import include, path

from apps.core.health import healthz_view
from config.api import api

urlpatterns = [
    path("", include("apps.accounts.urls")),
    path("articles/", include("apps.ingest.urls")),
    path("exports/", include("apps.exports.urls")),
    path("workspace/", include("apps.annotations.urls")),
    path("review/", include("apps.publishing.urls")),
    path("public/", include("apps.publishing.public_urls")),
    path("insights/", include("apps.insights.urls")),
    path("api/v1/", api.urls),
    path("admin/", admin.site.urls),
    path("healthz", healthz_view, name="healthz"),
]

# Errors raised outside any view (a bad Host header, a failing middleware) answer JSON under
# /api/ and the usual pages elsewhere.
handler400 = "apps.core.api.bad_request"
handler403 = "apps.core.api.permission_denied"
handler404 = "apps.core.api.page_not_found"
handler500 = "apps.core.api.server_error"
