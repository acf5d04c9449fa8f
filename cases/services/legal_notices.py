"""The notices the law asks of the employer when a deviation is a personal injury.

- Arbeidsmiljøloven § 5-2: when a person was seriously injured or died at work, the
  employer notifies Arbeidstilsynet and the police at once by the quickest means, and
  then confirms in writing to Arbeidstilsynet with a copy to the safety representative.
  The leader and the HMS administrators are told at once; the case climbs the line
  within hours (``SeriousInjuryDeadline``) until the notices are recorded, and cannot be
  closed before.
- Folketrygdloven § 13-14: an injury that may be an occupational injury (yrkesskade) is
  reported to NAV by the employer. The case cannot be closed before the report is
  recorded as sent, or marked as not needed with a reason.

Every notice is recorded once (to whom, when, by what means, by whom) with an event.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from avvik.models import InjuryDetails
from cases import legal_notifications, rules
from cases.legal_records import AuthorityNotice, SeriousInjuryDeadline
from cases.models import Case, CaseEvent
from cases.services.handling import lock, record, require_permission, required_text
from orgchart.access import HMS_ADMIN_GROUP
from orgchart.models import SafetyRepresentative, User

Recipient = AuthorityNotice.Recipient

# The § 5-2 notices, in the order they are given.
SERIOUS_INJURY_NOTICES = (
    Recipient.ARBEIDSTILSYNET,
    Recipient.POLICE,
    Recipient.WRITTEN_CONFIRMATION,
)


def injury_of(case: Case) -> InjuryDetails | None:
    if Case.deviation.is_cached(case):
        # The deviation's own accessor: read with the case on the case page, else once.
        return case.deviation.injury
    return InjuryDetails.objects.filter(deviation_id=case.deviation_id).first()


def is_serious(injury: InjuryDetails | None) -> bool:
    return bool(injury and injury.is_serious)


def may_be_occupational_injury(injury: InjuryDetails | None) -> bool:
    """An injury or work illness that needed more than first aid, led to absence, or was
    serious: NAV may count it as an occupational injury, so the employer reports it."""
    if injury is None:
        return False
    return (
        injury.is_serious
        or injury.absence
        or injury.work_illness
        or injury.treatment in (InjuryDetails.Treatment.DOCTOR, InjuryDetails.Treatment.HOSPITAL)
    )


def required_notices(injury: InjuryDetails | None) -> list[str]:
    required = list(SERIOUS_INJURY_NOTICES) if is_serious(injury) else []
    if may_be_occupational_injury(injury):
        required.append(Recipient.NAV)
    return required


@dataclass
class Duties:
    """What the law asks on this case, and what is recorded so far."""

    serious: bool = False
    nav: bool = False
    required: list[str] = field(default_factory=list)
    recorded: list[AuthorityNotice] = field(default_factory=list)

    @property
    def outstanding(self) -> list[str]:
        done = {notice.recipient for notice in self.recorded}
        return [recipient for recipient in self.required if recipient not in done]

    @property
    def outstanding_serious(self) -> list[str]:
        return [r for r in self.outstanding if r in SERIOUS_INJURY_NOTICES]

    @property
    def any(self) -> bool:
        return bool(self.required)


def duties_for(case: Case, injury: InjuryDetails | None = None) -> Duties:
    injury = injury if injury is not None else injury_of(case)
    required = required_notices(injury)
    if not required:
        return Duties()
    return Duties(
        serious=is_serious(injury),
        nav=Recipient.NAV in required,
        required=required,
        recorded=list(case.authority_notices.select_related("recorded_by")),
    )


def legal_blockers(case: Case, duties: Duties | None = None) -> list[ValidationError]:
    """What the law still asks before the case may be closed (from ``duties`` when the
    caller has read them already)."""
    duties = duties if duties is not None else duties_for(case)
    missing = []
    if duties.outstanding_serious:
        missing.append(
            ValidationError(
                _(
                    "A person was seriously injured or died: record the notices to "
                    "Arbeidstilsynet and the police, and the written confirmation, first."
                ),
                code="serious_injury_notices_missing",
            )
        )
    if Recipient.NAV in duties.outstanding:
        missing.append(
            ValidationError(
                _("Record when the injury was reported to NAV, or why no report is needed, first."),
                code="nav_report_missing",
            )
        )
    return missing


def require_serious_injury_notices(case: Case) -> None:
    """Closing as "not a deviation" still needs the § 5-2 notices of a reported serious
    injury (NAV's report is moot when the leader finds it did not happen at work)."""
    missing = [e for e in legal_blockers(case) if e.code == "serious_injury_notices_missing"]
    if missing:
        raise ValidationError(missing)


def hms_administrators():
    return User.objects.filter(
        is_active=True, groups__in=Group.objects.filter(name=HMS_ADMIN_GROUP)
    ).distinct()


def safety_representatives_for(case: Case):
    return [
        rep.user
        for rep in SafetyRepresentative.objects.filter(is_active=True, user__is_active=True)
        .filter(units__in=case.deviation.unit.ancestors(include_self=True))
        .select_related("user")
        .distinct()
    ]


def serious_notices_due(reported_at: datetime) -> datetime:
    return reported_at + timedelta(hours=max(SeriousInjuryDeadline.current().hours_to_notify, 1))


def next_serious_escalation(now: datetime) -> datetime:
    interval = SeriousInjuryDeadline.current().escalation_interval_hours
    return now + timedelta(hours=max(interval, 1))


def open_serious_injury_duties(case: Case) -> None:
    """Called when a report of a serious injury or a death is filed, inside the
    transaction that opens the case: the case climbs within hours until the notices are
    recorded, and the leader and every HMS administrator are told at once."""
    injury = injury_of(case)
    if not is_serious(injury):
        return
    case.notices_pending = True
    case.next_escalation_at = min(
        case.next_escalation_at or serious_notices_due(case.deviation.reported_at),
        serious_notices_due(case.deviation.reported_at),
    )
    case.save(update_fields=["notices_pending", "next_escalation_at"])
    record(
        case,
        CaseEvent.Kind.SERIOUS_INJURY,
        by=None,
        harm=injury.harm,
        notices_due=case.next_escalation_at.isoformat(),
    )
    recipients = [case.responsible_leader, *hms_administrators()]
    legal_notifications.serious_injury_reported(case, recipients)


def record_notice(
    case: Case, *, by, recipient: str, notified_at: datetime, means: str
) -> AuthorityNotice:
    """The leader records a notice given: to whom, when and by what means. Recording the
    written confirmation to Arbeidstilsynet sends its copy to the safety
    representatives of the area."""
    with transaction.atomic():
        case = lock(case)
        require_permission(rules.may_handle(by, case))
        duties = duties_for(case)
        if recipient not in duties.outstanding:
            raise ValidationError(
                {"recipient": _("This notice is not needed or is already recorded.")}
            )
        if notified_at > timezone.now() + timedelta(minutes=5):
            raise ValidationError({"notified_at": _("The time cannot be in the future.")})
        if notified_at < case.deviation.occurred_at - timedelta(minutes=5):
            raise ValidationError(
                {"notified_at": _("The notice cannot be before the deviation happened.")}
            )
        if means not in AuthorityNotice.Means.values:
            raise ValidationError({"means": _("Choose how the notice was given.")})
        notice = AuthorityNotice.objects.create(
            case=case, recipient=recipient, notified_at=notified_at, means=means, recorded_by=by
        )
        record(
            case,
            CaseEvent.Kind.AUTHORITY_NOTIFIED,
            by=by,
            recipient=recipient,
            means=means,
            notified_at=notified_at.isoformat(),
        )
        if recipient == Recipient.WRITTEN_CONFIRMATION:
            _send_copy_to_safety_representatives(case, by=by)
        _settle_deadline(case, duties, recipient)
    return notice


def record_nav_not_needed(case: Case, *, by, reason: str) -> AuthorityNotice:
    """The leader judged that the injury is not to be reported to NAV, and says why."""
    with transaction.atomic():
        case = lock(case)
        require_permission(rules.may_handle(by, case))
        duties = duties_for(case)
        if Recipient.NAV not in duties.outstanding:
            raise ValidationError(_("The report to NAV is not needed or is already recorded."))
        reason = required_text(reason, _("Say why no report to NAV is needed."), "reason_required")
        notice = AuthorityNotice.objects.create(
            case=case, recipient=Recipient.NAV, not_needed_reason=reason, recorded_by=by
        )
        record(
            case,
            CaseEvent.Kind.AUTHORITY_NOTIFIED,
            by=by,
            message=reason,
            recipient=Recipient.NAV,
            not_needed=True,
        )
    return notice


def _send_copy_to_safety_representatives(case: Case, *, by) -> None:
    reps = safety_representatives_for(case)
    legal_notifications.confirmation_copy(case, reps)
    record(
        case,
        CaseEvent.Kind.CONFIRMATION_COPIED,
        by=by,
        recipients=[rep.pk for rep in reps],
    )


def _settle_deadline(case: Case, duties: Duties, just_recorded: str) -> None:
    """Once the last § 5-2 notice is recorded the case goes back to its ordinary
    deadline for the stage it is in."""
    if not case.notices_pending:
        return
    if [r for r in duties.outstanding_serious if r != just_recorded]:
        return
    case.notices_pending = False
    if case.is_open:
        case.next_escalation_at = (
            case.receipt_due if case.status == Case.Status.REPORTED else case.closure_due
        )
    case.save(update_fields=["notices_pending", "next_escalation_at"])
