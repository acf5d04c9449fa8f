"""Handling a case once it has arrived: receipt, the service line, specialist units, risk
and comments.

Every function here follows the same pattern: inside one transaction it locks the case
row, checks the acting person's permission (PermissionDenied) and the case's state
(ValidationError with a message for the user), writes the change and exactly one
CaseEvent, and queues the notifications, which are sent when the transaction commits.
"""

from __future__ import annotations

from datetime import date, datetime, time

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cases import deadlines, notifications, rules
from cases.models import AssistanceRequest, Case, CaseEvent, CaseReader, RiskAssessment
from orgchart.access import next_leader_up
from orgchart.models import OrgUnit

# Days from the report to the closure deadline. Issue 5 makes these configurable.


# -- shared by every step ---------------------------------------------------------------


def lock(case: Case) -> Case:
    """The case, read again under a row lock held until the transaction ends. Only the
    case row is locked (``of``), not the deviation or units joined in."""
    return (
        Case.objects.select_for_update(of=("self",))
        .select_related("deviation__unit", "deviation__reporter", "responsible_unit")
        .get(pk=case.pk)
    )


def record(
    case: Case,
    kind: CaseEvent.Kind,
    *,
    by,
    message: str = "",
    visible_to_reporter: bool = False,
    **data,
) -> CaseEvent:
    return CaseEvent.objects.create(
        case=case,
        kind=kind,
        actor=by,
        message=message,
        visible_to_reporter=visible_to_reporter,
        data=data,
    )


def last_actor(case: Case, *kinds: CaseEvent.Kind) -> str:
    """Who last did one of these things to the case, for messages such as "already
    acknowledged by …"."""
    event = (
        case.events.filter(kind__in=kinds).select_related("actor").order_by("-at", "-pk").first()
    )
    if event is None or event.actor is None:
        return _("someone else")
    return event.actor.display_name


CLOSING_KINDS = (
    CaseEvent.Kind.CLOSED,
    CaseEvent.Kind.CLOSED_NOT_A_DEVIATION,
    CaseEvent.Kind.CLOSED_AS_DUPLICATE,
)


def require_permission(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied


def require_open(case: Case) -> None:
    if case.status not in rules.OPEN_STATES:
        raise ValidationError(
            _("This case has already been closed by %(name)s."),
            code="closed",
            params={"name": last_actor(case, *CLOSING_KINDS)},
        )


def require_acknowledged(case: Case) -> None:
    require_open(case)
    if case.status not in rules.HANDLING_STATES:
        raise ValidationError(_("Acknowledge receipt of the case first."), code="not_acknowledged")


def required_text(value: str, message: str, code: str) -> str:
    value = (value or "").strip()
    if not value:
        raise ValidationError(message, code=code)
    return value


# -- receipt ----------------------------------------------------------------------------


def default_closure_due(case: Case) -> datetime:
    """The closure deadline the HMS administrators set for the severity (DeadlinePolicy),
    counted from when the deviation was reported."""
    return deadlines.closure_due_for(case.deviation)


def _as_deadline(value: date | datetime) -> datetime:
    """A date means the end of that day, local time."""
    if isinstance(value, datetime):
        return value if timezone.is_aware(value) else timezone.make_aware(value)
    return timezone.make_aware(datetime.combine(value, time(23, 59)))


def acknowledge(case: Case, *, by, closure_due: date | datetime | None = None) -> Case:
    """Receipt: reported → in progress, with a closure deadline (by default from the
    severity, see DeadlinePolicy). Of two leaders acknowledging at once, the
    second is told who was first."""
    with transaction.atomic():
        case = lock(case)
        require_permission(rules.may_handle(by, case))
        if case.status != Case.Status.REPORTED:
            require_open(case)
            raise ValidationError(
                _("This case was already acknowledged by %(name)s."),
                code="already_acknowledged",
                params={"name": last_actor(case, CaseEvent.Kind.ACKNOWLEDGED)},
            )
        if closure_due is None:
            due = default_closure_due(case)
        else:
            due = _as_deadline(closure_due)
            if due < timezone.now():
                raise ValidationError(
                    _("The closure deadline cannot be in the past."), code="due_in_past"
                )
        event = record(
            case,
            CaseEvent.Kind.ACKNOWLEDGED,
            by=by,
            visible_to_reporter=True,
            closure_due=due.isoformat(),
        )
        case.status = Case.Status.IN_PROGRESS
        case.closure_due = due
        if not case.notices_pending:
            # (A serious injury's notices keep their deadline of hours until recorded.)
            case.next_escalation_at = due
        case.received_at = case.received_at or event.at  # the first receipt counts
        case.save(update_fields=["status", "closure_due", "next_escalation_at", "received_at"])
        notifications.case_acknowledged(case)
    return case


# -- the service line -------------------------------------------------------------------


def move_responsibility(case: Case, *, to_leader, to_unit, arrived_via: str) -> tuple:
    """Give a locked case to another leader (forwarded up the line or handed sideways):
    the leader who had it keeps read access, and the new one gets at least one escalation
    interval (a serious injury's notices: hours) before the case climbs on. Returns the
    earlier leader and unit."""
    earlier_leader, earlier_unit = case.responsible_leader, case.responsible_unit
    if earlier_leader is not None:
        CaseReader.objects.get_or_create(case=case, user=earlier_leader)
    case.responsible_leader = to_leader
    case.responsible_unit = to_unit
    case.arrived_via = arrived_via
    fresh = deadlines.next_escalation_after(timezone.now(), case.deviation.severity)
    if case.notices_pending:
        from cases.services.legal_notices import next_serious_escalation

        fresh = next_serious_escalation(timezone.now())
    case.next_escalation_at = max(case.next_escalation_at or fresh, fresh)
    case.save(
        update_fields=[
            "responsible_leader",
            "responsible_unit",
            "arrived_via",
            "next_escalation_at",
        ]
    )
    return earlier_leader, earlier_unit


def forward_up_the_line(case: Case, *, by, reason: str) -> Case:
    """Tjenestevei: the case goes to the next leader up from the responsible unit
    (vacant levels skipped) when it is beyond the unit's authority. The earlier leader
    keeps read access."""
    with transaction.atomic():
        case = lock(case)
        require_permission(rules.may_handle(by, case))
        require_open(case)
        reason = required_text(
            reason, _("Say why the case is forwarded up the line."), "reason_required"
        )
        leader, unit = next_leader_up(case.responsible_unit)
        if leader is None:
            raise ValidationError(
                _("This case is already at the top of the service line."), code="at_top"
            )
        earlier_leader, earlier_unit = move_responsibility(
            case, to_leader=leader, to_unit=unit, arrived_via=Case.ArrivedVia.FORWARDED
        )
        record(
            case,
            CaseEvent.Kind.FORWARDED,
            by=by,
            reason=reason,
            from_leader=earlier_leader.pk if earlier_leader else None,
            from_unit=earlier_unit.pk,
            to_leader=leader.pk,
            to_unit=unit.pk,
        )
        notifications.case_forwarded(case, reason=reason, by=by, earlier_unit=earlier_unit)
    return case


# -- specialist units -------------------------------------------------------------------


def request_assistance(
    case: Case, *, by, specialist_unit: OrgUnit, message: str
) -> AssistanceRequest:
    """Ask a specialist unit (faginstans) for help: its members may read the case, add
    actions and comment, and are told by e-mail."""
    with transaction.atomic():
        case = lock(case)
        require_permission(rules.may_handle(by, case))
        require_open(case)
        if not (specialist_unit.is_specialist_unit and specialist_unit.is_active):
            raise ValidationError(
                _("%(unit)s is not a specialist unit.") % {"unit": specialist_unit.name},
                code="not_specialist_unit",
            )
        message = required_text(message, _("Say what help is needed."), "message_required")
        if case.assistance_requests.filter(specialist_unit=specialist_unit).exists():
            raise ValidationError(
                _("%(unit)s has already been asked to help on this case.")
                % {"unit": specialist_unit.name},
                code="already_asked",
            )
        request = AssistanceRequest.objects.create(
            case=case, specialist_unit=specialist_unit, requested_by=by, message=message
        )
        members = list(rules.specialist_unit_members(specialist_unit))
        CaseReader.objects.bulk_create(
            [CaseReader(case=case, user=member) for member in members], ignore_conflicts=True
        )
        record(
            case,
            CaseEvent.Kind.ASSISTANCE_REQUESTED,
            by=by,
            help=message,
            specialist_unit=specialist_unit.pk,
        )
        notifications.assistance_requested(request, members)
    return request


# -- risk -------------------------------------------------------------------------------


def assess_risk(
    case: Case,
    *,
    by,
    probability: int,
    consequence: int,
    probability_after: int,
    consequence_after: int,
    note: str = "",
) -> RiskAssessment:
    """A new risk assessment after the deviation: probability × consequence (1–5 each)
    now, and as expected after the measures."""
    values = {
        "probability": probability,
        "consequence": consequence,
        "probability_after": probability_after,
        "consequence_after": consequence_after,
    }
    with transaction.atomic():
        case = lock(case)
        require_permission(rules.may_handle(by, case))
        require_acknowledged(case)
        wrong = {
            name: ValidationError(_("Choose a value from 1 to 5."), code="out_of_range")
            for name, value in values.items()
            if not (isinstance(value, int) and not isinstance(value, bool) and 1 <= value <= 5)
        }
        if wrong:
            raise ValidationError(wrong)
        assessment = RiskAssessment.objects.create(
            case=case, assessed_by=by, note=(note or "").strip(), **values
        )
        record(
            case,
            CaseEvent.Kind.RISK_ASSESSED,
            by=by,
            message=assessment.note,
            score=assessment.score,
            score_after=assessment.score_after,
            risk_assessment=assessment.pk,
            **values,
        )
    return assessment


# -- comments ---------------------------------------------------------------------------


def comment(case: Case, *, by, text: str, visible_to_reporter: bool = False) -> CaseEvent:
    """A comment on an open case. Those who handle it may address the reporter; the
    comments of specialists and safety representatives are internal."""
    with transaction.atomic():
        case = lock(case)
        require_permission(rules.may_comment(by, case))
        if visible_to_reporter:
            require_permission(rules.may_write_to_reporter(by, case))
        require_open(case)
        text = required_text(text, _("Write a comment."), "text_required")
        event = record(
            case,
            CaseEvent.Kind.COMMENT,
            by=by,
            message=text,
            visible_to_reporter=bool(visible_to_reporter),
        )
        notifications.comment_added(case, event)
    return event
