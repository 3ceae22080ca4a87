from django.http import HttpRequest

from apps.accounts.permissions import capabilities_of


def roles(request: HttpRequest) -> dict:
    """`can.<capability>` for templates: what the signed-in person may do."""
    return {"can": capabilities_of(getattr(request, "user", None))}
