"""Sessions end after a while without activity, and in any case after a fixed time.

Django's own expiry is fixed from the last save; saving the session on every request would
make it slide, at the cost of a database write per request. Instead the session remembers
when it signed in and when it was last seen, and "last seen" is written at most once a
minute.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from django.conf import settings
from django.contrib.auth import SESSION_KEY, logout
from django.http import HttpRequest, HttpResponse

from apps.core.database_outage import DATABASE_ERRORS, unavailable

STARTED = "newsdesk_signed_in_at"
SEEN = "newsdesk_seen_at"
SEEN_RESOLUTION_SECONDS = 60


def now() -> float:
    return time.time()


def session_start(request: HttpRequest, **_kwargs) -> None:
    """Receiver of `user_logged_in`: the absolute limit counts from here."""
    moment = int(now())
    request.session[STARTED] = moment
    request.session[SEEN] = moment


class SessionTimeoutMiddleware:
    """Signs out a session idle for NEWSDESK_SESSION_IDLE_SECONDS or older than
    NEWSDESK_SESSION_MAX_SECONDS. Goes after the authentication middleware."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        # The first layer to read the session and the user from the database: an outage is
        # answered here, before any other layer fails on it.
        try:
            self._check(request)
            request.user.is_authenticated  # noqa: B018 (loads the user once, here)
        except DATABASE_ERRORS:
            return unavailable(request)
        return self.get_response(request)

    def _check(self, request: HttpRequest) -> None:
        session = request.session
        if SESSION_KEY in session:
            moment = int(now())
            started = session.get(STARTED)
            seen = session.get(SEEN)
            if started is None or seen is None:
                # Signed in before these limits existed: count from now.
                session[STARTED] = session[SEEN] = moment
            elif (
                moment - seen > settings.NEWSDESK_SESSION_IDLE_SECONDS
                or moment - started > settings.NEWSDESK_SESSION_MAX_SECONDS
            ):
                logout(request)
            elif moment - seen >= SEEN_RESOLUTION_SECONDS:
                session[SEEN] = moment
