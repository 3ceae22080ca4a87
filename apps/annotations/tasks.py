"""Background jobs: thin wrappers that take ids and call one service."""

from __future__ import annotations

from procrastinate import RetryStrategy
from procrastinate.contrib.django import app

from apps.annotations import services


@app.task(queue="pretag", retry=RetryStrategy(max_attempts=3, wait=10))
def pretag_articles(article_ids: list[int]) -> None:
    services.articles_pretag(article_ids=article_ids)
