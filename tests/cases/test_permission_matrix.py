"""Every URL of a case × every role: the status each gets, and for a refused write the
case exactly as it was. Someone who cannot see a case gets a 404; someone who can see it
but may not take the step gets a 403; anonymous visitors are sent to log in. Fields a form
does not list (status, unit, reporter …) are ignored."""

from __future__ import annotations

import pytest

from cases import services
from cases.models import Case
from tests.cases.workflow import REVIEWED, assess, due, snapshot
from tests.factories import MembershipFactory, OrgUnitFactory, UserFactory

pytestmark = pytest.mark.django_db

ROLES = [
    "reporter",
    "leader",
    "sibling_leader",
    "higher_leader",
    "asked_specialist",
    "unasked_specialist",
    "safety_rep",
    "amu_member",
    "hms_admin",
    "anonymous",
]
# Those who can open the case at all: its reporter, the leader line, the specialist unit
# asked to help and the safety representative of the area.
SEES_CASE = {"reporter", "leader", "higher_leader", "asked_specialist", "safety_rep", "hms_admin"}
HANDLERS = {"leader", "higher_leader", "hms_admin"}
# Steps open to more than those who handle the case.
MAY_TAKE = {
    "add_corrective_action": HANDLERS | {"asked_specialist"},
    # The action in these tests was given to the specialist unit asked.
    "complete_action": HANDLERS | {"asked_specialist"},
    "comment": HANDLERS | {"asked_specialist", "safety_rep"},
}
STEPS = [
    "acknowledge",
    "record_immediate_action",
    "add_corrective_action",
    "complete_action",
    "request_assistance",
    "forward_up_the_line",
    "put_on_hold",
    "assess_risk",
    "evaluate_effect",
    "close_case",
    "record_action_already_done",
    "close_as_not_a_deviation",
    "close_as_duplicate",
    "reopen",
    "comment",
]
# Where each step can be taken.
STATE_FOR_STEP = {
    "acknowledge": "reported",
    "evaluate_effect": "evaluating",
    "close_case": "ready_to_close",
    "reopen": "closed",
}
# The status each step leaves the case in, whatever else is posted.
STATUS_AFTER = {
    "acknowledge": Case.Status.IN_PROGRESS,
    "complete_action": Case.Status.EVALUATING,
    "evaluate_effect": Case.Status.EVALUATING,
    "close_case": Case.Status.CLOSED,
    "close_as_not_a_deviation": Case.Status.CLOSED,
    "close_as_duplicate": Case.Status.CLOSED,
    "reopen": Case.Status.IN_PROGRESS,
}


@pytest.fixture
def people(org):
    """Everyone by role, with a second specialist unit that is never asked."""
    fire = OrgUnitFactory(
        code="BRANN", name="Brannvern", parent=org.kommune, is_specialist_unit=True
    )
    unasked = UserFactory(username="brannmester", first_name="Bjørn", last_name="Brann")
    MembershipFactory(user=unasked, unit=fire)
    return {
        "reporter": org.reporter,
        "leader": org.leader,
        "sibling_leader": org.sibling_leader,
        "higher_leader": org.higher_leader,
        "asked_specialist": org.specialist,
        "unasked_specialist": unasked,
        "safety_rep": org.safety_rep,
        "amu_member": org.amu_member,
        "hms_admin": org.hms_admin,
        "anonymous": None,
        "fire_unit": fire,
    }


def case_in(state: str, org, file_report) -> Case:
    """A report with a photo, the property unit asked to help, and, once acknowledged, a
    corrective action given to that unit; taken as far as ``state``."""
    case = file_report(photo=True)
    take_to(state, case, org)
    case.refresh_from_db()
    return case


def take_to(state: str, case: Case, org) -> None:
    services.request_assistance(
        case, by=org.leader, specialist_unit=org.specialist_unit, message="Se på gulvet"
    )
    if state == "reported":
        return
    services.acknowledge(case, by=org.leader)
    action = services.add_corrective_action(
        case,
        by=org.leader,
        description="Ny matte",
        specialist_unit=org.specialist_unit,
        due_date=due(),
    )
    if state == "in_progress":
        return
    services.complete_action(action, by=org.leader)
    if state == "evaluating":
        return
    assess(case, org.leader)
    services.evaluate_effect(case, by=org.leader, effective=True)
    if state == "ready_to_close":
        return
    services.close_case(case, by=org.leader, summary="Matte lagt", routine_review=REVIEWED)


def step_request(step: str, case: Case, org, people, file_report) -> tuple[str, dict]:
    """The URL of a step on the case, and a valid form for it."""
    base = f"/avvik/saker/{case.pk}/"
    if step == "close_as_duplicate":
        original = file_report(title="Det samme gulvet")
        return base + "duplikat/", {"original": original.deviation.reference, "reason": "Samme"}
    if step == "complete_action":
        action = case.actions.get(kind="corrective")
        return base + f"tiltak/{action.pk}/utfort/", {"note": "Ferdig"}
    return {
        "acknowledge": (base + "motta/", {"closure_due": due(20).isoformat()}),
        "record_immediate_action": (base + "strakstiltak/", {"description": "Kjegler satt ut"}),
        "add_corrective_action": (
            base + "tiltak/",
            {
                "description": "Sklisikring",
                "owner": f"unit:{org.specialist_unit.pk}",
                "due_date": due(10).isoformat(),
            },
        ),
        "request_assistance": (
            base + "faginstans/",
            {"specialist_unit": people["fire_unit"].pk, "message": "Sjekk nødutgangen"},
        ),
        "forward_up_the_line": (base + "videresend/", {"reason": "Krever investering"}),
        "put_on_hold": (base + "vent/", {"until": due(10).isoformat(), "reason": "Venter"}),
        "assess_risk": (
            base + "risiko/",
            {
                "probability": "3",
                "consequence": "4",
                "probability_after": "1",
                "consequence_after": "4",
            },
        ),
        "evaluate_effect": (base + "effekt/", {"effective": "yes", "note": "Virket"}),
        "close_case": (
            base + "lukk/",
            {
                "summary": "Matte lagt",
                "routine_review": "no_change",
                "routine": "Renholdsrutinen",
                "routine_note": "Dekket allerede dette",
            },
        ),
        "record_action_already_done": (
            base + "allerede-utfort/",
            {"description": "Tørket opp, normal drift"},
        ),
        "close_as_not_a_deviation": (base + "ikke-avvik/", {"reason": "Planlagt arbeid"}),
        "reopen": (base + "gjenapne/", {"reason": "Glatt igjen"}),
        "comment": (base + "kommentar/", {"text": "Følger opp"}),
    }[step]


def log_in(client, people, role):
    if people[role] is not None:
        client.force_login(people[role])


def assert_sent_to_login(response):
    assert response.status_code == 302
    assert response["Location"].startswith("/logg-inn/?next=")


# -- reading ------------------------------------------------------------------------------


def expected_for_read(page: str, role: str) -> int:
    if page in ("my_report", "receipt"):
        return 200 if role == "reporter" else 404
    if role not in SEES_CASE:
        return 404
    if page in ("detail", "pdf") and role == "reporter":
        return 302  # to the reporter's own page
    return 200


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("page", ["detail", "pdf", "my_report", "receipt", "attachment"])
def test_reading_a_case(client, org, people, file_report, page, role):
    case = case_in("in_progress", org, file_report)
    url = {
        "detail": f"/avvik/saker/{case.pk}/",
        "pdf": f"/avvik/saker/{case.pk}/pdf/",
        "my_report": f"/avvik/mine/{case.pk}/",
        "receipt": f"/avvik/meld/kvittering/{case.pk}/",
        "attachment": f"/avvik/vedlegg/{case.deviation.attachments.get().pk}/",
    }[page]
    log_in(client, people, role)

    response = client.get(url)

    if role == "anonymous":
        assert_sent_to_login(response)
        return
    assert response.status_code == expected_for_read(page, role), (page, role)
    if response.status_code == 302:
        assert response["Location"] == f"/avvik/mine/{case.pk}/"


@pytest.mark.parametrize("role", ROLES)
def test_adding_information_to_a_report(client, org, people, file_report, role):
    case = case_in("in_progress", org, file_report)
    before = snapshot(case)
    log_in(client, people, role)

    response = client.post(f"/avvik/mine/{case.pk}/legg-til/", {"text": "Det var også mørkt"})

    if role == "anonymous":
        assert_sent_to_login(response)
    elif role == "reporter":
        assert response.status_code == 302
        assert len(snapshot(case)["events"]) == len(before["events"]) + 1
        return
    else:
        assert response.status_code == 404, role
    assert snapshot(case) == before


# -- every step -----------------------------------------------------------------------------


def expected_for_step(step: str, role: str) -> int:
    if role not in SEES_CASE:
        return 404
    return 302 if role in MAY_TAKE.get(step, HANDLERS) else 403


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("step", STEPS)
def test_taking_a_step(client, org, people, file_report, step, role):
    case = case_in(STATE_FOR_STEP.get(step, "in_progress"), org, file_report)
    url, data = step_request(step, case, org, people, file_report)
    before = snapshot(case)
    log_in(client, people, role)

    response = client.post(url, data)

    if role == "anonymous":
        assert_sent_to_login(response)
        assert snapshot(case) == before
        return
    expected = expected_for_step(step, role)
    assert response.status_code == expected, (step, role, response.content[:300])
    after = snapshot(case)
    if expected == 302:
        assert response["Location"] == f"/avvik/saker/{case.pk}/"
        assert len(after["events"]) == len(before["events"]) + 1
    else:
        assert after == before


def test_a_step_cannot_be_taken_with_get(client, org, people, file_report):
    case = case_in("reported", org, file_report)
    client.force_login(org.leader)

    response = client.get(f"/avvik/saker/{case.pk}/motta/")

    assert response.status_code == 405
    case.refresh_from_db()
    assert case.status == Case.Status.REPORTED


# -- fields a form does not list ------------------------------------------------------------


@pytest.mark.parametrize("step", STEPS)
def test_extra_fields_are_ignored(client, org, people, file_report, step):
    case = case_in(STATE_FOR_STEP.get(step, "in_progress"), org, file_report)
    url, data = step_request(step, case, org, people, file_report)
    status_before = case.status
    expected_status = STATUS_AFTER.get(step, status_before)
    client.force_login(org.leader)

    response = client.post(
        url,
        {
            **data,
            "status": "reported" if expected_status == Case.Status.CLOSED else "closed",
            "unit": org.sibling_unit.pk,
            "reporter": org.sibling_leader.pk,
            "responsible_leader": org.sibling_leader.pk,
            "responsible_unit": org.sibling_unit.pk,
            "closed_as": "duplicate",
            "escalation_level": "3",
        },
    )

    assert response.status_code == 302, response.content[:300]
    case.refresh_from_db()
    case.deviation.refresh_from_db()
    assert case.status == expected_status
    assert case.deviation.unit == org.department
    assert case.deviation.reporter == org.reporter
    assert case.escalation_level == 0
    if step == "forward_up_the_line":
        assert (case.responsible_leader, case.responsible_unit) == (org.higher_leader, org.sector)
    else:
        assert (case.responsible_leader, case.responsible_unit) == (org.leader, org.unit)
    if step != "close_as_duplicate":
        assert case.closed_as != Case.ClosedAs.DUPLICATE
