from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models.functions import Length


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
    # Its length in code points, kept by the database for every path that stores an article:
    # the span trigger compares offsets with it instead of measuring the body each time.
    body_length = models.GeneratedField(
        expression=Length("body"), output_field=models.PositiveIntegerField(), db_persist=True
    )
    # The [start, end) ranges of the body's paragraphs that stood in an HTML <blockquote>,
    # made with the body: evidence of block quotations for the pre-tagger. Empty for text.
    blocks = models.JSONField(default=list, blank=True)
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
