"""Review workflow and frozen published versions."""

from __future__ import annotations

from django.conf import settings
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVector, SearchVectorField
from django.db import models
from django.db.models import Q

from apps.annotations.models import RegistryEntity
from apps.articles.models import Article

# Full-text search of published text: English stemming, one stored vector per row.
SEARCH_CONFIG = "english"


def _search_vector(field: str) -> models.GeneratedField:
    return models.GeneratedField(
        expression=SearchVector(field, config=SEARCH_CONFIG),
        output_field=SearchVectorField(),
        db_persist=True,
    )


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
    body_search = _search_vector("body")

    objects = PublishedVersionQuerySet.as_manager()

    class Meta:
        ordering = ["-published_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["article", "number"], name="version_number_unique"),
            models.UniqueConstraint(
                fields=["article"], condition=Q(is_current=True), name="one_current_version"
            ),
        ]
        indexes = [
            models.Index(fields=["is_current", "-published_at"], name="version_current_idx"),
            GinIndex(fields=["body_search"], name="version_body_search_idx"),
        ]

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
    # The speaker entity's label (PERSON, ORG, …) and its registry entry, as frozen. The
    # registry id is kept without a foreign-key constraint: frozen rows never change, so a
    # registry entry deleted later simply leaves its quotes with nothing recorded.
    speaker_label = models.CharField(max_length=20, blank=True)
    # The speaker entity's name as searches compare it (apps.core.text.search_key).
    speaker_key = models.CharField(max_length=300, blank=True, db_index=True)
    speaker_registry = models.ForeignKey(
        RegistryEntity,
        null=True,
        blank=True,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="+",
    )
    # Inside another quote of the same version (a partial quote within a direct one): the
    # same utterance, so counts skip it.
    nested = models.BooleanField(default=False)
    text_search = _search_vector("text")

    class Meta:
        ordering = ["version", "start"]
        constraints = [
            models.CheckConstraint(condition=Q(end__gt=models.F("start")), name="pquote_span_valid")
        ]
        indexes = [
            GinIndex(fields=["text_search"], name="pquote_text_search_idx"),
            # Insights count quotes per version by these columns: an index-only scan reads
            # them without the wide rows (text and search vector).
            models.Index(
                fields=["version"],
                include=[
                    "nested",
                    "kind",
                    "speaker_type",
                    "speaker_label",
                    "speaker_entity",
                    "article",
                    "speaker_registry",
                ],
                name="pquote_counting_idx",
            ),
        ]

    def __str__(self) -> str:
        return self.text[:60]


class PublishedEntity(models.Model):
    """One entity of a published version with its number of mentions, for counting and search."""

    version = models.ForeignKey(PublishedVersion, on_delete=models.CASCADE, related_name="entities")
    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="+")
    name = models.CharField(max_length=300)
    label = models.CharField(max_length=20)
    # The name as searches compare it (apps.core.text.search_key).
    name_key = models.CharField(max_length=300, db_index=True)
    mentions = models.PositiveIntegerField()

    class Meta:
        ordering = ["version", "label", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["version", "name", "label"], name="pentity_unique_per_version"
            ),
            models.CheckConstraint(condition=Q(mentions__gt=0), name="pentity_mentions_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.label})"
