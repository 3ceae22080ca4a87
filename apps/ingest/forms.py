from __future__ import annotations

from django import forms
from django.conf import settings

from apps.ingest.models import AnnotationMode
from apps.ingest.parsers import max_import_bytes, tools
from apps.nlp.types import QUOTE_KINDS


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


IMPORT_KINDS_BY_EXTENSION = {
    ".csv": "csv",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".json": "jsonl",
    ".zip": "zip",
}


class ImportForm(forms.Form):
    file = forms.FileField(
        required=False,
        help_text="A .csv, .jsonl or .json file (columns or fields: title, body, and optionally "
        "byline, source, url, published_at), a doccano or Label Studio export (.jsonl, .json), "
        "or a .zip of .txt, .md and .html files.",
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.jsonl,.ndjson,.json,.zip"}),
    )
    urls = forms.CharField(
        required=False,
        label="Web addresses",
        widget=forms.Textarea(attrs={"rows": 4, "placeholder": "https://…"}),
        help_text="Or one address per line: each page is fetched and its article text kept.",
    )
    annotation_mode = forms.ChoiceField(
        label="Annotations in a JSONL or JSON file (pretag shape, doccano, Label Studio)",
        choices=[],
        widget=forms.RadioSelect,
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["annotation_mode"].choices = AnnotationMode.choices
        self.fields["annotation_mode"].initial = AnnotationMode.PRETAG

    def clean(self) -> dict:
        data = super().clean()
        upload, urls = data.get("file"), (data.get("urls") or "").strip()
        if upload and urls:
            raise forms.ValidationError("Choose a file or give addresses, not both.")
        if not upload and not urls:
            raise forms.ValidationError("Choose a file to import or give web addresses.")
        if upload:
            name = upload.name.lower()
            kind = next(
                (k for ext, k in IMPORT_KINDS_BY_EXTENSION.items() if name.endswith(ext)), None
            )
            if kind is None:
                raise forms.ValidationError("Import a .csv, .jsonl, .json or .zip file.")
            if upload.size > max_import_bytes():
                raise forms.ValidationError(
                    f"The file is too large ({upload.size // 1024} KB; the limit is "
                    f"{max_import_bytes() // 1024} KB)."
                )
            data["kind"] = kind
        else:
            data["kind"] = "urls"
        return data


def _label_choices() -> list[tuple[str, object]]:
    return [
        ("", "leave out"),
        ("Entity label", [(label, label) for label in tools.mention_targets()]),
        (
            "Quote",
            [(tools.QUOTE_PREFIX + kind, f"{kind} quote") for kind in QUOTE_KINDS],
        ),
    ]


class LabelMappingForm(forms.Form):
    """One choice per label name and relation type found in a tool's export."""

    annotation_mode = forms.ChoiceField(
        label="Annotations in the file", choices=[], widget=forms.RadioSelect
    )

    def __init__(self, *args, labels: dict, relations: dict, mode: str, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["annotation_mode"].choices = AnnotationMode.choices
        # The file was chosen for its annotations: a mapping that would ignore them is
        # not proposed unless it was asked for.
        self.fields["annotation_mode"].initial = mode
        defaults = tools.default_mapping(labels, relations)
        self.label_rows, self.relation_rows = [], []
        for n, (name, count) in enumerate(sorted(labels.items(), key=lambda kv: -kv[1])):
            field = f"label_{n}"
            self.fields[field] = forms.ChoiceField(
                label=name,
                choices=_label_choices(),
                required=False,
                initial=defaults["labels"][name],
            )
            self.label_rows.append((name, count, field))
        for n, (name, count) in enumerate(sorted(relations.items(), key=lambda kv: -kv[1])):
            field = f"relation_{n}"
            self.fields[field] = forms.ChoiceField(
                label=name,
                choices=[("", "leave out"), (tools.SPEAKER, "speaker of the quote")],
                required=False,
                initial=defaults["relations"][name],
            )
            self.relation_rows.append((name, count, field))

    def rows(self, which: str) -> list[tuple[str, int, forms.BoundField]]:
        rows = self.label_rows if which == "labels" else self.relation_rows
        return [(name, count, self[field]) for name, count, field in rows]

    @property
    def labels(self) -> list:
        return self.rows("labels")

    @property
    def relations(self) -> list:
        return self.rows("relations")

    def mapping(self) -> dict:
        return {
            "labels": {name: self.cleaned_data[f] or "" for name, _, f in self.label_rows},
            "relations": {name: self.cleaned_data[f] or "" for name, _, f in self.relation_rows},
        }


class RetagSelectedForm(forms.Form):
    articles = forms.TypedMultipleChoiceField(coerce=int, choices=[])

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        # The choices are whatever ids were sent; the view loads only articles that exist.
        self.fields["articles"].choices = [
            (value, value) for value in self.data.getlist("articles")[:500] if value.isdigit()
        ]
