"""Evaluating the effect, closing and reopening (see cases.services.closure)."""

from __future__ import annotations

from crispy_forms.layout import Fieldset, Layout
from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from cases.forms.base import DATE_INPUT, StepForm, yes_no
from cases.models import Case
from cases.services.closure import RoutineReview


class EffectEvaluationForm(StepForm):
    step = "evaluate_effect"
    # The specialist units' own assessments are shown beside the form.
    template = "cases/_step_evaluate_effect.html"
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
        "routines_reviewed_required": "routine_review",
        "routine_required": "routine",
        "routine_note_required": "routine_note",
        "next_review_in_past": "next_review",
    }

    summary = forms.CharField(
        label=_("Summary of the outcome for the reporter"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=4000,
        help_text=_("The reporter is sent this, and sees it on their page."),
    )
    routine_review = forms.ChoiceField(
        label=_("Have the work routines been reviewed?"),
        choices=Case.RoutineReview.choices,
        required=False,
        widget=forms.RadioSelect,
    )
    routine = forms.CharField(
        label=_("Which routine or procedure was reviewed?"),
        required=False,
        max_length=200,
    )
    routine_note = forms.CharField(
        label=_("What was changed, or why no change was needed (or why it was not reviewed)"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        max_length=2000,
    )
    next_review = forms.DateField(
        label=_("Next review of the routine (optional)"),
        required=False,
        widget=forms.DateInput(attrs=DATE_INPUT, format="%Y-%m-%d"),
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

    def layout(self) -> Layout:
        return Layout(
            "summary",
            Fieldset(
                _("Review of work routines"),
                "routine_review",
                "routine",
                "routine_note",
                "next_review",
            ),
            "committee_summary",
        )

    def clean(self):
        cleaned = super().clean()
        cleaned["routine_review"] = RoutineReview(
            outcome=cleaned.pop("routine_review", ""),
            routine=cleaned.pop("routine", ""),
            note=cleaned.pop("routine_note", ""),
            next_review=cleaned.pop("next_review", None),
        )
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
