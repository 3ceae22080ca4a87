"""Review workflow and frozen published versions."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from apps.articles.models import Article


class Stage(models.TextChoices):
    # "new" and "tagging" are read off the article's tagging state; these are stored.
    READY = "ready", "ready"
    IN_ANNOTATION = "in_annotation", "in annotation"
    IN_REVIEW = "in_review", "in review"
    PUBLISHED = "published", "published"
    RETRACTED = "retracted", "retracted"


class Workflow(models.Model):
    """Where an article stands on its way to publication, and who works on it."""

    article = models.OneToOneField(
        Article, on_delete=models.CASCADE, primary_key=True, related_name="workflow"
    )
    stage = models.CharField(max_length=16, choices=Stage, default=Stage.READY)
    annotator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="annotating",
    )
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="reviewing",
    )
    # Set when the article is sent back; cleared when it goes to review again.
    review_comment = models.TextField(blank=True)
    retraction_reason = models.TextField(blank=True)
    # The version readers see: set by an approval, cleared by a retraction, and left alone
    # while the article is corrected again, so later corrections wait for the next approval.
    public_version = models.ForeignKey(
        "PublishedVersion", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    stage_changed_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        permissions = [
            ("assign_workflow", "Can assign annotators and reviewers"),
            ("review_workflow", "Can send back and approve (publish) articles"),
            ("retract_workflow", "Can retract published articles"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(stage="retracted") | ~Q(retraction_reason=""),
                name="workflow_retraction_has_reason",
            )
        ]

    def __str__(self) -> str:
        return f"{self.article_id}: {self.stage}"


class WorkflowEvent(models.Model):
    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="workflow_events")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    action = models.CharField(max_length=30)
    from_stage = models.CharField(max_length=16, blank=True)
    to_stage = models.CharField(max_length=16, blank=True)
    comment = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.action} ({self.from_stage} → {self.to_stage})"


class PublishedVersionQuerySet(models.QuerySet):
    def public(self) -> PublishedVersionQuerySet:
        """The version of every article that readers see now: approved, not retracted, and
        kept while the article is corrected again."""
        return self.filter(article__workflow__public_version=models.F("pk"))


class PublishedVersion(models.Model):
    """What readers see: frozen at approval, never changed afterwards (a trigger enforces it)."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField()
    is_current = models.BooleanField(default=True)
    published_at = models.DateTimeField(auto_now_add=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    # The article's annotation version this snapshot was taken at.
    source_version = models.PositiveIntegerField()
    title = models.CharField(max_length=300)
    byline = models.CharField(max_length=300, blank=True)
    source = models.CharField(max_length=200, blank=True)
    url = models.URLField(max_length=2000, blank=True)
    article_date = models.DateField(null=True, blank=True)
    body = models.TextField()
    # The accepted annotations in the pretag shape: {"entities": [...], "quotes": [...]}.
    annotations = models.JSONField()
    # Denormalised for filtering: canonical entity names and speaker entity names.
    entity_names = models.JSONField(default=list)
    speaker_names = models.JSONField(default=list)

    objects = PublishedVersionQuerySet.as_manager()

    class Meta:
        ordering = ["-published_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["article", "number"], name="version_number_unique"),
            models.UniqueConstraint(
                fields=["article"], condition=Q(is_current=True), name="one_current_version"
            ),
        ]
        indexes = [models.Index(fields=["is_current", "-published_at"], name="version_current_idx")]

    def __str__(self) -> str:
        return f"{self.title} v{self.number}"


class PublishedQuote(models.Model):
    """One quote of a published version, as a row so quotes can be searched across articles."""

    version = models.ForeignKey(PublishedVersion, on_delete=models.CASCADE, related_name="quotes")
    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="+")
    start = models.PositiveIntegerField()
    end = models.PositiveIntegerField()
    text = models.TextField()
    kind = models.CharField(max_length=10)
    cue = models.CharField(max_length=200, blank=True)
    speaker = models.CharField(max_length=300, blank=True)
    speaker_entity = models.CharField(max_length=300, blank=True, db_index=True)
    speaker_type = models.CharField(max_length=14)

    class Meta:
        ordering = ["version", "start"]
        constraints = [
            models.CheckConstraint(condition=Q(end__gt=models.F("start")), name="pquote_span_valid")
        ]

    def __str__(self) -> str:
        return self.text[:60]
