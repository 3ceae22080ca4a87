"""The filters every insights panel and endpoint shares."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError

from apps.annotations.models import MENTION_LABELS
from apps.insights.selectors import InsightFilters

PARAMS = {"date_from": "from", "date_to": "to"}


class InsightFiltersForm(forms.Form):
    """Query-string filters, the same on the page, the CSV links and the API."""

    date_from = forms.DateField(required=False, label="From")
    date_to = forms.DateField(required=False, label="To")
    source = forms.CharField(required=False, max_length=200, label="Outlet")
    entity_type = forms.ChoiceField(
        required=False,
        label="Entity type",
        choices=[("", "any type"), *((label, label) for label in MENTION_LABELS)],
    )
    period = forms.ChoiceField(
        required=False, choices=[("month", "per month"), ("week", "per week")], label="Trend"
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The parameter names are "from" and "to", as in the articles API.
        fields = dict(self.fields)
        self.fields = {PARAMS.get(name, name): field for name, field in fields.items()}
        for name in ("from", "to"):
            self.fields[name].widget = forms.DateInput(attrs={"type": "date"})

    def clean(self):
        data = super().clean()
        if data.get("from") and data.get("to") and data["from"] > data["to"]:
            raise ValidationError("The start date is after the end date.")
        return data

    def filters(self) -> InsightFilters:
        data = self.cleaned_data
        return InsightFilters(
            date_from=data.get("from"),
            date_to=data.get("to"),
            source=(data.get("source") or "").strip(),
            entity_label=data.get("entity_type") or "",
            period=data.get("period") or "month",
        )

    def error_text(self) -> str:
        messages = []
        for field, errors in self.errors.items():
            prefix = "" if field == "__all__" else f"{field}: "
            messages.extend(prefix + str(error) for error in errors)
        return " ".join(messages)
