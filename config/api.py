"""The JSON API at /api/v1/: one NinjaAPI, to which each app adds its router.

An app with endpoints defines a `ninja.Router` (e.g. `apps/<app>/api.py: router`) and is
mounted here with one line; its operations then share the API's errors, parameter rules,
authentication and OpenAPI document:

    api.add_router("/insights/", "apps.insights.api.router")
"""

from __future__ import annotations

from apps.core.api import NewsdeskAPI

api = NewsdeskAPI(
    title="Newsdesk published annotations",
    version="1",
    description="Published articles with their entities and quotes. Offsets are half-open "
    "Unicode code-point indices into `text`. Only published versions appear.",
    urls_namespace="api",
    servers_path="/api/v1",
)
api.add_router("", "apps.publishing.api.router")
api.add_router("/insights/", "apps.insights.api.router")
