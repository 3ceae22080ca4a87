from __future__ import annotations

from django import forms

from apps.accounts.models import ApiKeyScope
from apps.accounts.permissions import can_bring_in


class ApiKeyForm(forms.Form):
    name = forms.CharField(
        max_length=100, help_text="What will use the key, e.g. “CMS publishing hook”."
    )
    scopes = forms.MultipleChoiceField(
        choices=ApiKeyScope.choices,
        widget=forms.CheckboxSelectMultiple,
        initial=[ApiKeyScope.READ],
    )

    def __init__(self, *args, user, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if not can_bring_in(user):
            self.fields["scopes"].choices = [(ApiKeyScope.READ, ApiKeyScope.READ.label)]
