"""API keys: a user's named credentials for the JSON API, stored only as a hash."""

from __future__ import annotations

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.db.models import Q


class ApiKeyScope(models.TextChoices):
    READ = "read", "read: published articles and quotes"
    IMPORT = "import", "import: send articles and follow their pre-tagging"


class ApiKeyQuerySet(models.QuerySet):
    def active(self) -> ApiKeyQuerySet:
        return self.filter(revoked_at__isnull=True)


class ApiKey(models.Model):
    """The key itself is shown once, when it is made; only its SHA-256 is kept.

    A key reads `nd_<prefix>_<secret>`: the prefix finds the row (and lets people tell their
    keys apart), the hash of the whole key proves it.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_keys"
    )
    name = models.CharField(max_length=100)
    prefix = models.CharField(max_length=16, unique=True)
    hashed = models.CharField(max_length=64, unique=True)
    scopes = ArrayField(models.CharField(max_length=10, choices=ApiKeyScope.choices))
    # Requests a minute; empty means the site's NEWSDESK_API_RATE_PER_MINUTE.
    rate_per_minute = models.PositiveIntegerField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    objects = ApiKeyQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = "API key"
        constraints = [
            models.CheckConstraint(condition=Q(scopes__len__gte=1), name="api_key_has_a_scope"),
            models.CheckConstraint(
                condition=Q(scopes__contained_by=ApiKeyScope.values), name="api_key_known_scopes"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} (nd_{self.prefix}_…)"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None

    @property
    def rate_limit(self) -> int:
        return self.rate_per_minute or settings.NEWSDESK_API_RATE_PER_MINUTE


class ApiKeyUse(models.Model):
    """How many requests a key made in one minute: the rate limit's counter."""

    key = models.ForeignKey(ApiKey, on_delete=models.CASCADE, related_name="uses")
    minute = models.DateTimeField()
    count = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = "API key use"
        constraints = [
            models.UniqueConstraint(fields=["key", "minute"], name="api_key_use_per_minute")
        ]

    def __str__(self) -> str:
        return f"{self.key_id} @ {self.minute:%Y-%m-%d %H:%M}: {self.count}"
