"""The account's API keys: make one (its key is shown once), see them, revoke one."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from apps.accounts.forms import ApiKeyForm
from apps.accounts.models import ApiKey
from apps.accounts.selectors import api_keys_of
from apps.accounts.services import ApiKeyError, api_key_create, api_key_revoke


@never_cache  # the page that shows a new key must not be kept by any cache
def api_keys_view(request: HttpRequest) -> HttpResponse:
    form = ApiKeyForm(request.POST or None, user=request.user)
    created = token = None
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                created, token = api_key_create(
                    user=request.user,
                    name=form.cleaned_data["name"],
                    scopes=form.cleaned_data["scopes"],
                )
            except ApiKeyError as exc:
                form.add_error(None, str(exc))
            else:
                form = ApiKeyForm(user=request.user)
                status = 201
        if created is None:
            status = 400
    context = {
        "form": form,
        "keys": api_keys_of(user=request.user),
        "created": created,
        "token": token,
        "default_rate": settings.NEWSDESK_API_RATE_PER_MINUTE,
    }
    return render(request, "accounts/keys.html", context, status=status)


@require_POST
def api_key_revoke_view(request: HttpRequest, pk: int) -> HttpResponse:
    key = get_object_or_404(ApiKey, pk=pk, user=request.user)
    try:
        api_key_revoke(key=key, actor=request.user)
    except ApiKeyError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, f"The key “{key.name}” is revoked; it no longer works.")
    return redirect("api_keys")
