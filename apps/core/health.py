"""/healthz for load balancers: is the database reachable, and how far behind are the workers."""

from __future__ import annotations

import logging

from django.contrib.auth.decorators import login_not_required
from django.db import DatabaseError, connection
from django.http import HttpRequest, JsonResponse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

logger = logging.getLogger(__name__)

# Jobs waiting to run now (not scheduled for later), and since when the oldest has waited.
_QUEUE = """
    SELECT count(*), min(coalesce(j.scheduled_at, e.at))
    FROM procrastinate_jobs j
    LEFT JOIN LATERAL (
        SELECT min(at) AS at FROM procrastinate_events
        WHERE job_id = j.id AND type = 'deferred'
    ) e ON true
    WHERE j.status = 'todo' AND (j.scheduled_at IS NULL OR j.scheduled_at <= now())
"""


@login_not_required
@never_cache
@require_safe
def healthz_view(request: HttpRequest) -> JsonResponse:
    try:
        with connection.cursor() as cursor:
            cursor.execute(_QUEUE)
            depth, oldest = cursor.fetchone()
    except DatabaseError:
        logger.warning("healthz: the database is unreachable", exc_info=True)
        body = {"status": "unavailable", "database": False, "queue_depth": None,
                "oldest_waiting_seconds": None}  # fmt: skip
        return JsonResponse(body, status=503)
    waited = (timezone.now() - oldest).total_seconds() if oldest else 0.0
    return JsonResponse(
        {
            "status": "ok",
            "database": True,
            "queue_depth": depth,
            "oldest_waiting_seconds": round(max(waited, 0.0), 1),
        }
    )
