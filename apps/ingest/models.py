"""Imports: a file or a list of web addresses, and what became of each of its items."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from apps.articles.models import Article


class ImportKind(models.TextChoices):
    CSV = "csv", "CSV file"
    JSONL = "jsonl", "JSONL file"
    ZIP = "zip", "zip of .txt, .md and .html files"
    URLS = "urls", "web addresses"


class AnnotationMode(models.TextChoices):
    """What happens to annotations carried by a JSONL file in the pretag shape."""

    PRETAG = "pretag", "ignore them and run the pre-tagger"
    SUGGESTED = "suggested", "import them as suggestions to review"
    ACCEPTED = "accepted", "import them as accepted annotations"


class ImportBatch(models.Model):
    """One import: a file or a list of web addresses, turned into one item per article."""

    kind = models.CharField(max_length=8, choices=ImportKind)
    filename = models.CharField(max_length=255, blank=True)
    annotation_mode = models.CharField(
        max_length=10, choices=AnnotationMode, default=AnnotationMode.PRETAG
    )
    # The tool whose export the file is ("doccano", "labelstudio"), and how its label names
    # map to ours (see apps.ingest.parsers.tools). Such a batch waits, with its file kept and
    # no items, until a person confirms the mapping; one never confirmed stores nothing.
    tool = models.CharField(max_length=12, blank=True)
    label_mapping = models.JSONField(null=True, blank=True)
    awaiting_mapping = models.BooleanField(default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        db_table = "ingest_importbatch"
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"Import #{self.pk} ({self.get_kind_display()})"


class ImportUpload(models.Model):
    """An import's file, kept until its job has stored every item.

    The request only checks the file and records its items; the background job reads the
    articles from here, so the text is written once and not copied into every item.
    """

    batch = models.OneToOneField(
        ImportBatch, on_delete=models.CASCADE, primary_key=True, related_name="upload"
    )
    text = models.TextField(blank=True)  # a CSV or JSONL file, decoded
    data = models.BinaryField(blank=True)  # a zip file

    class Meta:
        db_table = "ingest_importupload"

    def __str__(self) -> str:
        return f"File of import #{self.batch_id}"


class ImportItemStatus(models.TextChoices):
    PENDING = "pending", "waiting"
    STORED = "stored", "stored"
    DUPLICATE = "duplicate", "duplicate"
    FAILED = "failed", "failed"


class ImportItem(models.Model):
    """One row, line, zip entry or address of an import, and what became of it."""

    batch = models.ForeignKey(ImportBatch, on_delete=models.CASCADE, related_name="items")
    position = models.PositiveIntegerField()
    # Where the item came from, for people: "row 12", "line 3", "a/b.txt", the address.
    label = models.CharField(max_length=500)
    # What is needed to store the item beyond the batch's file (an address to fetch, say);
    # emptied once it is stored.
    payload = models.JSONField(default=dict, blank=True)
    status = models.CharField(
        max_length=10, choices=ImportItemStatus, default=ImportItemStatus.PENDING
    )
    # The article stored, or the one it duplicates; cleared if that article is deleted later.
    article = models.ForeignKey(
        Article, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reason = models.TextField(blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        db_table = "ingest_importitem"
        ordering = ["batch_id", "position"]
        constraints = [
            models.UniqueConstraint(fields=["batch", "position"], name="import_item_position"),
            models.CheckConstraint(
                condition=~models.Q(status="failed") | ~models.Q(reason=""),
                name="import_item_failure_has_reason",
            ),
        ]
        indexes = [models.Index(fields=["batch", "status"], name="import_item_batch_status")]

    def __str__(self) -> str:
        return self.label
