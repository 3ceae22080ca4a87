"""Bringing articles in: one article (paste, upload) or a batch (file, web addresses)."""

from apps.ingest.services.articles import (
    article_ingest,
    article_ingest_upload,
    article_retag,
    articles_retag,
)
from apps.ingest.services.batches import import_batch_create, import_batch_map
from apps.ingest.services.imports import (
    PRETAG_CHUNK,
    PRETAG_JOB_CHARS,
    import_batch_run,
    import_item_store,
    pretag_groups,
    pretag_queue,
)
from apps.ingest.services.pages import page_payload

__all__ = [
    "PRETAG_CHUNK",
    "PRETAG_JOB_CHARS",
    "article_ingest",
    "article_ingest_upload",
    "article_retag",
    "articles_retag",
    "import_batch_create",
    "import_batch_map",
    "import_batch_run",
    "import_item_store",
    "page_payload",
    "pretag_groups",
    "pretag_queue",
]
