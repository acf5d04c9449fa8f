"""Who may do what with a case, given the organisation (see orgchart.access)."""

from __future__ import annotations

from orgchart.access import access_for


def is_in_leader_line(user, case) -> bool:
    """The responsible leader, the leaders above the unit where it happened, and HMS
    administrators."""
    access = access_for(user)
    return (
        access.is_hms_admin
        or case.responsible_leader_id == access.user_id
        or access.leads(case.deviation.unit)
    )


def may_see_injury_details(user, case) -> bool:
    return is_in_leader_line(user, case)
