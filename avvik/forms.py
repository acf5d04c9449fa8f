"""The "Meld avvik" form: short on a phone, rarely needed fields folded away."""

from __future__ import annotations

import uuid
from datetime import timedelta

from crispy_forms.bootstrap import StrictButton
from crispy_forms.helper import FormHelper
from crispy_forms.layout import HTML, Div, Field, Layout, LayoutObject
from django import forms
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from avvik.attachments import MAX_PER_REPORT
from avvik.models import Category, Deviation, InjuryDetails, Severity
from orgchart.models import OrgUnit

INJURY_FIELDS = ["injured_person", "injury_kind", "treatment", "absence"]


class Details(LayoutObject):
    """A folded section (<details>), open when one of its fields has an error."""

    template = "avvik/layout/details.html"

    def __init__(self, summary, *fields, open_when=None):
        self.summary = summary
        self.fields = list(fields)
        self.open_when = open_when

    def render(self, form, context, template_pack=None, **kwargs):
        html = self.get_rendered_fields(form, context, template_pack, **kwargs)
        names = [f if isinstance(f, str) else "" for f in self.fields]
        is_open = any(form.errors.get(n) for n in names) or (
            self.open_when and self.open_when(form)
        )
        return render_to_string(
            self.template, {"summary": self.summary, "fields": html, "open": is_open}
        )


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    widget = MultipleFileInput

    def clean(self, data, initial=None):
        files = data if isinstance(data, list | tuple) else ([data] if data else [])
        return [super(MultipleFileField, self).clean(f, initial) for f in files]


class DeviationForm(forms.ModelForm):
    submission_token = forms.UUIDField(widget=forms.HiddenInput)
    unit_search = forms.CharField(label=_("Find another unit"), required=False, max_length=100)
    occurred_at = forms.DateTimeField(
        label=_("When did it happen?"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%d.%m.%Y %H:%M"],
    )
    attachments = MultipleFileField(
        label=_("Photos or PDF"),
        required=False,
        help_text=_("Up to 5 files of at most 10 MB each."),
        widget=MultipleFileInput(
            attrs={"accept": "image/jpeg,image/png,image/webp,application/pdf"}
        ),
    )
    injured_person = forms.CharField(label=_("Who was hurt?"), required=False, max_length=200)
    injury_kind = forms.CharField(label=_("What kind of injury?"), required=False, max_length=300)
    treatment = forms.ChoiceField(
        label=_("Treatment"),
        choices=InjuryDetails.Treatment.choices,
        required=False,
        initial=InjuryDetails.Treatment.NONE,
    )
    absence = forms.BooleanField(label=_("Led to sick leave or absence"), required=False)

    class Meta:
        model = Deviation
        fields = [
            "category",
            "severity",
            "title",
            "description",
            "occurred_at",
            "unit",
            "location",
            "immediate_action",
            "suggested_measure",
        ]
        labels = {
            "category": _("What kind of deviation?"),
            "severity": _("How serious is it?"),
            "title": _("Short title"),
            "description": _("What happened?"),
            "unit": _("Unit where it happened"),
            "location": _("Where exactly? (room, floor, address)"),
            "immediate_action": _("What did you do at once? (immediate action)"),
            "suggested_measure": _("What could prevent it from happening again?"),
        }
        widgets = {
            "severity": forms.RadioSelect,
            "description": forms.Textarea(attrs={"rows": 3}),
            "immediate_action": forms.Textarea(attrs={"rows": 2}),
            "suggested_measure": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, user, unit_choices=(), pending=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.pending = list(pending)
        self.fields["category"].queryset = Category.objects.filter(is_active=True)
        self.fields["category"].empty_label = _("Choose …")
        explained = Severity.explanations()
        self.fields["severity"].choices = [
            (value, f"{label} – {explained[value]}") for value, label in Severity.choices
        ]
        self.fields["unit"].queryset = OrgUnit.objects.active().filter(is_specialist_unit=False)
        self.fields["unit"].empty_label = None
        self.fields["unit"].error_messages["invalid_choice"] = _(
            "This unit no longer exists. Choose another."
        )
        # The list offers the reporter's own units and any search results; any active
        # unit is accepted, so a long organisation never becomes a 10,000-line list.
        self.fields["unit"].choices = [(u.pk, u.name) for u in unit_choices]
        self.fields["unit"].widget.attrs.update(
            {
                "data-found-text": _("%(count)s units found; choose in the list."),
                "data-none-text": _("No unit matches “%(term)s”."),
            }
        )
        self.fields["unit_search"].widget.attrs.update(
            {"autocomplete": "off", "placeholder": _("Type part of the name")}
        )
        self.fields["title"].widget.attrs["maxlength"] = 150
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True
        self.helper.layout = Layout(
            "submission_token",
            "category",
            "severity",
            "title",
            "description",
            "occurred_at",
            Details(
                _("Injury details (only for personal injury)"),
                *INJURY_FIELDS,
                open_when=lambda form: form._category_needs_injury(),
            ),
            "attachments",
            HTML('{% include "avvik/_pending_attachments.html" %}'),
            Details(
                _("Unit, place and more (optional)"),
                "unit",
                Div(
                    Field("unit_search", wrapper_class="flex-grow-1 mb-0"),
                    # Not crispy's Submit: it always adds btn-primary, whose dark fill
                    # leaves the outline button's grey text unreadable.
                    StrictButton(
                        _("Search"),
                        type="submit",
                        name="search_unit",
                        value="1",
                        css_class="btn-outline-secondary mt-md-4",
                        formnovalidate="formnovalidate",
                    ),
                    css_class="d-flex gap-2 align-items-end mb-3",
                ),
                "location",
                "immediate_action",
                "suggested_measure",
                open_when=lambda form: bool(form.data.get("search_unit")),
            ),
        )

    def _get_validation_exclusions(self):
        # The form's own fields have already read the unit and the category from their
        # (stricter: active only) querysets; the model need not look them up again.
        return {*super()._get_validation_exclusions(), "unit", "category"}

    def _category_needs_injury(self) -> bool:
        category = self.cleaned_data.get("category") if hasattr(self, "cleaned_data") else None
        return bool(category and category.involves_health_data)

    def clean_occurred_at(self):
        occurred_at = self.cleaned_data["occurred_at"]
        # A few minutes of slack for a phone whose clock runs ahead.
        if occurred_at > timezone.now() + timedelta(minutes=5):
            raise forms.ValidationError(_("The time cannot be in the future."))
        if occurred_at < timezone.now() - timedelta(days=5 * 365):
            raise forms.ValidationError(_("The time is more than five years ago."))
        return occurred_at

    def clean(self):
        cleaned = super().clean()
        category = cleaned.get("category")
        if category and category.involves_health_data:
            for name in ("injured_person", "injury_kind"):
                if not cleaned.get(name, "").strip():
                    self.add_error(name, _("Required for personal injury."))
        files = cleaned.get("attachments") or []
        if len(files) + len(self.pending) > MAX_PER_REPORT:
            self.add_error(
                "attachments",
                _("At most %(max)d files per report.") % {"max": MAX_PER_REPORT},
            )
        return cleaned

    def deviation_fields(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.Meta.fields}

    def injury_fields(self) -> dict | None:
        category = self.cleaned_data["category"]
        if not category.involves_health_data:
            return None
        return {name: self.cleaned_data[name] for name in INJURY_FIELDS}


def new_submission_token() -> uuid.UUID:
    return uuid.uuid4()


class AddInformationForm(forms.Form):
    text = forms.CharField(
        label=_("Add information"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    attachments = MultipleFileField(
        label=_("Photos or PDF"),
        required=False,
        widget=MultipleFileInput(
            attrs={"accept": "image/jpeg,image/png,image/webp,application/pdf"}
        ),
    )

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("text", "").strip() and not cleaned.get("attachments"):
            raise forms.ValidationError(_("Write something or attach a file."))
        return cleaned
