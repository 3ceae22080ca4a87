from django.http import HttpRequest


def roles(request: HttpRequest) -> dict:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"can_bring_in": False, "can_annotate": False}
    return {
        "can_bring_in": user.has_perm("articles.add_article"),
        "can_annotate": user.has_perm("annotations.change_entitymention"),
    }
