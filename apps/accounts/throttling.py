"""Sign-in throttling (django-axes): who a failed sign-in is counted against.

Two limits: `AXES_FAILURE_LIMIT` failures for one account from one address, and
`NEWSDESK_ADDRESS_FAILURE_LIMIT` failures from one address over any accounts, so that
guessing across many accounts from one machine is slowed too. The address limit is higher
because a newsroom's people may share one public address.
"""

from __future__ import annotations

import ipaddress

from axes.helpers import get_cool_off
from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import Sum
from django.http import HttpRequest
from django.utils import timezone

PER_ACCOUNT = [["username", "ip_address"]]
PER_ADDRESS = ["ip_address"]


def client_address(request: HttpRequest) -> str | None:
    """The client's address; behind the TLS proxy, the one the proxy saw.

    The proxy appends the address it received the connection from to X-Forwarded-For, so
    the last entry is the only one the client cannot forge; anything before it is the
    client's own claim.
    """
    remote = request.META.get("REMOTE_ADDR")
    if not settings.BEHIND_TLS_PROXY:
        return remote
    forwarded = request.META.get(settings.PROXY_CLIENT_ADDRESS_HEADER, "")
    hops = [hop.strip() for hop in forwarded.split(",") if hop.strip()]
    if not hops:
        return remote
    try:
        return str(ipaddress.ip_address(hops[-1]))
    except ValueError:
        return remote


def lockout_parameters(request_or_attempt, credentials: dict | None = None) -> list:
    """Count failures per account and address, or per address once it has too many."""
    address = getattr(request_or_attempt, "axes_ip_address", None) or getattr(
        request_or_attempt, "ip_address", None
    )
    if address and _address_failures(address) >= settings.NEWSDESK_ADDRESS_FAILURE_LIMIT:
        return PER_ADDRESS
    return PER_ACCOUNT


def _address_failures(address: str) -> int:
    attempts = AccessAttempt.objects.filter(ip_address=address)
    cool_off = get_cool_off()
    if cool_off is not None:
        attempts = attempts.filter(attempt_time__gte=timezone.now() - cool_off)
    return attempts.aggregate(total=Sum("failures_since_start"))["total"] or 0
