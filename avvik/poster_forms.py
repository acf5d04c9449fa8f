"""The report form opened from a QR poster by someone without an account: the unit and
place come from the poster; the reporter gives their name and, if they like, a phone
number or e-mail for follow-up, or reports anonymously."""

from __future__ import annotations

from crispy_forms.layout import Div, Layout
from django import forms
from django.utils.translation import gettext_lazy as _

from avvik.form_fields import Details
from avvik.forms import DeviationForm

# The hidden field's name: what a form-filling bot expects to find on a contact form.
BOT_FIELD = "website"


def sent_by_a_bot(data) -> bool:
    """Whether the field no person sees was filled in."""
    return bool(data.get(BOT_FIELD, "").strip())


class PosterDeviationForm(DeviationForm):
    reporter_name = forms.CharField(label=_("Your name"), required=False, max_length=150)
    reporter_contact = forms.CharField(
        label=_("Phone or e-mail for follow-up (optional)"),
        required=False,
        max_length=200,
        help_text=_("Only your leader sees it, to reach you about the report."),
    )
    website = forms.CharField(
        label=_("Leave this field empty"),
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    def __init__(self, *args, poster, **kwargs):
        self.poster = poster
        super().__init__(*args, user=None, unit_choices=[poster.unit], **kwargs)
        del self.fields["unit"]
        del self.fields["unit_search"]
        self.fields["reporter_name"].widget.attrs["autocomplete"] = "name"

    def layout(self) -> Layout:
        return Layout(
            "submission_token",
            *self.what_happened(),
            Details(
                _("Place and more (optional)"),
                "location",
                "immediate_action",
                "suggested_measure",
            ),
            "reporter_name",
            "reporter_contact",
            "anonymous",
            # Off-screen and hidden from assistive technology: only bots fill it in.
            Div(BOT_FIELD, css_class="bot-trap", aria_hidden="true"),
        )

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("anonymous") and not cleaned.get("reporter_name", "").strip():
            self.add_error(
                "reporter_name",
                _("Write your name, or choose to report anonymously."),
            )
        return cleaned

    def deviation_fields(self) -> dict:
        fields = {name: self.cleaned_data[name] for name in self.Meta.fields if name in self.fields}
        return {**fields, "unit": self.poster.unit}

    def without_account(self) -> dict:
        return {
            "name": self.cleaned_data["reporter_name"].strip(),
            "contact": self.cleaned_data["reporter_contact"].strip(),
            "poster": self.poster,
        }
