"""Background jobs: thin wrappers that take ids and call one service."""

from __future__ import annotations

import logging

from procrastinate import JobContext, RetryStrategy
from procrastinate.contrib.django import app

from apps.annotations import services

logger = logging.getLogger(__name__)

# Workers send a heartbeat every 10 seconds (procrastinate's update_heartbeat_interval);
# three missed ones mean the worker is dead. This matches the worker's stalled_worker_timeout
# (30 s), after which a starting worker prunes the dead one's row.
STALLED_AFTER_SECONDS = 30


@app.task(queue="pretag", retry=RetryStrategy(max_attempts=3, wait=10))
def pretag_articles(article_ids: list[int]) -> None:
    services.articles_pretag(article_ids=article_ids)


# A worker that dies mid-job stops sending heartbeats; its jobs stay "doing" until this puts
# them back in the queue. Re-running any job is safe: every job here is idempotent. It runs
# every 15 seconds (croniter's sixth field is seconds), so a killed worker's job is queued
# again within STALLED_AFTER_SECONDS + 15 s of its last heartbeat: under a minute.
@app.periodic(cron="* * * * * */15", periodic_id="retry_stalled_jobs")
@app.task(queueing_lock="retry_stalled_jobs", pass_context=True)
async def retry_stalled_jobs(context: JobContext, timestamp: int) -> None:
    manager = context.app.job_manager
    for job in await manager.get_stalled_jobs(seconds_since_heartbeat=STALLED_AFTER_SECONDS):
        logger.warning("retrying stalled job %s (%s)", job.id, job.task_name)
        await manager.retry_job(job)
