"""Demo accounts (one per role) and the sample article, for trying Newsdesk locally."""

from __future__ import annotations

import os
import secrets
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand

from apps.accounts.roles import ROLES
from apps.accounts.services import roles_ensure, user_create_with_role
from apps.articles.models import Article
from apps.articles.normalise import canonical_body
from apps.articles.services import DuplicateArticle
from apps.ingest.services import article_ingest

SAMPLE = Path(settings.BASE_DIR) / "apps" / "articles" / "demo" / "maliki-sanctions.txt"
SAMPLE_TITLE = "Iraq's Maliki was days away from US sanctions, source says"


class Command(BaseCommand):
    help = "Create the demo accounts (editor, annotator, reviewer, admin) and the sample article."

    def handle(self, *args, **options) -> None:
        roles_ensure()
        password = os.environ.get("DEMO_PASSWORD") or self._stored_password()
        for role in ROLES:
            user_create_with_role(username=role, password=password, role=role)
        self.stdout.write(f"Demo accounts: {', '.join(ROLES)} — password: {password}")

        raw = SAMPLE.read_text(encoding="utf-8")
        if Article.objects.filter(body=canonical_body(raw, "txt")).exists():
            return
        try:
            article_ingest(
                title=SAMPLE_TITLE,
                raw=raw,
                fmt="txt",
                created_by=None,
                source="The National",
                filename=SAMPLE.name,
            )
        except DuplicateArticle:
            return
        self.stdout.write("Loaded the sample article; it is being pre-tagged.")

    def _stored_password(self) -> str:
        # Generated once and kept under var/, so running again does not change it.
        path = Path(os.environ.get("NEWSDESK_DATA_DIR", Path(settings.BASE_DIR) / "var"))
        path.mkdir(parents=True, exist_ok=True)
        file = path / "demo-password.txt"
        if file.exists():
            return file.read_text().strip()
        password = secrets.token_urlsafe(12)
        file.write_text(password + "\n")
        file.chmod(0o600)
        return password
