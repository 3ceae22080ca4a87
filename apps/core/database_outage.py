"""While the database is unreachable, answer 503 with Retry-After instead of a generic 500.

A database restart or failover takes seconds; clients (and the workspace's JavaScript) can
retry, and nothing half-done was saved because each request's writes are one transaction.
The error can surface in a view or in a middleware (the session and user are loaded lazily,
often first by a middleware), and Django turns an exception into a 500 response at each
layer. So a receiver of `got_request_exception` marks the request, and this middleware,
outermost, replaces the response.
"""

from __future__ import annotations

import logging
import sys
from collections.abc import Callable

import psycopg
from django.core.signals import got_request_exception
from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse

from apps.core.http import refusal

logger = logging.getLogger(__name__)

DATABASE_ERRORS = (
    OperationalError,
    InterfaceError,
    psycopg.OperationalError,
    psycopg.InterfaceError,
)
RETRY_AFTER_SECONDS = 5
MESSAGE = "The database is unavailable for a moment. Please try again in a few seconds."
_MARK = "_newsdesk_database_unavailable"


def _mark_database_errors(sender, request: HttpRequest | None = None, **kwargs) -> None:
    if request is not None and isinstance(sys.exc_info()[1], DATABASE_ERRORS):
        setattr(request, _MARK, True)


got_request_exception.connect(_mark_database_errors, dispatch_uid="newsdesk_database_outage")


def unavailable(request: HttpRequest) -> HttpResponse:
    return refusal(request, MESSAGE, status=503, Retry_After=str(RETRY_AFTER_SECONDS))


class DatabaseOutageMiddleware:
    """First in MIDDLEWARE, so that it sees the response of every other layer."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if getattr(request, _MARK, False):
            return unavailable(request)
        return response

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if isinstance(exception, DATABASE_ERRORS):
            logger.warning(
                "database unavailable: %s %s: %s", request.method, request.path, exception
            )
            return unavailable(request)
        return None
