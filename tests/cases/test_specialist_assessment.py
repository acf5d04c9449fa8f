"""A specialist unit asked for help gives its own view of whether the corrective actions
worked; the leader sees it beside the evaluation form and still decides."""

from __future__ import annotations

from html import unescape

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from cases import services
from cases.models import Case, CaseEvent
from tests.cases.workflow import acknowledged_case, due, one_new_event, open_case, refused

pytestmark = pytest.mark.django_db


@pytest.fixture
def asked_case(org):
    case = acknowledged_case(org)
    services.request_assistance(
        case, by=org.leader, specialist_unit=org.specialist_unit, message="Se på gulvet"
    )
    action = services.add_corrective_action(
        case,
        by=org.leader,
        description="Nytt belegg",
        specialist_unit=org.specialist_unit,
        due_date=due(),
    )
    services.complete_action(action, by=org.specialist)
    case.refresh_from_db()
    return case


def test_the_specialist_records_an_assessment_and_the_leader_is_told(
    org, asked_case, mailoutbox, django_capture_on_commit_callbacks
):
    with one_new_event(asked_case, CaseEvent.Kind.SPECIALIST_ASSESSED) as new:
        with django_capture_on_commit_callbacks(execute=True):
            assessment = services.assess_as_specialist(
                asked_case, by=org.specialist, effective=False, note="Belegget glir når det er vått"
            )

    assert (assessment.specialist_unit, assessment.effective) == (org.specialist_unit, False)
    assert new["event"].data["effective"] is False
    assert new["event"].message == "Belegget glir når det er vått"
    # The leader decides: the case is still waiting for their evaluation.
    assert asked_case.status == Case.Status.EVALUATING
    assert [mail.to for mail in mailoutbox] == [[org.leader.email]]


def test_only_an_asked_specialist_may_assess_and_with_a_note(org, asked_case):
    for person in (org.leader, org.safety_rep, org.reporter, org.sibling_leader):
        with refused(asked_case, PermissionDenied):
            services.assess_as_specialist(asked_case, by=person, effective=True, note="Bra")
    with refused(asked_case, ValidationError, "note_required"):
        services.assess_as_specialist(asked_case, by=org.specialist, effective=True, note=" ")


def test_not_before_receipt(org):
    case = open_case(org)
    services.request_assistance(
        case, by=org.leader, specialist_unit=org.specialist_unit, message="Se på gulvet"
    )
    with refused(case, ValidationError, "not_acknowledged"):
        services.assess_as_specialist(case, by=org.specialist, effective=True, note="Bra")


def test_the_leader_sees_it_beside_the_evaluation_form(client, org, asked_case):
    services.assess_as_specialist(
        asked_case, by=org.specialist, effective=True, note="Belegget holder i vått vær"
    )
    client.force_login(org.leader)

    html = unescape(client.get(f"/avvik/saker/{asked_case.pk}/").content.decode())

    panel = html.split('id="h-step-evaluate_effect"')[1].split("</section>")[0]
    assert "Belegget holder i vått vær" in panel
    assert "Eiendom" in panel
    assert "step-evaluate_effect" in panel
