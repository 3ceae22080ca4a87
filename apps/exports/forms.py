from __future__ import annotations

from django import forms

from apps.articles.models import TaggingState
from apps.exports.formats import EXCEL_AND_DATA_TOOLS, FORMATS
from apps.exports.selectors import PUBLISHED, WORKING, ExportFilters


class ExportForm(forms.Form):
    format = forms.ChoiceField(
        choices=[(f.name, f"{f.title} — {f.name}") for f in FORMATS.values()]
    )
    article = forms.IntegerField(required=False, min_value=1, widget=forms.HiddenInput)
    q = forms.CharField(required=False, max_length=200, label="Title contains")
    state = forms.ChoiceField(
        required=False, label="Pre-tagging state", choices=[("", "any"), *TaggingState.choices]
    )
    source = forms.CharField(required=False, max_length=200)
    date_from = forms.DateField(
        required=False, label="From", widget=forms.DateInput(attrs={"type": "date"})
    )
    date_to = forms.DateField(
        required=False, label="Until", widget=forms.DateInput(attrs={"type": "date"})
    )
    version = forms.ChoiceField(
        label="Annotations",
        choices=[
            (PUBLISHED, "published versions (published articles only)"),
            (WORKING, "working annotations (as they are now)"),
        ],
        initial=PUBLISHED,
        required=False,
    )
    accepted_only = forms.BooleanField(
        required=False, label="Only accepted annotations (working annotations)"
    )
    excel = forms.BooleanField(required=False, label="For Excel (UTF-8 with BOM)")
    for_data_tools = forms.BooleanField(
        required=False,
        label="For data tools (pandas, R, a database): no formula protection",
        widget=forms.CheckboxInput(attrs={"aria-describedby": "id_for_data_tools_help"}),
        help_text=(
            "CSV cells are written exactly as stored, without the apostrophe that keeps a "
            "spreadsheet from running a cell such as “=HYPERLINK(…)” as a formula. "
            "Do not open this file in a spreadsheet."
        ),
    )

    def clean(self) -> dict:
        data = super().clean()
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and start > end:
            raise forms.ValidationError("The start date is after the end date.")
        if data.get("excel") and data.get("for_data_tools"):
            raise forms.ValidationError(EXCEL_AND_DATA_TOOLS)
        data["version"] = data.get("version") or PUBLISHED
        return data

    def filters(self) -> ExportFilters:
        data = self.cleaned_data
        return ExportFilters(
            article_ids=(data["article"],) if data.get("article") else (),
            query=data.get("q") or "",
            state=data.get("state") or "",
            source=data.get("source") or "",
            date_from=data.get("date_from"),
            date_to=data.get("date_to"),
        )
