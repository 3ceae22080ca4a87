from __future__ import annotations

from django.conf import settings
from django.db import models


class TaggingState(models.TextChoices):
    QUEUED = "queued", "queued"
    RUNNING = "running", "running"
    DONE = "done", "done"
    FAILED = "failed", "failed"


class SourceFormat(models.TextChoices):
    PASTE = "paste", "pasted text"
    TXT = "txt", "plain text file"
    MD = "md", "Markdown file"
    HTML = "html", "HTML file"


class ArticleQuerySet(models.QuerySet):
    def search(self, query: str) -> ArticleQuerySet:
        query = (query or "").strip()
        return self.filter(title__icontains=query) if query else self

    def newest_first(self) -> ArticleQuerySet:
        return self.order_by("-created_at", "-id")


class Article(models.Model):
    title = models.CharField(max_length=300)
    byline = models.CharField(max_length=300, blank=True)
    source = models.CharField(max_length=200, blank=True)
    url = models.URLField(max_length=2000, blank=True)
    published_at = models.DateField(null=True, blank=True)

    # The canonical plain text every offset points into. Immutable once annotation begins.
    body = models.TextField()
    body_sha256 = models.CharField(max_length=64, unique=True, editable=False)
    # What was uploaded, kept for provenance; never rendered as markup.
    original = models.TextField(blank=True)
    original_format = models.CharField(
        max_length=8, choices=SourceFormat, default=SourceFormat.PASTE
    )
    original_filename = models.CharField(max_length=255, blank=True)

    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    tagging_state = models.CharField(
        max_length=8, choices=TaggingState, default=TaggingState.QUEUED
    )
    tagging_error = models.TextField(blank=True)
    tagged_at = models.DateTimeField(null=True, blank=True)
    tagger_version = models.CharField(max_length=100, blank=True)
    # Bumped by every change to the article's annotations: the token that detects conflicts.
    version = models.PositiveIntegerField(default=1)

    objects = ArticleQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        permissions = [("retag_article", "Can re-run the pre-tagger on an article")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(body__regex=r"\S"), name="article_body_not_blank"
            ),
            models.CheckConstraint(condition=~models.Q(title=""), name="article_title_not_empty"),
        ]
        indexes = [models.Index(fields=["-created_at", "-id"], name="article_newest_idx")]

    def __str__(self) -> str:
        return self.title

    @property
    def tagging_pending(self) -> bool:
        return self.tagging_state in (TaggingState.QUEUED, TaggingState.RUNNING)


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
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"Import #{self.pk} ({self.get_kind_display()})"


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
    # What is needed to store the item; emptied once it is stored, so text is not kept twice.
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
        ordering = ["batch", "position"]
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
