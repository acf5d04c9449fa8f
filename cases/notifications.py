"""Who is told what about a case. Each notice is an e-mail queued on commit; none carries
injury details."""

from __future__ import annotations

from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from cases.rules import specialist_unit_members
from orgchart.mail import queue_email
from orgchart.models import SafetyRepresentative


def _case_url(case) -> str:
    return settings.SITE_URL + reverse("cases:detail", args=[case.pk])


def _send(template: str, recipients, context: dict) -> None:
    addresses = sorted({person.email for person in recipients if person and person.email})
    if not addresses:
        return
    with translation.override(settings.LANGUAGE_CODE):
        context = {**context, "site_url": settings.SITE_URL}
        subject = render_to_string(f"cases/email/{template}_subject.txt", context)
        body = render_to_string(f"cases/email/{template}.txt", context)
        html = render_to_string(f"cases/email/{template}.html", context)
    queue_email(subject, body, addresses, html)


def new_case(case) -> None:
    deviation = case.deviation
    context = {"case": case, "deviation": deviation, "url": _case_url(case)}
    _send("new_case", [case.responsible_leader], context)
    if deviation.category.inform_safety_representative:
        reps = [
            rep.user
            for rep in SafetyRepresentative.objects.filter(is_active=True, user__is_active=True)
            .filter(units__in=deviation.unit.ancestors(include_self=True))
            .select_related("user")
            .distinct()
        ]
        _send("safety_representative_informed", reps, context)


def information_added(case, event) -> None:
    _send(
        "information_added",
        [case.responsible_leader],
        {"case": case, "deviation": case.deviation, "event": event, "url": _case_url(case)},
    )


def _reporter_url(case) -> str:
    return settings.SITE_URL + reverse("cases:my_report", args=[case.pk])


def _context(case, **extra) -> dict:
    return {"case": case, "deviation": case.deviation, "url": _case_url(case), **extra}


def case_acknowledged(case) -> None:
    """The reporter learns that their leader has the report in hand."""
    _send(
        "case_acknowledged",
        [case.deviation.reporter],
        _context(case, url=_reporter_url(case), leader=case.responsible_leader),
    )


def case_forwarded(case, *, reason: str, by, earlier_unit) -> None:
    _send(
        "case_forwarded",
        [case.responsible_leader],
        _context(case, reason=reason, by=by, earlier_unit=earlier_unit),
    )


def assistance_requested(request, members) -> None:
    case = request.case
    _send("assistance_requested", members, _context(case, request=request))


def action_assigned(action) -> None:
    """The person given a corrective action, or every member of the specialist unit."""
    if action.assignee is not None:
        recipients = [action.assignee]
    else:
        recipients = list(specialist_unit_members(action.specialist_unit))
    recipients = [person for person in recipients if person.pk != action.created_by_id]
    _send("action_assigned", recipients, _context(action.case, action=action))


def action_completed(action, *, by) -> None:
    """The responsible leader hears when someone else has done an action."""
    case = action.case
    if case.responsible_leader_id == by.pk:
        return
    _send("action_completed", [case.responsible_leader], _context(case, action=action, by=by))


def case_closed(case) -> None:
    """The reporter is told the outcome, whichever way the case was closed."""
    _send(
        "case_closed",
        [case.deviation.reporter],
        _context(case, url=_reporter_url(case), duplicate_of=case.duplicate_of),
    )


def case_reopened(case, *, reason: str, by) -> None:
    _send(
        "case_reopened",
        [case.deviation.reporter],
        _context(case, url=_reporter_url(case), reason=reason),
    )
    if case.responsible_leader_id != by.pk:
        _send("case_reopened", [case.responsible_leader], _context(case, reason=reason))


def comment_added(case, event) -> None:
    """A comment for the reporter goes to the reporter; an internal one by someone else
    (a specialist, a safety representative, a higher leader) to the responsible leader."""
    if event.visible_to_reporter:
        if case.deviation.reporter_id != event.actor_id:
            _send(
                "comment_for_reporter",
                [case.deviation.reporter],
                _context(case, url=_reporter_url(case), event=event),
            )
    elif case.responsible_leader_id != event.actor_id:
        _send("comment_added", [case.responsible_leader], _context(case, event=event))
