"""The JSON API's framework: django-ninja, with the habits every Newsdesk endpoint shares.

- Every error is JSON, `{"error": "<message for people>"}`: validation (400, with the
  failing parameters under "detail"), authentication (401), permission (403), an unknown
  path under the API (404), a method the path does not take (405, with `Allow`), too many
  requests (429, with `Retry-After`) and unexpected failures (500, logged).
- A query parameter an operation does not declare, or one given twice, is refused with 400
  rather than ignored, so a misspelt filter never silently returns everything.
- HEAD is answered wherever GET is, OPTIONS lists the methods, and neither needs declaring.
- The endpoints need no session: LoginRequiredMiddleware lets them through, and each
  operation decides its own authentication.
- JSON responses are gzipped when the client accepts it; they hold no CSRF token or other
  secret that a compression side channel (BREACH) could reveal.

Apps add their endpoints as `ninja.Router`s; `config/api.py` mounts them on one
`NewsdeskAPI`, which serves the OpenAPI document generated from the code.
"""

from __future__ import annotations

import functools
import inspect
import logging
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import RequestDataTooBig
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseNotAllowed, JsonResponse
from django.urls import URLPattern, path, re_path
from django.views import defaults
from django.views.decorators.gzip import gzip_page
from ninja import NinjaAPI, Schema
from ninja.errors import AuthenticationError, HttpError, ValidationError
from ninja.responses import NinjaJSONEncoder

from apps.core.database_outage import DATABASE_ERRORS, unavailable

logger = logging.getLogger(__name__)


class Error(Schema):
    """Every error the API answers: a message for people, and for a bad request the details."""

    error: str
    detail: list[ParameterError] | None = None


class ParameterError(Schema):
    parameter: str
    message: str


Error.model_rebuild()

# The responses every operation may give besides its own; listed in the OpenAPI document so
# that clients (and schemathesis) know their shape.
COMMON_ERRORS: dict[int, type[Schema]] = {400: Error, 500: Error}


def _error(message: str, status: int, **headers: str) -> JsonResponse:
    response = JsonResponse({"error": message}, status=status)
    for name, value in headers.items():
        response[name] = value
    return response


def _parameter_name(loc: tuple | list) -> str:
    where, *rest = loc
    if where == "body" and rest:
        rest = rest[1:]  # the view's argument name, which clients never see
    # pydantic names the members of a union and its validators in the location; drop them.
    parts = [str(p) for p in rest if not (isinstance(p, str) and ("[" in p or p[:1].isupper()))]
    return ".".join(parts) or str(where)


def _message(error: dict) -> str:
    """One pydantic error, in words (the old API's messages are kept where they existed)."""
    name = _parameter_name(error["loc"])
    kind, ctx = error["type"], error.get("ctx") or {}
    if kind in {"int_parsing", "int_from_float", "int_type"}:
        return f"{name} must be given in whole numbers."
    if kind == "greater_than_equal":
        return f"{name} must be {ctx.get('ge')} or more."
    if kind == "less_than_equal":
        return f"{name} must be {ctx.get('le')} or less."
    if kind in {"greater_than", "less_than"}:
        return f"{name} must be {error['msg'].removeprefix('Input should be ')}."
    if kind.startswith("date"):
        return f"{name} must be a date like 2026-01-31."
    if kind in {"literal_error", "enum"}:
        return f"{name} must be one of {ctx.get('expected', '')}."
    if kind == "extra_forbidden":
        return f"{name} is not a field here."
    if kind == "missing":
        return f"{name} is required."
    if kind == "string_too_long":
        return f"{name} must be at most {ctx.get('max_length')} characters."
    if kind == "string_pattern_mismatch":
        if "\\x00" in str(ctx.get("pattern", "")):
            return f"{name} must not contain control characters."
        return f"{name} is not in the expected form."
    message = str(error.get("msg", "is not valid")).removeprefix("Value error, ")
    if kind == "value_error" and message.startswith("must "):
        return f"{name} {message}"
    return f"{name}: {message}"


def _validation_error(request: HttpRequest, exc: ValidationError) -> JsonResponse:
    details = [
        {"parameter": _parameter_name(error["loc"]), "message": _message(error)}
        for error in exc.errors
    ]
    summary = " ".join(dict.fromkeys(detail["message"] for detail in details))
    return JsonResponse({"error": summary or "The request is not valid.", "detail": details},
                        status=400)  # fmt: skip


def _http_error(request: HttpRequest, exc: HttpError) -> JsonResponse:
    if isinstance(exc, AuthenticationError):
        return _error(
            "Give a valid API key: Authorization: Bearer <key>.",
            401,
            **{"WWW-Authenticate": "Bearer"},
        )
    return _error(exc.message, exc.status_code, **getattr(exc, "headers", {}))


def _too_big(request: HttpRequest, exc: RequestDataTooBig) -> JsonResponse:
    return _error(
        f"The request is too large; send at most {settings.DATA_UPLOAD_MAX_MEMORY_SIZE // 1024} KB"
        " at a time.",
        413,
    )


def _not_found(request: HttpRequest, exc: Exception | None = None) -> JsonResponse:
    message = str(exc) if isinstance(exc, Http404) and str(exc) else "Nothing here."
    return _error(message, 404)


def _unexpected(request: HttpRequest, exc: Exception) -> HttpResponse:
    if isinstance(exc, DATABASE_ERRORS):
        # An outage, not a bug: 503 with Retry-After, as on every other page.
        logger.warning("database unavailable: %s %s: %s", request.method, request.path, exc)
        return unavailable(request)
    logger.exception("API error on %s %s", request.method, request.path, exc_info=exc)
    return _error("Something went wrong on our side; it has been logged.", 500)


def api_response(request: HttpRequest, schema: type[Schema], data: Any) -> HttpResponse:
    """`data` validated by `schema` and rendered as the API renders, for a view that must
    set headers on its response (ninja validates only what a view returns unrendered)."""
    return JsonResponse(schema.model_validate(data).model_dump(), encoder=NinjaJSONEncoder)


def _query_names(operation: Any) -> set[str]:
    names: set[str] = set()
    for model in operation.models:
        if getattr(model, "__ninja_param_source__", None) == "query":
            names.update(getattr(model, "__ninja_flatten_map__", {}) or model.model_fields)
    return names


def _refuse_unknown_parameters(run: Callable) -> Callable:
    """A view decorator (before validation): only declared query parameters, each once."""
    operation = inspect.unwrap(run).__self__
    allowed = _query_names(operation)
    listed = ", ".join(sorted(allowed)) or "none"

    @functools.wraps(run)
    def checked(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        unknown = sorted(set(request.GET) - allowed)
        if unknown:
            return _error(f"Unknown parameter(s): {', '.join(unknown)}. Allowed: {listed}.", 400)
        for name in request.GET:
            if len(request.GET.getlist(name)) > 1:
                return _error(f"Give {name} once.", 400)
        return run(request, *args, **kwargs)

    return checked


def _http_methods(view: Callable) -> Callable:
    """HEAD wherever GET is, OPTIONS everywhere, and a JSON 405 that says what is allowed."""

    @functools.wraps(view)
    def handled(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        method = request.method
        if method in {"HEAD", "OPTIONS"}:
            request.method = "GET" if method == "HEAD" else "OPTIONS"
        response = view(request, *args, **kwargs)
        request.method = method
        if response.status_code == 405 and "Allow" in response:
            allowed = {m.strip() for m in response["Allow"].split(",") if m.strip()}
            if "GET" in allowed:
                allowed.add("HEAD")
            allow = ", ".join(sorted(allowed | {"OPTIONS"}))
            if method == "OPTIONS":
                response = HttpResponse(status=204)
                response["Allow"] = allow
                return response
            return _error(f"{method} is not allowed here; use {allow}.", 405, Allow=allow)
        if method == "HEAD" and not response.streaming:
            length = len(response.content)
            response.content = b""
            response["Content-Length"] = str(length)
        return response

    return handled


def _api_view(view: Callable) -> Callable:
    return login_not_required(gzip_page(_http_methods(view)))


class NewsdeskAPI(NinjaAPI):
    def __init__(self, *, servers_path: str = "", **kwargs: Any) -> None:
        # The OpenAPI document is served by `openapi_view` below, under the name "openapi".
        super().__init__(openapi_url=None, docs_url=None, **kwargs)
        self.servers_path = servers_path
        self.add_exception_handler(ValidationError, _validation_error)
        self.add_exception_handler(HttpError, _http_error)
        self.add_exception_handler(Http404, _not_found)
        self.add_exception_handler(RequestDataTooBig, _too_big)
        self.add_exception_handler(Exception, _unexpected)
        self.add_decorator(_refuse_unknown_parameters, mode="view")
        self._schema: dict | None = None

    def openapi_document(self, request: HttpRequest) -> dict:
        if self._schema is None:
            # Paths relative to the server URL, as clients join them.
            self._schema = dict(self.get_openapi_schema(path_prefix=""))
        server = request.build_absolute_uri(self.servers_path) if self.servers_path else "/"
        return {**self._schema, "servers": [{"url": server.rstrip("/")}]}

    def openapi_view(self, request: HttpRequest) -> HttpResponse:
        return JsonResponse(self.openapi_document(request))

    def _get_urls(self) -> list:
        patterns: list = []
        for pattern in super()._get_urls():
            if isinstance(pattern, URLPattern) and pattern.name == "api-root":
                continue  # ninja's placeholder for the root; a 404 here is the catch-all's
            pattern.callback = _api_view(pattern.callback)
            patterns.append(pattern)

        def openapi(request: HttpRequest) -> HttpResponse:
            if request.method != "GET":
                return HttpResponseNotAllowed(["GET"])
            return self.openapi_view(request)

        patterns.insert(0, path("openapi.json", _api_view(openapi), name="openapi"))
        # Anything else under the API is a JSON 404, never the site's HTML page.
        patterns.append(re_path(r"^.*$", login_not_required(_not_found)))
        return patterns


def _site_handler(status: int, message: str, default: Callable) -> Callable:
    """Django's error handler for the whole site, answering JSON under the API's path.

    Covers what fails before an endpoint runs (a bad Host header, a middleware error)."""

    def handler(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
        if request.path.startswith(API_PATH_PREFIX):
            return _error(message, status)
        return default(request) if exception is None else default(request, exception)

    return handler


API_PATH_PREFIX = "/api/"

bad_request = _site_handler(400, "The request is not valid.", defaults.bad_request)
permission_denied = _site_handler(403, "Not allowed.", defaults.permission_denied)
page_not_found = _site_handler(404, "Nothing here.", defaults.page_not_found)
server_error = _site_handler(
    500, "Something went wrong on our side; it has been logged.", defaults.server_error
)
