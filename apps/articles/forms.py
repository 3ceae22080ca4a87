from __future__ import annotations

from django import forms
from django.conf import settings


class ArticleForm(forms.Form):
    title = forms.CharField(
        max_length=300, required=False, help_text="Taken from the first line when left empty."
    )
    byline = forms.CharField(max_length=300, required=False)
    source = forms.CharField(max_length=200, required=False)
    url = forms.URLField(max_length=2000, required=False, assume_scheme="https", label="URL")
    published_at = forms.DateField(
        required=False, label="Publication date", widget=forms.DateInput(attrs={"type": "date"})
    )
    body = forms.CharField(
        required=False,
        strip=False,
        widget=forms.Textarea(attrs={"rows": 14}),
        help_text="Paste plain text, or upload a file below.",
    )
    file = forms.FileField(
        required=False,
        help_text=".txt, .md or .html, UTF-8, at most "
        f"{settings.NEWSDESK_MAX_UPLOAD_BYTES // (1024 * 1024)} MB.",
        widget=forms.ClearableFileInput(attrs={"accept": ".txt,.md,.markdown,.html,.htm"}),
    )

    def clean(self) -> dict:
        data = super().clean()
        body, upload = data.get("body") or "", data.get("file")
        if upload and body.strip():
            raise forms.ValidationError("Paste the text or upload a file, not both.")
        if not upload and not body.strip():
            raise forms.ValidationError("Paste the article's text or choose a file to upload.")
        if upload and upload.size > settings.NEWSDESK_MAX_UPLOAD_BYTES:
            raise forms.ValidationError(
                f"The file is too large ({upload.size // 1024} KB; the limit is "
                f"{settings.NEWSDESK_MAX_UPLOAD_BYTES // 1024} KB)."
            )
        return data

    def metadata(self) -> dict:
        return {
            key: self.cleaned_data[key]
            for key in ("title", "byline", "source", "url", "published_at")
        }
