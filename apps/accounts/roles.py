"""The roles of Newsdesk, as Django groups with explicit permissions."""

from __future__ import annotations

EDITOR, ANNOTATOR, REVIEWER, ADMIN = "editor", "annotator", "reviewer", "admin"
ROLES = (EDITOR, ANNOTATOR, REVIEWER, ADMIN)

_READ = ["articles.view_article", "annotations.view_entitymention", "annotations.view_quote"]
_ANNOTATE = [
    "annotations.add_entitymention",
    "annotations.change_entitymention",
    "annotations.delete_entitymention",
    "annotations.add_quote",
    "annotations.change_quote",
    "annotations.delete_quote",
]
_BRING_IN = ["articles.add_article", "articles.retag_article"]

_ASSIGN = ["publishing.assign_workflow"]
_REVIEW = ["publishing.review_workflow", "publishing.retract_workflow"]

ROLE_PERMISSIONS: dict[str, list[str]] = {
    EDITOR: _READ + _BRING_IN + _ASSIGN + ["publishing.retract_workflow"],
    ANNOTATOR: _READ + _ANNOTATE,
    REVIEWER: _READ + _ANNOTATE + _REVIEW,
    ADMIN: _READ
    + _BRING_IN
    + _ANNOTATE
    + _ASSIGN
    + _REVIEW
    + ["articles.change_article", "articles.delete_article"],
}
