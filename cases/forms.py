"""The forms of the case page: one per step of the routine.

Each form lists its own fields, so whatever else a request carries (``status``, ``unit``,
``reporter`` …) never reaches a service. The services decide what is allowed; a form only
turns what was typed into the arguments they take, and puts the services' refusals next to
the field they are about (``error_fields``).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

from crispy_forms.bootstrap import FieldWithButtons, InlineRadios, StrictButton
from crispy_forms.helper import FormHelper
from crispy_forms.layout import Column, Fieldset, Layout, Row, Submit
from django import forms
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cases.models import Action, Case
from cases.services import default_closure_due
from cases.services.closure import MINOR_SEVERITIES
from orgchart.access import next_leader_up
from orgchart.models import Membership, OrgUnit, User

DATE_INPUT = {"type": "date"}
YES_NO = [("yes", _("Yes")), ("no", _("No"))]


def _yes_no(value: str) -> bool:
    return value == "yes"


class StepForm(forms.Form):
    """A step of the routine on one case, posted to its own URL (``cases:<step>``)."""

    step: str = ""
    title = ""
    submit_label = _("Save")
    # What is shown with the form on the case page.
    template = "cases/_step_form.html"
    # Which field a service's error (by its code) is about; the rest go above the form.
    error_fields: dict[str, str] = {}

    def __init__(self, *args, case: Case, user, **kwargs):
        # Many forms share one page: ids carry the step so that no two labels clash.
        kwargs.setdefault("auto_id", f"id_{self.step}_%s")
        super().__init__(*args, **kwargs)
        self.case = case
        self.user = user

    def action_url(self) -> str:
        return reverse(f"cases:{self.step}", args=[self.case.pk])

    def layout(self) -> Layout:
        return Layout(*self.fields)

    @cached_property
    def helper(self) -> FormHelper:
        helper = FormHelper(self)
        helper.form_action = self.action_url()
        helper.form_class = f"step-form step-{self.step}"
        # The server's messages, next to each field, rather than the browser's own.
        helper.attrs = {"novalidate": ""}
        helper.layout = self.layout()
        helper.add_input(Submit("submit", self.submit_label, css_id=f"submit-{self.step}"))
        return helper

    def add_service_error(self, error: ValidationError) -> None:
        """Show a service's ValidationError on the form."""
        if hasattr(error, "error_dict"):
            for name, errors in error.error_dict.items():
                self.add_error(name if name in self.fields else None, errors)
            return
        for item in error.error_list:
            name = self.error_fields.get(item.code)
            self.add_error(name if name in self.fields else None, item)


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


class ImmediateActionForm(StepForm):
    step = "record_immediate_action"
    title = _("Record an immediate action")
    submit_label = _("Record the immediate action")
    error_fields = {"description_required": "description"}

    description = forms.CharField(
        label=_("What was done at once to limit the damage?"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        max_length=2000,
    )


def _owner_choices(case: Case) -> list:
    """People working in the responsible unit and everything under it, and the specialist
    units asked to help on this case: the only owners a corrective action can have here,
    which keeps the list short even in a large organisation."""
    memberships = (
        Membership.objects.filter(
            is_active=True,
            user__is_active=True,
            unit__is_active=True,
            unit__path__startswith=case.responsible_unit.path,
        )
        .select_related("user", "unit")
        .order_by("user__first_name", "user__last_name", "-is_primary", "unit__name")
    )
    people, seen = [], set()
    for membership in memberships:
        if membership.user_id not in seen:
            seen.add(membership.user_id)
            label = f"{membership.user.display_name} ({membership.unit.name})"
            people.append((f"person:{membership.user_id}", label))
    units = [
        (f"unit:{unit.pk}", unit.name)
        for unit in OrgUnit.objects.filter(assistance_requests__case=case).order_by("name")
    ]
    choices = [("", _("Choose …"))]
    if people:
        choices.append((_("People in %(unit)s") % {"unit": case.responsible_unit.name}, people))
    if units:
        choices.append((_("Specialist units asked to help"), units))
    return choices


class CorrectiveActionForm(StepForm):
    step = "add_corrective_action"
    title = _("Add a corrective action")
    submit_label = _("Add the action")
    error_fields = {
        "description_required": "description",
        "one_owner": "owner",
        "inactive_assignee": "owner",
        "unit_not_asked": "owner",
        "due_required": "due_date",
        "due_in_past": "due_date",
    }

    description = forms.CharField(
        label=_("What is to be done?"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        max_length=2000,
    )
    owner = forms.ChoiceField(
        label=_("Who does it?"),
        required=False,
        help_text=_(
            "A person in the unit, or a specialist unit asked to help on this case (ask it first)."
        ),
    )
    due_date = forms.DateField(
        label=_("By when?"),
        required=False,
        widget=forms.DateInput(attrs=DATE_INPUT, format="%Y-%m-%d"),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].choices = _owner_choices(self.case)

    def clean_owner(self) -> dict:
        """The person or the specialist unit, as the service's ``assignee`` or
        ``specialist_unit``; nothing chosen is left to the service to refuse."""
        value = self.cleaned_data["owner"]
        kind, _sep, pk = value.partition(":")
        if kind == "person":
            return {"assignee": User.objects.get(pk=pk), "specialist_unit": None}
        if kind == "unit":
            return {"assignee": None, "specialist_unit": OrgUnit.objects.get(pk=pk)}
        return {"assignee": None, "specialist_unit": None}


class CompleteActionForm(StepForm):
    step = "complete_action"
    submit_label = _("Mark done")

    note = forms.CharField(label=_("Note (optional)"), required=False, max_length=2000)

    def __init__(self, *args, action: Action, **kwargs):
        self.action = action
        kwargs.setdefault("auto_id", f"id_done_{action.pk}_%s")
        super().__init__(*args, **kwargs)

    def action_url(self) -> str:
        return reverse("cases:complete_action", args=[self.case.pk, self.action.pk])

    @cached_property
    def helper(self) -> FormHelper:
        helper = FormHelper(self)
        helper.form_action = self.action_url()
        helper.form_class = "step-form step-complete_action"
        helper.attrs = {"novalidate": ""}
        helper.layout = Layout(
            FieldWithButtons(
                "note",
                StrictButton(
                    self.submit_label, type="submit", css_class="btn-outline-success", name="done"
                ),
            )
        )
        return helper


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
    return forms.TypedChoiceField(label=label, choices=choices, coerce=int)


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


class EffectEvaluationForm(StepForm):
    step = "evaluate_effect"
    title = _("Evaluate the effect")
    submit_label = _("Save the evaluation")
    error_fields = {"note_required": "note"}

    effective = forms.TypedChoiceField(
        label=_("Did the corrective actions work as intended?"),
        choices=[("yes", _("Yes, they worked")), ("no", _("No, new actions are needed"))],
        coerce=_yes_no,
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
        coerce=_yes_no,
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

    def clean(self):
        cleaned = super().clean()
        cleaned.setdefault("visible_to_reporter", False)
        return cleaned


# The steps in the order the page offers them, with the forms that carry them out.
STEP_FORMS: dict[str, type[StepForm]] = {
    form.step: form
    for form in (
        AcknowledgeForm,
        CorrectiveActionForm,
        RiskAssessmentForm,
        EffectEvaluationForm,
        CloseForm,
        ReopenForm,
        ImmediateActionForm,
        AssistanceForm,
        ForwardForm,
        CommentForm,
        NotADeviationForm,
        DuplicateForm,
    )
}

# The steps the routine expects next in each state; the others are folded away.
EXPECTED_STEPS = {
    Case.Status.REPORTED: {"acknowledge"},
    Case.Status.IN_PROGRESS: {"add_corrective_action", "assess_risk", "comment"},
    Case.Status.EVALUATING: {"evaluate_effect", "assess_risk", "close_case", "comment"},
    Case.Status.CLOSED: {"reopen"},
}


@dataclass
class StepPanel:
    form: StepForm
    folded: bool


def step_panels(
    case: Case, user, steps, *, may_write_to_reporter: bool, bound: StepForm | None = None
) -> list[StepPanel]:
    """A form for each step this person may take now; the one just posted (``bound``)
    comes back with its errors, unfolded."""
    panels = []
    for step, form_class in STEP_FORMS.items():
        if step not in steps:
            continue
        if bound is not None and bound.step == step:
            form = bound
        elif form_class is CommentForm:
            form = CommentForm(case=case, user=user, may_write_to_reporter=may_write_to_reporter)
        else:
            form = form_class(case=case, user=user)
        expected = step in EXPECTED_STEPS.get(case.status, ())
        panels.append(StepPanel(form, folded=not (expected or form.is_bound)))
    return panels
