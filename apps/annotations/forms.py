"""Validation of the workspace's actions: each form checks one action's JSON arguments."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError

from apps.annotations.models import MENTION_LABELS, QuoteKind, SpeakerType, Status

LABEL_CHOICES = [(label, label) for label in MENTION_LABELS]
MAX_IDS = 20_000


class SpanField(forms.Field):
    """`[start, end]` as a JSON list of two integers, or null to clear."""

    def to_python(self, value):
        if value in (None, "", []):
            return None
        if (
            not isinstance(value, list | tuple)
            or len(value) != 2
            or not all(isinstance(v, int) and not isinstance(v, bool) for v in value)
        ):
            raise ValidationError("Give a span as [start, end].")
        return [value[0], value[1]]

    def validate(self, value):
        if value is None and self.required:
            raise ValidationError(self.error_messages["required"], code="required")


class IdListField(forms.Field):
    def to_python(self, value):
        if value in (None, ""):
            return []
        if (
            not isinstance(value, list)
            or len(value) > MAX_IDS
            or not all(isinstance(v, int) and not isinstance(v, bool) and v > 0 for v in value)
        ):
            raise ValidationError("Give a list of ids.")
        return value


class ActionForm(forms.Form):
    # An update changes only what the request names; anything absent stays as it is.
    partial = False

    def arguments(self) -> dict:
        if not self.partial:
            return dict(self.cleaned_data)
        return {k: v for k, v in self.cleaned_data.items() if k in self.data}


def _offset(required: bool = True) -> forms.IntegerField:
    return forms.IntegerField(required=required, min_value=0, max_value=10_000_000)


def _id(required: bool = True) -> forms.IntegerField:
    return forms.IntegerField(required=required, min_value=1)


class IdForm(ActionForm):
    id = _id()


class MentionCreateForm(ActionForm):
    start = _offset()
    end = _offset()
    label = forms.ChoiceField(choices=LABEL_CHOICES)
    entity_id = _id(required=False)

    def clean(self):
        data = super().clean()
        if "start" in data and "end" in data and data["end"] <= data["start"]:
            raise ValidationError("A span must end after it starts.")
        return data


class MentionUpdateForm(ActionForm):
    partial = True

    id = _id()
    label = forms.ChoiceField(choices=LABEL_CHOICES, required=False)
    status = forms.ChoiceField(choices=Status.choices, required=False)
    start = _offset(required=False)
    end = _offset(required=False)
    entity = _id(required=False)


class MentionRestoreForm(ActionForm):
    id = _id()
    start = _offset()
    end = _offset()
    label = forms.ChoiceField(choices=LABEL_CHOICES)
    status = forms.ChoiceField(choices=Status.choices)
    origin = forms.CharField(max_length=8)
    entity = _id(required=False)


class SuggestionsAcceptForm(ActionForm):
    label = forms.ChoiceField(choices=LABEL_CHOICES, required=False)


class StatusesSetForm(ActionForm):
    mentions = IdListField(required=False)
    quotes = IdListField(required=False)
    status = forms.ChoiceField(choices=Status.choices)


class QuoteCreateForm(ActionForm):
    start = _offset()
    end = _offset()
    kind = forms.ChoiceField(choices=QuoteKind.choices)

    def clean(self):
        data = super().clean()
        if "start" in data and "end" in data and data["end"] <= data["start"]:
            raise ValidationError("A span must end after it starts.")
        return data


class QuoteUpdateForm(ActionForm):
    partial = True

    id = _id()
    start = _offset(required=False)
    end = _offset(required=False)
    kind = forms.ChoiceField(choices=QuoteKind.choices, required=False)
    status = forms.ChoiceField(choices=Status.choices, required=False)
    cue = SpanField(required=False)
    speaker = SpanField(required=False)
    speaker_entity = _id(required=False)
    speaker_type = forms.ChoiceField(choices=SpeakerType.choices, required=False)


class QuoteRestoreForm(ActionForm):
    id = _id()
    start = _offset()
    end = _offset()
    kind = forms.ChoiceField(choices=QuoteKind.choices)
    status = forms.ChoiceField(choices=Status.choices)
    origin = forms.CharField(max_length=8)
    cue = SpanField(required=False)
    speaker = SpanField(required=False)
    speaker_entity = _id(required=False)
    speaker_type = forms.ChoiceField(choices=SpeakerType.choices)
    reason = forms.CharField(max_length=500, required=False)


class EntityRenameForm(ActionForm):
    id = _id()
    name = forms.CharField(max_length=300)


class EntityMergeForm(ActionForm):
    id = _id()
    into = _id()


class EntityUnmergeForm(ActionForm):
    id = _id()
    into = _id()
    name = forms.CharField(max_length=300)
    label = forms.CharField(max_length=20)
    origin = forms.CharField(max_length=8)
    registry = _id(required=False)
    mentions = IdListField(required=False)
    quotes = IdListField(required=False)


class EntitySplitForm(ActionForm):
    mentions = IdListField()
    name = forms.CharField(max_length=300, required=False)


class EntityLinkForm(ActionForm):
    id = _id()
    registry = _id(required=False)


class RegistryEntityForm(forms.Form):
    name = forms.CharField(max_length=300)
    label = forms.ChoiceField(choices=LABEL_CHOICES, label="Type")
    aliases = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="One alias a line.",
    )

    def clean_aliases(self) -> list[str]:
        return [line.strip() for line in self.cleaned_data["aliases"].splitlines() if line.strip()]


class RegistryRecordForm(forms.Form):
    """What the newsroom records about a source; blank means not recorded."""

    role = forms.ModelChoiceField(
        queryset=None, required=False, empty_label="not recorded", label="Role"
    )
    new_role = forms.CharField(
        required=False,
        max_length=100,
        label="Or a new role",
        help_text="Adds the role to the newsroom's list and records it here.",
    )
    gender = forms.ChoiceField(
        required=False,
        label="Gender, as recorded by the newsroom",
        help_text="Only what the person has stated or the newsroom knows; never guessed.",
    )

    def __init__(self, *args, **kwargs):
        from apps.annotations.models import RecordedGender, SpeakerRole

        super().__init__(*args, **kwargs)
        self.fields["role"].queryset = SpeakerRole.objects.all()
        self.fields["gender"].choices = RecordedGender.choices
