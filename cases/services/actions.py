"""Immediate and corrective actions (strakstiltak, korrigerende tiltak).

When the last open corrective action of a case in progress is marked done, the case
moves to "evaluating": the leader now judges whether the actions worked (see
cases.services.closure.evaluate_effect). Adding a corrective action to a case that is
being evaluated moves it back to "in progress". Each call writes one CaseEvent, which
records the change of status too.
"""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cases import notifications, rules
from cases.models import Action, Case, CaseEvent, CaseReader
from cases.services.handling import (
    lock,
    record,
    require_acknowledged,
    require_open,
    require_permission,
    required_text,
)
from orgchart.models import OrgUnit


def record_immediate_action(case: Case, *, by, description: str) -> Action:
    """An immediate action the leader has taken to limit the damage. (The reporter's own,
    from the report, is the deviation's ``immediate_action`` and is shown as it is.)"""
    with transaction.atomic():
        case = lock(case)
        require_permission(rules.may_handle(by, case))
        require_open(case)
        description = required_text(
            description, _("Describe the immediate action."), "description_required"
        )
        now = timezone.now()
        action = Action.objects.create(
            case=case,
            kind=Action.Kind.IMMEDIATE,
            description=description,
            created_by=by,
            created_at=now,
            done_at=now,
            done_by=by,
        )
        record(
            case,
            CaseEvent.Kind.IMMEDIATE_ACTION,
            by=by,
            visible_to_reporter=True,
            message=description,
            action=action.pk,
        )
    return action


def add_corrective_action(
    case: Case,
    *,
    by,
    description: str,
    due_date: date,
    assignee=None,
    specialist_unit: OrgUnit | None = None,
) -> Action:
    """A corrective action: what, who (a person, or a specialist unit that was asked to
    help on the case) and by when. Those who handle the case and members of the specialist
    units asked may add them, once receipt is acknowledged. A person given an action gets
    read access to the case."""
    with transaction.atomic():
        case = lock(case)
        require_permission(rules.may_add_action(by, case))
        require_acknowledged(case)
        description = required_text(
            description, _("Describe the corrective action."), "description_required"
        )
        if (assignee is None) == (specialist_unit is None):
            raise ValidationError(
                _("Give the action to either a person or a specialist unit."),
                code="one_owner",
            )
        if assignee is not None and not assignee.is_active:
            raise ValidationError(
                _("%(name)s is no longer active.") % {"name": assignee.display_name},
                code="inactive_assignee",
            )
        if (
            specialist_unit is not None
            and not case.assistance_requests.filter(specialist_unit=specialist_unit).exists()
        ):
            raise ValidationError(
                _("Ask %(unit)s for help on this case before giving it an action.")
                % {"unit": specialist_unit.name},
                code="unit_not_asked",
            )
        if due_date is None:
            raise ValidationError(_("Say by when the action is due."), code="due_required")
        if due_date < timezone.localdate():
            raise ValidationError(_("The due date cannot be in the past."), code="due_in_past")
        action = Action.objects.create(
            case=case,
            kind=Action.Kind.CORRECTIVE,
            description=description,
            assignee=assignee,
            specialist_unit=specialist_unit,
            due_date=due_date,
            created_by=by,
        )
        if assignee is not None:
            CaseReader.objects.get_or_create(case=case, user=assignee)
        status_before = case.status
        if case.status == Case.Status.EVALUATING:
            case.status = Case.Status.IN_PROGRESS
            case.save(update_fields=["status"])
        record(
            case,
            CaseEvent.Kind.ACTION_ADDED,
            by=by,
            what=description,
            assignee=assignee.pk if assignee else None,
            specialist_unit=specialist_unit.pk if specialist_unit else None,
            due=due_date.isoformat(),
            action=action.pk,
            **_status_change(status_before, case.status),
        )
        notifications.action_assigned(action)
    return action


def record_action_already_done(case: Case, *, by, description: str) -> Action:
    """ "Allerede utført": the immediate action already restored the normal state, so
    the leader records it, in one step, as a corrective action already done, with what
    was done. Its effect is then evaluated like any other corrective action."""
    with transaction.atomic():
        case = lock(case)
        require_permission(rules.may_handle(by, case))
        require_acknowledged(case)
        description = required_text(
            description,
            _("Say what was done that restored the normal state."),
            "description_required",
        )
        now = timezone.now()
        action = Action.objects.create(
            case=case,
            kind=Action.Kind.CORRECTIVE,
            description=description,
            assignee=by,
            due_date=timezone.localdate(now),
            created_by=by,
            created_at=now,
            done_at=now,
            done_by=by,
            already_done=True,
        )
        status_before = case.status
        open_actions = case.actions.filter(kind=Action.Kind.CORRECTIVE, done_at__isnull=True)
        if case.status == Case.Status.IN_PROGRESS and not open_actions.exists():
            case.status = Case.Status.EVALUATING
            case.save(update_fields=["status"])
        record(
            case,
            CaseEvent.Kind.ACTION_ALREADY_DONE,
            by=by,
            visible_to_reporter=True,
            message=description,
            action=action.pk,
            **_status_change(status_before, case.status),
        )
    return action


def complete_action(action: Action, *, by, note: str = "") -> Action:
    """Mark a corrective action done: by those who handle the case, the person it was
    given to, or a member of the specialist unit it was given to. Not on a closed case.
    Completing the last open one moves a case in progress to "evaluating"."""
    with transaction.atomic():
        case = lock(action.case)
        action = Action.objects.select_related("done_by").get(pk=action.pk)
        action.case = case
        require_permission(rules.may_complete_action(by, action))
        require_open(case)
        if action.is_done:
            raise ValidationError(
                _("This action was already marked done by %(name)s.")
                % {"name": action.done_by.display_name if action.done_by else _("someone")},
                code="already_done",
            )
        action.done_at = timezone.now()
        action.done_by = by
        action.done_note = (note or "").strip()
        action.save(update_fields=["done_at", "done_by", "done_note"])
        status_before = case.status
        open_actions = case.actions.filter(kind=Action.Kind.CORRECTIVE, done_at__isnull=True)
        if case.status == Case.Status.IN_PROGRESS and not open_actions.exists():
            case.status = Case.Status.EVALUATING
            case.save(update_fields=["status"])
        message = action.description
        if action.done_note:
            message += "\n" + action.done_note
        record(
            case,
            CaseEvent.Kind.ACTION_COMPLETED,
            by=by,
            message=message,
            action=action.pk,
            **_status_change(status_before, case.status),
        )
        notifications.action_completed(action, by=by)
    return action


def _status_change(before: str, after: str) -> dict:
    return {"status_from": before, "status_to": after} if before != after else {}
