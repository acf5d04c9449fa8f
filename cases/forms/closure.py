"""Evaluating the effect, closing and reopening (see cases.services.closure)."""

from __future__ import annotations

from crispy_forms.bootstrap import InlineRadios
from crispy_forms.layout import Layout
from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from cases.forms.base import YES_NO, StepForm, yes_no
from cases.models import Action, Case
from cases.services.closure import MINOR_SEVERITIES


class EffectEvaluationForm(StepForm):
    step = "evaluate_effect"
    title = _("Evaluate the effect")
    submit_label = _("Save the evaluation")
    error_fields = {"note_required": "note"}

    effective = forms.TypedChoiceField(
        label=_("Did the corrective actions work as intended?"),
        choices=[("yes", _("Yes, they worked")), ("no", _("No, new actions are needed"))],
        coerce=yes_no,
        widget=forms.RadioSelect,
    )
    note = forms.CharField(
        label=_("Note"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        max_length=2000,
        help_text=_("Required when they did not work: say what did not."),
    )


class CloseForm(StepForm):
    step = "close_case"
    template = "cases/_step_close_case.html"
    title = _("Close the case")
    submit_label = _("Close the case")
    error_fields = {
        "summary_required": "summary",
        "routines_reviewed_required": "routines_reviewed",
        "no_actions_reason_required": "no_actions_reason",
    }

    summary = forms.CharField(
        label=_("Summary of the outcome for the reporter"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=4000,
        help_text=_("The reporter is sent this, and sees it on their page."),
    )
    routines_reviewed = forms.TypedChoiceField(
        label=_("Have the work routines been reviewed?"),
        choices=YES_NO,
        coerce=yes_no,
        empty_value=None,
        required=False,
        widget=forms.RadioSelect,
    )
    no_actions_reason = forms.CharField(
        label=_("Why are no corrective actions needed?"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        max_length=2000,
        help_text=_("Only for a minor deviation closed without corrective actions."),
    )

    committee_summary = forms.CharField(
        label=_("Summary for the working environment committee (optional)"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        max_length=2000,
        help_text=_(
            "Shown in the AMU summary for serious deviations. No names and no health details."
        ),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        needs_reason = (
            self.case.deviation.severity in MINOR_SEVERITIES
            and not self.case.actions.filter(kind=Action.Kind.CORRECTIVE).exists()
        )
        if not needs_reason:
            del self.fields["no_actions_reason"]

    def layout(self) -> Layout:
        return Layout(
            "summary",
            InlineRadios("routines_reviewed"),
            *(["no_actions_reason"] if "no_actions_reason" in self.fields else []),
            "committee_summary",
        )

    def clean(self):
        cleaned = super().clean()
        cleaned.setdefault("no_actions_reason", "")
        return cleaned


class NotADeviationForm(StepForm):
    step = "close_as_not_a_deviation"
    title = _("Close: not a deviation")
    submit_label = _("Close as not a deviation")
    error_fields = {"reason_required": "reason"}

    reason = forms.CharField(
        label=_("Why is this not a deviation?"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        max_length=2000,
        help_text=_("The reporter is sent this."),
    )


class DuplicateForm(StepForm):
    step = "close_as_duplicate"
    title = _("Close: duplicate")
    submit_label = _("Close as a duplicate")
    error_fields = {
        "reason_required": "reason",
        "invalid_original": "original",
        "original_is_duplicate": "original",
    }

    original = forms.CharField(
        label=_("Duplicate of (reference number)"),
        max_length=20,
        help_text=_("For example AV-2026-000123."),
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )
    reason = forms.CharField(
        label=_("Why is it a duplicate?"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        max_length=2000,
        help_text=_("The reporter is sent this."),
    )

    def clean_original(self) -> Case:
        """The other case, looked up among those this person can see."""
        reference = self.cleaned_data["original"].strip().upper()
        original = (
            Case.objects.visible_to(self.user)
            .exclude(pk=self.case.pk)
            .filter(deviation__reference=reference)
            .first()
        )
        if original is None:
            raise ValidationError(
                _("No other case you have access to has the reference %(ref)s."),
                code="unknown_reference",
                params={"ref": reference},
            )
        return original


class ReopenForm(StepForm):
    step = "reopen"
    title = _("Reopen the case")
    submit_label = _("Reopen")
    error_fields = {"reason_required": "reason"}

    reason = forms.CharField(
        label=_("Why is the case reopened?"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        max_length=2000,
        help_text=_("The reporter is sent this."),
    )
