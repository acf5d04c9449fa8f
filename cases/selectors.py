"""Reads that carry a rule: what a reporter sees of their own cases."""

from __future__ import annotations

from django.db.models import OuterRef, Subquery

from cases.models import Action, Case, CaseEvent
from orgchart.access import workplace_list
from orgchart.models import OrgUnit


def my_reports(user):
    """The reporter's own reports, newest first, each with the latest update meant for
    the reporter, in one query however many there are: a dict per case with what a row
    of "Mine avvik" shows (cases/case_rows.py), not the case's and its deviation's rows."""
    latest_public = CaseEvent.objects.filter(
        case=OuterRef("pk"), visible_to_reporter=True
    ).order_by("-at", "-pk")
    return (
        Case.objects.reported_by(user)
        .annotate(
            latest_update_message=Subquery(latest_public.values("message")[:1]),
            latest_update_kind=Subquery(latest_public.values("kind")[:1]),
            latest_update_data=Subquery(latest_public.values("data")[:1]),
            latest_update_actor=Subquery(latest_public.values("actor_id")[:1]),
            latest_update_at=Subquery(latest_public.values("at")[:1]),
        )
        .order_by("-deviation__reported_at")
        .values(
            "pk",
            "status",
            "deviation__reference",
            "deviation__title",
            "deviation__reported_at",
            "responsible_leader__first_name",
            "responsible_leader__last_name",
            "responsible_leader__username",
            "latest_update_message",
            "latest_update_kind",
            "latest_update_data",
            "latest_update_actor",
            "latest_update_at",
        )
    )


def with_latest_update(cases) -> list[dict]:
    """The cases of ``my_reports`` with ``latest_update``: that event's sentence and text,
    written for the reader."""
    from cases import timeline

    cases = list(cases)
    events = [
        CaseEvent(
            case_id=case["pk"],
            actor_id=case["latest_update_actor"],
            kind=case["latest_update_kind"],
            message=case["latest_update_message"] or "",
            data=case["latest_update_data"] or {},
        )
        for case in cases
        if case["latest_update_kind"]
    ]
    described = iter(timeline.describe(events, internal=False))
    for case in cases:
        case["latest_update"] = ""
        if case["latest_update_kind"]:
            event = next(described)
            case["latest_update"] = " ".join(filter(None, [event.sentence, event.written]))
    return cases


def actions_given_to(user, case):
    """The corrective actions of an open case given to this person and not done yet,
    earliest deadline first."""
    if not case.is_open:
        return Action.objects.none()
    return case.actions.filter(
        kind=Action.Kind.CORRECTIVE, assignee=user, done_at__isnull=True
    ).order_by("due_date", "pk")


def reporter_events(case) -> list[CaseEvent]:
    """The timeline the reporter sees, each entry written for the reader."""
    from cases import timeline

    return timeline.describe(
        case.events.filter(visible_to_reporter=True).select_related("actor").order_by("at", "pk"),
        internal=False,
    )


def search_units(search: str) -> list[OrgUnit]:
    """Active units (not specialist units) whose name contains ``search``, or whose code
    it is; none for an empty search."""
    term = search.strip()
    if not term:
        return []
    found = list(
        OrgUnit.objects.active()
        .filter(is_specialist_unit=False, name__icontains=term)
        .order_by("depth", "name")[:25]
    )
    found += list(OrgUnit.objects.active().filter(code__iexact=term, is_specialist_unit=False))
    return found


def unit_choices_for(user, *, selected=None, search: str = "") -> list[OrgUnit]:
    """The units offered in the form: the person's own, the one already chosen, and the
    results of a search, in that order and without repeats."""
    own = workplace_list(user)
    found = search_units(search)
    chosen = []
    if str(selected or "").isdigit():
        chosen = list(OrgUnit.objects.active().filter(pk=selected, is_specialist_unit=False))
    seen, result = set(), []
    for unit in chosen + own + found:
        if unit.pk not in seen:
            seen.add(unit.pk)
            result.append(unit)
    return result
