"""Answers that do not come from a view: refusals in the format the client reads."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse, JsonResponse


def wants_json(request: HttpRequest) -> bool:
    """The API, the workspace's JSON endpoints, and anything that sends or asks for JSON."""
    return (
        request.path.startswith("/api/")
        or request.path.endswith(".json")
        or request.content_type == "application/json"
        or "application/json" in request.headers.get("Accept", "")
    )


def refusal(request: HttpRequest, message: str, status: int, **headers: str) -> HttpResponse:
    if wants_json(request):
        response: HttpResponse = JsonResponse({"error": message}, status=status)
    else:
        response = HttpResponse(message + "\n", status=status, content_type="text/plain")
    for name, value in headers.items():
        response[name.replace("_", "-")] = value
    return response
