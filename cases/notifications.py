"""Who is told what about a case. Each notice is stored for the app and e-mailed by a
task after commit (at once, or in the daily digest for routine notices when the person
chose that); escalations and critical cases always go at once. None carries injury
details."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from avvik.models import Severity
from cases.rules import specialist_unit_members
from orgchart.models import SafetyRepresentative
from orgchart.notifications import Notice, notify, notify_together


def _case_url(case) -> str:
    return settings.SITE_URL + reverse("cases:detail", args=[case.pk])


def _stored(context: dict) -> dict:
    """The context as it is kept with the notice: model objects by id, plain values as
    they are. The case's reference and title are kept too, for the subject."""
    stored = {}
    for name, value in context.items():
        if name == "url":
            continue
        stored[name] = value.pk if isinstance(value, models.Model) else value
    case = context.get("case")
    if case is not None:
        stored["ref"] = case.deviation.reference
        stored["title"] = case.deviation.title
    return stored


def _notices(
    template: str, recipients, context: dict, *, urgent: bool = False, key: str | None = None
) -> list[Notice]:
    """A notice for each recipient, to be written in their own language when it is read
    or e-mailed (``render_subject``, ``render_message``)."""
    people = {person.pk: person for person in recipients if person is not None}
    if not people:
        return []
    case = context.get("case")
    urgent = urgent or (case is not None and case.deviation.severity == Severity.CRITICAL)
    stored = _stored(context)
    return [
        Notice(
            person,
            f"cases.{template}",
            key=f"{key}:{person.pk}" if key else None,
            context=stored,
            url=context.get("url", ""),
            urgent=urgent,
        )
        for person in people.values()
    ]


def _send(template: str, recipients, context: dict, **options) -> None:
    notify_together(_notices(template, recipients, context, **options))


def new_case(case) -> None:
    deviation = case.deviation
    context = {"case": case, "deviation": deviation, "url": _case_url(case)}
    notices = _notices("new_case", [case.responsible_leader], context)
    if deviation.category.inform_safety_representative:
        reps = [
            rep.user
            for rep in SafetyRepresentative.objects.filter(is_active=True, user__is_active=True)
            .filter(units__in=deviation.unit.ancestors(include_self=True))
            .select_related("user")
            .distinct()
        ]
        notices += _notices("safety_representative_informed", reps, context)
    if case.injured_employees_leader_id and (
        case.injured_employees_leader_id != case.responsible_leader_id
    ):
        notices += _notices("injury_to_your_employee", [case.injured_employees_leader], context)
    notify_together(notices)


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
    case_moved(case)


def case_handed_over(case, *, reason: str, by, earlier_unit) -> None:
    """The leader of the unit where it happened gets the case; the reporter and the
    injured employee's own leader learn who handles it now."""
    _send(
        "case_handed_over",
        [case.responsible_leader],
        _context(case, reason=reason, by=by, earlier_unit=earlier_unit),
    )
    case_moved(case)


def case_moved(case) -> None:
    """The reporter (and an injured employee's own leader) are told who handles the case
    now, after it was forwarded or handed over."""
    _send("case_moved", [case.deviation.reporter], _context(case, url=_reporter_url(case)))
    if case.injured_employees_leader_id not in (None, case.responsible_leader_id):
        _send("case_moved", [case.injured_employees_leader], _context(case))


def specialist_assessed(case, assessment) -> None:
    _send("specialist_assessed", [case.responsible_leader], _context(case, assessment=assessment))


def assistance_requested(request, members) -> None:
    case = request.case
    _send(
        "assistance_requested",
        members,
        _context(case, request=request, unit=request.specialist_unit.name),
    )


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


def escalation_notices(case, *, earlier_leader, stage: str) -> list[Notice]:
    """Both leaders hear of it at once: the one who has it now and the one it left. The
    e-mails are written when they are sent (``render_notice``), so the sweep stays quick."""
    key = f"escalated:{case.pk}:{case.escalation_level}"
    context = {
        "case": case.pk,
        "ref": case.deviation.reference,
        "title": case.deviation.title,
        "earlier_leader": earlier_leader.pk if earlier_leader else None,
        "stage": stage,
    }
    notices = [
        Notice(
            case.responsible_leader,
            "cases.case_escalated",
            key=f"{key}:to",
            context=context,
            url=_case_url(case),
        )
    ]
    if earlier_leader is not None:
        notices.append(
            Notice(
                earlier_leader,
                "cases.case_escalated_away",
                key=f"{key}:from",
                context=context,
                url=_case_url(case),
            )
        )
    # The reporter learns who handles their report now.
    notices.append(
        Notice(
            case.deviation.reporter,
            "cases.case_moved",
            key=f"{key}:reporter",
            context={**context, "for_reporter": True},
            url=_reporter_url(case),
        )
    )
    return notices


def top_of_line_notice(case, *, now) -> Notice:
    return Notice(
        case.responsible_leader,
        "cases.top_of_line_reminder",
        key=f"top-reminder:{case.pk}:{timezone.localdate(now).isoformat()}",
        context={"case": case.pk, "ref": case.deviation.reference, "title": case.deviation.title},
        url=_case_url(case),
    )


def render_subject(template: str, context: dict) -> str:
    """The subject of a stored notice, in the active language, from its kept values
    alone (no database reads)."""
    name = template.split(".", 1)[1]
    return render_to_string(f"cases/email/{name}_subject.txt", context)


# The ids a notice's context may hold, and what they are.
_LOADED = {
    "event": ("cases", "CaseEvent"),
    "action": ("cases", "Action"),
    "request": ("cases", "AssistanceRequest"),
    "duplicate_of": ("cases", "Case"),
    "by": ("orgchart", "User"),
    "leader": ("orgchart", "User"),
    "earlier_leader": ("orgchart", "User"),
    "earlier_unit": ("orgchart", "OrgUnit"),
    "assessment": ("cases", "SpecialistAssessment"),
}


def render_message(notification) -> tuple[str, str]:
    """The text and HTML of a stored notice, in the active language (the recipient's:
    see orgchart.notifications.written)."""
    from django.apps import apps

    from cases.models import Case

    context = notification.context
    values = {
        **context,
        "url": notification.url,
        "recipient": notification.recipient,
        "site_url": settings.SITE_URL,
    }
    related = "deviation__unit", "deviation__category", "deviation__reporter"
    if context.get("case"):
        case = (
            Case.objects.select_related(*related, "responsible_leader")
            .filter(pk=context["case"])
            .first()
        )
        values.update(case=case, deviation=case.deviation if case else None)
    if context.get("cases"):
        cases = Case.objects.select_related(*related).filter(pk__in=context["cases"])
        values["cases"] = [
            {"case": case, "deviation": case.deviation, "url": _case_url(case)}
            for case in cases.order_by("next_escalation_at", "pk")
        ]
    for key, (app, model) in _LOADED.items():
        if context.get(key):
            values[key] = (
                apps.get_model(app, model)._default_manager.filter(pk=context[key]).first()
            )
    if context.get("stage") in ("receipt", "closure"):
        values["stage"] = _("receipt") if context["stage"] == "receipt" else _("closure")
    name = notification.template.split(".", 1)[1]
    return (
        render_to_string(f"cases/email/{name}.txt", values),
        render_to_string(f"cases/email/{name}.html", values),
    )


def deadline_reminder(leader, cases, *, now) -> None:
    """One notice for all of a leader's cases that escalate within a working day."""
    cases = list(cases)
    notify(
        leader,
        template="cases.deadline_reminder",
        context={"leader": leader.pk, "cases": [case.pk for case in cases], "count": len(cases)},
        url=settings.SITE_URL + reverse("cases:dashboard"),
        urgent=True,
        key=f"deadline-reminder:{leader.pk}:{now.isoformat()}",
    )
