"""What each capability of Newsdesk is, named once: the permission that grants it.

Views, services, forms and templates ask for a capability (`can_review(user)`, the
decorator `requires(ANNOTATE)`, `{% if can.annotate %}`), never for a permission string.
"""

from __future__ import annotations

from functools import wraps

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.core.exceptions import PermissionDenied

# The permission behind each capability.
BRING_IN = "articles.add_article"
RETAG = "articles.retag_article"
ANNOTATE = "annotations.change_entitymention"
ASSIGN = "publishing.assign_workflow"
REVIEW = "publishing.review_workflow"
RETRACT = "publishing.retract_workflow"

CAPABILITIES = {
    "bring_in": BRING_IN,
    "retag": RETAG,
    "annotate": ANNOTATE,
    "assign": ASSIGN,
    "review": REVIEW,
    "retract": RETRACT,
}

# Why a page is refused to someone without the capability: what the 403 page says.
REASONS = {
    BRING_IN: "Bringing in articles is for editors and admins.",
    RETAG: "Re-tagging articles is for editors and admins.",
    ANNOTATE: (
        "Correcting annotations is for annotators, reviewers and admins. Editors assign "
        "that work on the article's review page."
    ),
    ASSIGN: "Assigning work is for editors and admins.",
    REVIEW: "Approving and sending back is for reviewers and admins.",
    RETRACT: "Retracting is for editors, reviewers and admins.",
}

User = AbstractBaseUser | AnonymousUser


def _has(user: User | None, permission: str) -> bool:
    return user is not None and user.is_authenticated and user.has_perm(permission)


def can_bring_in(user: User | None) -> bool:
    return _has(user, BRING_IN)


def can_assign(user: User | None) -> bool:
    return _has(user, ASSIGN)


def can_review(user: User | None) -> bool:
    return _has(user, REVIEW)


def can_see_insights(user: User | None) -> bool:
    """Editors, reviewers and admins see the source analytics; annotators and readers do not."""
    return can_bring_in(user) or can_review(user)


def capabilities_of(user: User | None) -> dict[str, bool]:
    """Every capability of `user`, by name: what templates read as `can.<name>`."""
    can = {name: _has(user, permission) for name, permission in CAPABILITIES.items()}
    can["see_insights"] = can["bring_in"] or can["review"]
    return can


def requires(permission: str):
    """A view decorator: the capability's permission, or the 403 page saying why."""

    def decorator(view):
        @wraps(view)
        def checked(request, *args, **kwargs):
            if not request.user.has_perm(permission):
                raise PermissionDenied(REASONS.get(permission, "You may not do this."))
            return view(request, *args, **kwargs)

        return checked

    return decorator
