from __future__ import annotations

from enum import StrEnum

from django.conf import settings
from django.db import models
from django.db.models import F, Q

from apps.articles.models import Article
from apps.nlp import types as nlp_types


class Origin(models.TextChoices):
    MACHINE = "machine", "pre-tagger"
    HUMAN = "human", "person"


class Status(models.TextChoices):
    SUGGESTED = "suggested", "suggested"
    ACCEPTED = "accepted", "accepted"
    REJECTED = "rejected", "rejected"


def _choices_of(name: str, vocabulary: type[StrEnum]) -> type[models.TextChoices]:
    """Django choices made from one of the pre-tagger's vocabularies: one definition of each."""
    return models.TextChoices(name, [(m.name, (m.value, m.value)) for m in vocabulary])


QuoteKind = _choices_of("QuoteKind", nlp_types.QuoteKind)
SpeakerType = _choices_of("SpeakerType", nlp_types.SpeakerType)


def _span_rules(prefix: str, start: str, end: str) -> list[models.CheckConstraint]:
    # The upper bound (end <= length of the article body) is enforced by a trigger, because
    # a check constraint cannot look at another table.
    return [
        models.CheckConstraint(condition=Q(**{f"{start}__gte": 0}), name=f"{prefix}_start_gte_0"),
        models.CheckConstraint(
            condition=Q(**{f"{end}__gt": F(start)}), name=f"{prefix}_end_gt_start"
        ),
    ]


class Touched(models.Model):
    """Who last changed the row by hand, and when: re-tagging keeps every touched row as it is.

    Set by every workspace action (apps/annotations/services/editing.py), whatever it changes:
    a relabelled or resized suggestion is still `suggested`, but it is a person's work.
    """

    touched_at = models.DateTimeField(null=True, blank=True)
    touched_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        abstract = True


class Entity(Touched):
    """One real-world thing within one article; its mentions point here."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="entities")
    name = models.CharField(max_length=300)
    label = models.CharField(max_length=20)
    origin = models.CharField(max_length=8, choices=Origin, default=Origin.MACHINE)
    # The registry entry this entity is, across articles; set by an annotator.
    registry = models.ForeignKey(
        "RegistryEntity",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="article_entities",
    )

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["article", "name", "label"], name="entity_unique_name")
        ]

    def __str__(self) -> str:
        return self.name


class MentionQuerySet(models.QuerySet):
    def visible(self) -> MentionQuerySet:
        return self.exclude(status=Status.REJECTED)


class EntityMention(Touched):
    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="mentions")
    entity = models.ForeignKey(
        Entity, null=True, blank=True, on_delete=models.SET_NULL, related_name="mentions"
    )
    start = models.PositiveIntegerField()
    end = models.PositiveIntegerField()
    label = models.CharField(max_length=20)
    text = models.CharField(max_length=1000)
    origin = models.CharField(max_length=8, choices=Origin, default=Origin.MACHINE)
    status = models.CharField(max_length=10, choices=Status, default=Status.SUGGESTED)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = MentionQuerySet.as_manager()

    class Meta:
        ordering = ["start", "end"]
        constraints = [
            *_span_rules("mention", "start", "end"),
            # Running the pre-tagger twice can never store a suggestion twice.
            models.UniqueConstraint(
                fields=["article", "start", "end", "label"],
                condition=Q(origin="machine"),
                name="mention_machine_unique",
            ),
        ]
        indexes = [models.Index(fields=["article", "start"], name="mention_article_start_idx")]

    def __str__(self) -> str:
        return f"{self.text} ({self.label})"


class QuoteQuerySet(models.QuerySet):
    def visible(self) -> QuoteQuerySet:
        return self.exclude(status=Status.REJECTED)


class Quote(Touched):
    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="quotes")
    start = models.PositiveIntegerField()
    end = models.PositiveIntegerField()
    text = models.TextField()
    kind = models.CharField(max_length=10, choices=QuoteKind)
    cue_start = models.PositiveIntegerField(null=True, blank=True)
    cue_end = models.PositiveIntegerField(null=True, blank=True)
    speaker_start = models.PositiveIntegerField(null=True, blank=True)
    speaker_end = models.PositiveIntegerField(null=True, blank=True)
    speaker_entity = models.ForeignKey(
        Entity, null=True, blank=True, on_delete=models.SET_NULL, related_name="quotes"
    )
    speaker_type = models.CharField(max_length=14, choices=SpeakerType, default=SpeakerType.UNKNOWN)
    reason = models.CharField(max_length=500, blank=True)
    origin = models.CharField(max_length=8, choices=Origin, default=Origin.MACHINE)
    status = models.CharField(max_length=10, choices=Status, default=Status.SUGGESTED)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = QuoteQuerySet.as_manager()

    class Meta:
        ordering = ["start", "end"]
        constraints = [
            *_span_rules("quote", "start", "end"),
            models.CheckConstraint(
                condition=Q(cue_start__isnull=True, cue_end__isnull=True)
                | Q(cue_start__gte=0, cue_end__gt=F("cue_start")),
                name="quote_cue_span_valid",
            ),
            models.CheckConstraint(
                condition=Q(speaker_start__isnull=True, speaker_end__isnull=True)
                | Q(speaker_start__gte=0, speaker_end__gt=F("speaker_start")),
                name="quote_speaker_span_valid",
            ),
            models.UniqueConstraint(
                fields=["article", "start", "end"],
                condition=Q(origin="machine"),
                name="quote_machine_unique",
            ),
        ]
        indexes = [models.Index(fields=["article", "start"], name="quote_article_start_idx")]

    def __str__(self) -> str:
        return f"{self.kind} quote {self.start}–{self.end}"

    @property
    def cue_text(self) -> str:
        if self.cue_start is None:
            return ""
        return self.article.body[self.cue_start : self.cue_end]

    @property
    def speaker_text(self) -> str:
        if self.speaker_start is None:
            return ""
        return self.article.body[self.speaker_start : self.speaker_end]


class HistoryAction(models.TextChoices):
    """Every kind of change a history row can record, with the words people read."""

    PRETAG = "pretag", "pre-tagged the article"
    IMPORT = "import", "imported annotations"
    MENTION_CREATE = "mention_create", "added a mention"
    MENTION_STATUS = "mention_status", "changed a mention's status"
    MENTION_RELABEL = "mention_relabel", "relabelled a mention"
    MENTION_RESIZE = "mention_resize", "resized a mention"
    MENTION_MOVE = "mention_move", "moved a mention to another entity"
    MENTION_UPDATE = "mention_update", "changed a mention"
    MENTION_DELETE = "mention_delete", "deleted a mention"
    MENTION_RESTORE = "mention_restore", "restored a mention"
    SUGGESTIONS_ACCEPT = "suggestions_accept", "accepted suggestions"
    STATUSES_SET = "statuses_set", "set the status of annotations"
    QUOTE_CREATE = "quote_create", "added a quote"
    QUOTE_START = "quote_start", "moved a quote's start"
    QUOTE_END = "quote_end", "moved a quote's end"
    QUOTE_KIND = "quote_kind", "changed a quote's kind"
    QUOTE_STATUS = "quote_status", "changed a quote's status"
    QUOTE_CUE = "quote_cue", "set a quote's cue"
    QUOTE_SPEAKER = "quote_speaker", "set a quote's speaker"
    QUOTE_SPEAKER_ENTITY = "quote_speaker_entity", "set a quote's speaker entity"
    QUOTE_SPEAKER_TYPE = "quote_speaker_type", "set a quote's kind of speaker"
    QUOTE_UPDATE = "quote_update", "changed a quote"
    QUOTE_DELETE = "quote_delete", "deleted a quote"
    QUOTE_RESTORE = "quote_restore", "restored a quote"
    ENTITY_RENAME = "entity_rename", "renamed an entity"
    ENTITY_MERGE = "entity_merge", "merged an entity into another"
    ENTITY_UNMERGE = "entity_unmerge", "undid a merge"
    ENTITY_SPLIT = "entity_split", "split mentions into a new entity"
    ENTITY_LINK = "entity_link", "linked an entity to the registry"


class AnnotationEvent(models.Model):
    """History: every change to an article's annotations, written in the same transaction."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="events")
    # Null when the pre-tagger made the change.
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    action = models.CharField(max_length=50, choices=HistoryAction)
    target = models.CharField(max_length=50, blank=True)
    before = models.JSONField(null=True, blank=True)
    after = models.JSONField(null=True, blank=True)
    # The article's version once this change was made; the conflict flow lists the changes
    # made after the version an annotator last saw.
    article_version = models.PositiveIntegerField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.action} {self.target}".strip()


# Labels an annotator may give a mention. The first nine have number keys in the workspace,
# in this order; the rest are in the label menu.
MENTION_LABELS = (
    "PERSON",
    "ORG",
    "GPE",
    "NORP",
    "LOC",
    "FAC",
    "EVENT",
    "PRODUCT",
    "DATE",
    "TIME",
    "WORK_OF_ART",
    "LAW",
    "LANGUAGE",
    "MONEY",
    "PERCENT",
    "QUANTITY",
    "ORDINAL",
    "CARDINAL",
)


class SpeakerRole(models.Model):
    """A role a newsroom records for the people it quotes; the newsroom edits the list."""

    name = models.CharField(max_length=100, unique=True)

    class Meta:
        ordering = ["name"]
        constraints = [models.CheckConstraint(condition=~Q(name=""), name="role_name_not_empty")]

    def __str__(self) -> str:
        return self.name


class RecordedGender(models.TextChoices):
    """Gender as the newsroom records it about a person; the software never infers it."""

    NOT_RECORDED = "", "not recorded"
    WOMAN = "woman", "woman"
    MAN = "man", "man"
    NON_BINARY = "non_binary", "non-binary"
    OTHER = "other", "another gender"


class RegistryEntity(models.Model):
    """A real-world thing known across articles: the entity registry."""

    name = models.CharField(max_length=300)
    label = models.CharField(max_length=20)
    aliases = models.JSONField(default=list, blank=True)
    # Optional facts a newsroom records about a source, never inferred.
    role = models.ForeignKey(
        SpeakerRole, null=True, blank=True, on_delete=models.SET_NULL, related_name="entities"
    )
    gender = models.CharField(max_length=12, choices=RecordedGender, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["name", "label"], name="registry_unique_name"),
            models.CheckConstraint(condition=~Q(name=""), name="registry_name_not_empty"),
        ]

    def __str__(self) -> str:
        return self.name


class ConfirmedLabel(models.Model):
    """A label people confirmed for a surface form in an article's published version.

    One row per article, form and label; written when a version is published and removed
    when the article is retracted, so the pre-tagger learns only from what stands published.
    """

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="+")
    # The form under which the surface is known (apps.nlp.knowledge.surface_key).
    surface = models.CharField(max_length=300)
    label = models.CharField(max_length=20)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["article", "surface", "label"], name="confirmed_label_unique"
            )
        ]
        indexes = [models.Index(fields=["surface"], name="confirmed_label_surface_idx")]

    def __str__(self) -> str:
        return f"{self.surface} → {self.label}"


class Presence(models.Model):
    """Who has an article's workspace open: touched by each of the page's requests."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="+")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    seen_at = models.DateTimeField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["article", "user"], name="presence_unique")]

    def __str__(self) -> str:
        return f"{self.user_id} in {self.article_id}"
