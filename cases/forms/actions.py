"""Immediate and corrective actions (see cases.services.actions)."""

from __future__ import annotations

from functools import cached_property

from crispy_forms.bootstrap import FieldWithButtons, StrictButton
from crispy_forms.helper import FormHelper
from crispy_forms.layout import Layout
from django import forms
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from avvik.form_rendering.widgets import QuickSelect
from cases.forms.base import DATE_INPUT, StepForm
from cases.models import Action, Case
from orgchart.models import Membership, OrgUnit, User, ids_in_path


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


# Past this many memberships under the responsible unit (a case forwarded to a sector
# leader: thousands), the list offers those closest to the deviation instead.
OWNER_LIST_LIMIT = 300


def _person_choices(rows) -> list[tuple[str, str]]:
    """(choice value, "name (unit)") for rows of (user id, first name, last name,
    username, unit name), each person once, in the rows' order."""
    choices, seen = [], set()
    for user_id, first_name, last_name, username, unit_name in rows:
        if user_id not in seen:
            seen.add(user_id)
            # As User.display_name has it.
            name = f"{first_name} {last_name}".strip() or username
            choices.append((f"person:{user_id}", f"{name} ({unit_name})"))
    return choices


def _membership_rows(condition: Q):
    """(user id, first name, last name, username, unit name) of the active people with an
    active membership that matches ``condition``, by name."""
    return (
        Membership.objects.filter(
            condition, is_active=True, user__is_active=True, unit__is_active=True
        )
        .order_by("user__first_name", "user__last_name", "-is_primary", "unit__name")
        .values_list(
            "user_id", "user__first_name", "user__last_name", "user__username", "unit__name"
        )
    )


def _people(condition: Q) -> list[tuple[str, str]]:
    """The active people with an active membership that matches ``condition``, by name."""
    return _person_choices(_membership_rows(condition))


def _line_leaders(case: Case) -> list[tuple[str, str]]:
    """The leaders of the units from where the deviation happened up to the responsible
    unit, nearest first."""
    return _person_choices(
        OrgUnit.objects.filter(
            pk__in=ids_in_path(case.deviation_unit.path),
            path__startswith=case.responsible_unit.path,
            leader__is_active=True,
        )
        .order_by("-depth")
        .values_list(
            "leader_id", "leader__first_name", "leader__last_name", "leader__username", "name"
        )
    )


def _owner_choices(case: Case) -> list:
    """Who a corrective action can be given to here: the people working in the responsible
    unit and everything under it, and the specialist units asked to help on this case.
    When the responsible unit is large (the case has gone up the line), the people where
    it happened, the people of the responsible unit itself and the leaders in between."""
    responsible = case.responsible_unit
    subtree = Q(unit__path__startswith=responsible.path)
    # One query: the whole list when it is short enough, else the sign that it is not.
    rows = list(_membership_rows(subtree)[: OWNER_LIST_LIMIT + 1])
    if len(rows) <= OWNER_LIST_LIMIT:
        groups = [(_("People in %(unit)s") % {"unit": responsible.name}, _person_choices(rows))]
    else:
        happened = case.deviation_unit
        groups = [
            (_("People in %(unit)s") % {"unit": happened.name}, _people(Q(unit=happened))),
            (_("Leaders in the line"), _line_leaders(case)),
        ]
        if responsible.pk != happened.pk:
            groups.insert(
                1,
                (
                    _("People in %(unit)s") % {"unit": responsible.name},
                    _people(Q(unit=responsible)),
                ),
            )
    # Through case.assistance_requests.all(), which the case page has prefetched.
    asked = {request.specialist_unit for request in case.assistance_requests.all()}
    units = [(f"unit:{unit.pk}", unit.name) for unit in sorted(asked, key=lambda u: u.name)]
    choices = [("", _("Choose …"))]
    choices += [(label, people) for label, people in groups if people]
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
        widget=QuickSelect,
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
