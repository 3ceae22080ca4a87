from django.contrib.auth.models import AbstractBaseUser


def can_view_insights(user: AbstractBaseUser) -> bool:
    """Editors, reviewers and admins see the source analytics; annotators and readers do not."""
    return user.is_authenticated and (
        user.has_perm("articles.add_article") or user.has_perm("publishing.review_workflow")
    )
