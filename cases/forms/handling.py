"""Receipt, specialist units, the service line, risk and comments (see
cases.services.handling)."""

from __future__ import annotations

from functools import cached_property

from crispy_forms.layout import Column, Fieldset, Layout, Row
from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from avvik.form_rendering.widgets import QuickSelect
from cases.forms.base import DATE_INPUT, StepForm
from cases.services import default_closure_due
from orgchart.access import next_leader_up
from orgchart.models import OrgUnit


class AcknowledgeForm(StepForm):
    step = "acknowledge"
    title = _("Acknowledge receipt")
    submit_label = _("Acknowledge receipt")
    error_fields = {"due_in_past": "closure_due"}

    closure_due = forms.DateField(
        label=_("Close the case by"),
        required=False,
        widget=forms.DateInput(attrs=DATE_INPUT, format="%Y-%m-%d"),
        help_text=_("Filled in from the severity of the deviation; change it if need be."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # A case acknowledged late would otherwise be offered a deadline already passed.
        suggested = timezone.localdate(default_closure_due(self.case))
        self.fields["closure_due"].initial = max(suggested, timezone.localdate())


class AssistanceForm(StepForm):
    step = "request_assistance"
    template = "cases/_step_request_assistance.html"
    title = _("Ask a specialist unit for help")
    submit_label = _("Ask for help")
    error_fields = {
        "not_specialist_unit": "specialist_unit",
        "already_asked": "specialist_unit",
        "message_required": "message",
    }

    specialist_unit = forms.ModelChoiceField(
        label=_("Specialist unit"), queryset=OrgUnit.objects.none(), empty_label=_("Choose …")
    )
    message = forms.CharField(
        label=_("What help is needed?"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        max_length=2000,
        help_text=_("Its members get an e-mail, can read this case, add actions and comment."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["specialist_unit"].queryset = (
            OrgUnit.objects.active()
            .filter(is_specialist_unit=True)
            .exclude(assistance_requests__case=self.case)
            .order_by("name")
        )


class ForwardForm(StepForm):
    step = "forward_up_the_line"
    template = "cases/_step_forward_up_the_line.html"
    title = _("Forward up the line")
    submit_label = _("Forward the case")
    error_fields = {"reason_required": "reason"}

    reason = forms.CharField(
        label=_("Why is the case beyond the unit's authority?"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        max_length=2000,
    )

    @cached_property
    def receiver(self):
        """The leader and unit the case would go to, or (None, None) at the top."""
        return next_leader_up(self.case.responsible_unit)


class HoldForm(StepForm):
    step = "put_on_hold"
    title = _("Put the case on hold")
    submit_label = _("Set on hold")
    error_fields = {"reason_required": "reason", "until_in_past": "until"}

    until = forms.DateField(
        label=_("On hold until"),
        widget=forms.DateInput(attrs=DATE_INPUT, format="%Y-%m-%d"),
        help_text=_("The case does not climb the service line before this day."),
    )
    reason = forms.CharField(
        label=_("What is the case waiting for?"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        max_length=300,
    )


PROBABILITY_CHOICES = [
    ("", _("Choose …")),
    (1, _("1 – Very unlikely")),
    (2, _("2 – Unlikely")),
    (3, _("3 – Possible")),
    (4, _("4 – Likely")),
    (5, _("5 – Very likely")),
]
CONSEQUENCE_CHOICES = [
    ("", _("Choose …")),
    (1, _("1 – Insignificant")),
    (2, _("2 – Minor")),
    (3, _("3 – Moderate")),
    (4, _("4 – Serious")),
    (5, _("5 – Critical")),
]


def _one_to_five(label, choices):
    return forms.TypedChoiceField(label=label, choices=choices, coerce=int, widget=QuickSelect)


class RiskAssessmentForm(StepForm):
    step = "assess_risk"
    title = _("New risk assessment")
    submit_label = _("Save the risk assessment")

    probability = _one_to_five(_("Probability"), PROBABILITY_CHOICES)
    consequence = _one_to_five(_("Consequence"), CONSEQUENCE_CHOICES)
    probability_after = _one_to_five(_("Probability"), PROBABILITY_CHOICES)
    consequence_after = _one_to_five(_("Consequence"), CONSEQUENCE_CHOICES)
    note = forms.CharField(
        label=_("Note (optional)"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        max_length=2000,
    )

    def layout(self) -> Layout:
        return Layout(
            Fieldset(
                _("As things are now"),
                Row(Column("probability", css_class="col-sm-6"), Column("consequence")),
            ),
            Fieldset(
                _("After the measures"),
                Row(
                    Column("probability_after", css_class="col-sm-6"),
                    Column("consequence_after"),
                ),
            ),
            "note",
        )


class CommentForm(StepForm):
    step = "comment"
    title = _("Add a comment")
    submit_label = _("Add the comment")
    error_fields = {"text_required": "text"}

    text = forms.CharField(
        label=_("Comment"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=4000,
    )
    visible_to_reporter = forms.BooleanField(
        label=_("Send it to the reporter too (otherwise it stays internal)"), required=False
    )

    def __init__(self, *args, may_write_to_reporter: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if not may_write_to_reporter:
            del self.fields["visible_to_reporter"]
        elif self.case.deviation.reporter_id is None:
            # An anonymous reporter, or one without an account, gets no e-mail.
            self.fields["visible_to_reporter"].help_text = _(
                "The reporter reads it on the follow-up page, with the code from their receipt."
            )

    def clean(self):
        cleaned = super().clean()
        cleaned.setdefault("visible_to_reporter", False)
        return cleaned
