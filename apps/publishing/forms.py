from __future__ import annotations

from django import forms
from django.conf import settings
from django.contrib.auth import get_user_model

from apps.accounts.permissions import ANNOTATE, REVIEW


def _people_with(permission: str):
    app_label, codename = permission.split(".")
    users = get_user_model().objects.filter(is_active=True)
    return (
        users.filter(groups__permissions__codename=codename,
                     groups__permissions__content_type__app_label=app_label)
        | users.filter(is_superuser=True)
    ).distinct().order_by("username")  # fmt: skip


class AssignForm(forms.Form):
    annotator = forms.ModelChoiceField(queryset=None, required=False)
    reviewer = forms.ModelChoiceField(queryset=None, required=False)

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["annotator"].queryset = _people_with(ANNOTATE)
        self.fields["reviewer"].queryset = _people_with(REVIEW)


class CommentForm(forms.Form):
    comment = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        # The services enforce the same limit; the browser learns it from maxlength.
        self.fields["comment"].max_length = settings.NEWSDESK_MAX_COMMENT_CHARS
        self.fields["comment"].widget.attrs["maxlength"] = settings.NEWSDESK_MAX_COMMENT_CHARS
