"""Background jobs of the ingest app: thin wrappers that take ids and call one service."""

from __future__ import annotations

from procrastinate import RetryStrategy
from procrastinate.contrib.django import app

from apps.ingest.services.imports import import_batch_run


# Named as when it lived beside the pre-tagging job, so that jobs queued then still run.
@app.task(
    name="apps.annotations.tasks.import_batch",
    queue="imports",
    retry=RetryStrategy(max_attempts=3, wait=10),
)
def import_batch(batch_id: int) -> None:
    import_batch_run(batch_id=batch_id)
