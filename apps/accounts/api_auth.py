"""API keys on the JSON API: `Authorization: Bearer <key>`, its scope, its rate limit.

Reading published annotations needs no key (`READ_OR_ANONYMOUS`); a key that is sent must be
valid and carry the `read` scope, and its requests count towards its limit. Importing needs
a key with the `import` scope whose owner may still bring in articles (`IMPORT`).
"""

from __future__ import annotations

import math
import time

from django.http import HttpRequest
from ninja.errors import AuthenticationError, HttpError
from ninja.security import HttpBearer

from apps.accounts.models import ApiKey, ApiKeyScope
from apps.accounts.permissions import can_bring_in
from apps.accounts.services import api_key_authenticate, api_key_count_request


class RateLimited(HttpError):
    def __init__(self, *, limit: int) -> None:
        wait = max(1, math.ceil(60 - time.time() % 60))
        super().__init__(429, f"This key may make {limit} requests a minute; wait {wait} s.")
        self.headers = {"Retry-After": str(wait)}


class Anonymous:
    """A reader without a key; truthy, so that ninja lets the request through."""

    def __bool__(self) -> bool:
        return True


class BearerKey(HttpBearer):
    def __init__(self, scope: str, *, optional: bool = False) -> None:
        super().__init__()
        self.scope = scope
        self.optional = optional

    def __call__(self, request: HttpRequest) -> ApiKey | Anonymous | None:
        header = request.headers.get("Authorization", "")
        if not header and self.optional:
            return Anonymous()
        scheme, _, token = header.partition(" ")
        if scheme.lower() != "bearer" or not token.strip():
            raise AuthenticationError()
        return self.authenticate(request, token.strip())

    def authenticate(self, request: HttpRequest, token: str) -> ApiKey | None:
        key = api_key_authenticate(token=token)
        if key is None:
            return None
        if self.scope not in key.scopes:
            raise HttpError(403, f"This key does not have the {self.scope} scope.")
        if self.scope == ApiKeyScope.IMPORT and not can_bring_in(key.user):
            raise HttpError(403, "The key's owner may no longer bring in articles.")
        if api_key_count_request(key=key) > key.rate_limit:
            raise RateLimited(limit=key.rate_limit)
        request.api_key = key
        return key


READ_OR_ANONYMOUS = BearerKey(ApiKeyScope.READ, optional=True)
IMPORT = BearerKey(ApiKeyScope.IMPORT)
