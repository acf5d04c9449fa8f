"""Who may do what with a case, given the organisation (see orgchart.access)."""

from __future__ import annotations

from cases.models import Action, Case
from orgchart.access import access_for
from orgchart.models import User


def is_in_leader_line(user, case) -> bool:
    """The responsible leader and the leaders above the responsible unit, the reporter's
    own leader line (the workplace the report was filed from; the unit where it
    happened for reports filed before that was recorded), the injured employee's own
    leader, and HMS administrators."""
    access = access_for(user)
    if access.user_id is None:
        return False
    reporters_unit = case.deviation.reported_from or case.deviation.unit
    return (
        access.is_hms_admin
        or case.responsible_leader_id == access.user_id
        or case.injured_employees_leader_id == access.user_id
        or access.leads(case.responsible_unit)
        or access.leads(reporters_unit)
    )


def may_see_injury_details(user, case) -> bool:
    return is_in_leader_line(user, case)


def may_see_health_data(user, case) -> bool:
    """The reporter (their own data) and the leader line. Not the safety representative,
    the specialist units asked, or anyone else who can read the case."""
    return case.deviation.reporter_id == getattr(user, "pk", None) or is_in_leader_line(user, case)


def may_see_attachment(user, case, attachment) -> bool:
    """Every attachment, except those of a case in a category that involves health data
    (photos of an injury, often): those only for who may see health data, unless a
    leader shared that one attachment."""
    return (
        not case.deviation.category.involves_health_data
        or attachment.shared_at is not None
        or may_see_health_data(user, case)
    )


def sideways_leader(case):
    """The leader of the unit where the deviation happened (vacant levels going up),
    when that is someone other than the one handling the case: "Avvik skal om mulig
    alltid løses der situasjonen oppstår"."""
    from orgchart.access import own_leader

    # Never to the reporter themselves: a leader's own report stays with someone else.
    leader, unit = own_leader(case.deviation.reporter_id, case.deviation.unit)
    if leader is None or leader.pk == case.responsible_leader_id:
        return None, None
    return leader, unit


def has_sideways_leader(case) -> bool:
    """Whether ``sideways_leader`` names someone, from ``case.sideways_leader_id`` when
    the case was read with it (cases.views.handling.visible_case)."""
    if hasattr(case, "sideways_leader_id"):
        return case.sideways_leader_id not in (None, case.responsible_leader_id)
    return sideways_leader(case)[0] is not None


# The states in which a case is open, and those in which receipt has been acknowledged
# and it is being worked on.
OPEN_STATES = frozenset({Case.Status.REPORTED, Case.Status.IN_PROGRESS, Case.Status.EVALUATING})
HANDLING_STATES = frozenset({Case.Status.IN_PROGRESS, Case.Status.EVALUATING})


def may_handle(user, case) -> bool:
    """The responsible leader, the leader or deputy of the responsible unit and every
    leader above it, and HMS administrators. A leader the case was forwarded or escalated
    away from keeps read access (CaseReader) but no longer handles it."""
    access = access_for(user)
    if access.user_id is None:
        return False
    return (
        access.is_hms_admin
        or case.responsible_leader_id == access.user_id
        or access.leads(case.responsible_unit)
    )


def asked_specialist_unit_ids(user, case) -> set[int]:
    """The specialist units this person belongs to that were asked to help on the case."""
    access = access_for(user)
    if not access.specialist_unit_ids:
        return set()
    return set(
        case.assistance_requests.filter(
            specialist_unit_id__in=access.specialist_unit_ids
        ).values_list("specialist_unit_id", flat=True)
    )


def specialist_unit_members(unit):
    """The active people working in a specialist unit: those who get access to a case
    when the unit is asked to help."""
    return User.objects.filter(
        is_active=True, memberships__unit=unit, memberships__is_active=True
    ).distinct()


def is_asked_specialist(user, case) -> bool:
    return bool(asked_specialist_unit_ids(user, case))


def may_add_action(user, case) -> bool:
    return may_handle(user, case) or is_asked_specialist(user, case)


def may_complete_action(user, action) -> bool:
    """Those who handle the case, the person the action was given to, and the members of
    the specialist unit it was given to."""
    access = access_for(user)
    if access.user_id is None:
        return False
    return (
        action.assignee_id == access.user_id
        or (
            action.specialist_unit_id is not None
            and action.specialist_unit_id in access.specialist_unit_ids
        )
        or may_handle(user, action.case)
    )


def may_comment(user, case) -> bool:
    """Those who handle the case, members of the specialist units asked to help, and the
    safety representatives whose area the deviation happened in."""
    access = access_for(user)
    if access.user_id is None:
        return False
    return (
        may_handle(user, case)
        or access.covers_as_safety_representative(case.deviation.unit)
        or is_asked_specialist(user, case)
    )


def may_write_to_reporter(user, case) -> bool:
    """Only those who handle the case speak to the reporter; specialists' and safety
    representatives' comments stay internal."""
    return may_handle(user, case)


def steps_for(user, case) -> frozenset[str]:
    """The steps this person may take on the case now, named after the service functions
    in cases.services, from who the person is and the case's state alone. The service may
    still refuse: closing for a missing precondition (cases.services.closing_blockers),
    forwarding at the top of the line (orgchart.access.next_leader_up). Marking an action
    done is decided per action with may_complete_action."""
    steps: set[str] = set()
    handles = may_handle(user, case)
    is_open = case.status in OPEN_STATES
    if handles:
        if case.status == Case.Status.REPORTED:
            steps.add("acknowledge")
        if is_open:
            steps |= {
                "record_immediate_action",
                "request_assistance",
                "forward_up_the_line",
                "put_on_hold",
                "close_as_not_a_deviation",
                "close_as_duplicate",
            }
            if has_sideways_leader(case):
                steps.add("hand_over_sideways")
        if case.deviation.category.involves_health_data and any(
            attachment.shared_at is None for attachment in case.deviation.attachments.all()
        ):
            steps.add("share_attachment")
        if case.status in HANDLING_STATES:
            steps |= {"add_corrective_action", "assess_risk", "close_case"}
            corrective = [a for a in case.actions.all() if a.kind == Action.Kind.CORRECTIVE]
            if corrective and all(action.done_at is not None for action in corrective):
                steps.add("evaluate_effect")
            steps.add("record_action_already_done")
        if case.status == Case.Status.CLOSED:
            steps.add("reopen")
    elif case.status in HANDLING_STATES and is_asked_specialist(user, case):
        steps |= {"add_corrective_action", "assess_as_specialist"}
    if is_open and may_comment(user, case):
        steps.add("comment")
    return frozenset(steps)
