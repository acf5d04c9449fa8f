"""The permission matrix for what issue 11 added, every role: the sideways hand-over, the
corrective action already done, the specialist unit's assessment, and a personal injury
whose attachments are health data, with the injured employee's own leader kept on the
case. (The other steps: test_permission_matrix.py.)"""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from avvik.attachments import check_upload
from avvik.models import AttachmentDownload
from avvik.services import store_attachment
from cases import services
from cases.models import Case
from tests.avvik.filing import jpeg
from tests.cases.test_permission_matrix import (
    ROLES,
    assert_sent_to_login,
    log_in,
    people,  # noqa: F401 (fixture)
    take_to,
)
from tests.cases.workflow import snapshot
from tests.factories import MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db

HANDLERS = {"leader", "higher_leader", "hms_admin"}


def _injury_case(org, categories, *, injured):
    """A personal injury that happened in the reporter's own department, reported by
    ``org.reporter`` about ``injured`` (who works in the sibling unit), with a photo."""
    filed = services.file_deviation(
        org.reporter,
        fields={
            "unit": org.department,
            "category": categories["personskade"],
            "severity": "high",
            "title": "Kuttskade på kjøkkenet",
            "description": "Skar seg på en kniv i oppvasken.",
            "occurred_at": timezone.now() - timedelta(hours=1),
        },
        injury={
            "injured_person": injured.display_name,
            "injured_employee": injured,
            "injury_kind": "Dypt kutt i hånden",
            "treatment": "doctor",
            "absence": True,
        },
    )
    store_attachment(
        check_upload(jpeg("kuttet.jpg")), by=org.reporter, deviation=filed.case.deviation
    )
    return filed.case


@pytest.fixture
def injured(org):
    person = UserFactory(username="skadet", first_name="Siri", last_name="Skadet")
    MembershipFactory(user=person, unit=org.sibling_unit)
    return person


@pytest.fixture
def injury_case(org, categories, injured, people):  # noqa: F811
    case = _injury_case(org, categories, injured=injured)
    take_to("in_progress", case, org)
    case.refresh_from_db()
    return case


# Who reads a personal injury that happened in the reporter's department, to an employee
# of the sibling unit: the reporter (on their own page), the leader line, the injured
# employee's own leader (sibling_leader: only as that), the specialist unit asked, the
# safety representative of the area, and HMS administrators.
SEES_INJURY_CASE = {
    "reporter",
    "leader",
    "higher_leader",
    "sibling_leader",
    "asked_specialist",
    "safety_rep",
    "hms_admin",
}
# Health data (injury details, attachments): the leader line, the injured employee's own
# leader, HMS administrators, and the reporter for their own report.
SEES_HEALTH_DATA = {"leader", "higher_leader", "sibling_leader", "hms_admin"}


@pytest.mark.parametrize("role", ROLES)
def test_reading_a_personal_injury_case(client, org, people, injury_case, role):  # noqa: F811
    attachment = injury_case.deviation.attachments.get()
    log_in(client, people, role)

    page = client.get(f"/avvik/saker/{injury_case.pk}/")
    pdf = client.get(f"/avvik/saker/{injury_case.pk}/pdf/")
    download = client.get(f"/avvik/vedlegg/{attachment.pk}/")

    if role == "anonymous":
        assert_sent_to_login(page)
        assert_sent_to_login(download)
        return
    if role not in SEES_INJURY_CASE:
        assert (page.status_code, pdf.status_code, download.status_code) == (404, 404, 404)
        return
    if role == "reporter":
        assert page.status_code == 302
        assert download.status_code == 200
        return
    assert (page.status_code, pdf.status_code) == (200, 200), role
    html = page.content.decode()
    sees = role in SEES_HEALTH_DATA
    assert ("kuttet.jpg" in html) == sees, role
    assert ("Dypt kutt i hånden" in html) == sees, role
    assert download.status_code == (200 if sees else 404), role
    assert AttachmentDownload.objects.filter(user=people[role]).exists() == sees
    # What prevents a repeat is there for everyone who reads the case.
    assert "Skar seg på en kniv i oppvasken." in html


@pytest.mark.parametrize("role", ROLES)
def test_sharing_an_attachment_of_a_health_data_case(
    client,
    org,
    people,  # noqa: F811
    injury_case,
    role,
):
    attachment = injury_case.deviation.attachments.get()
    before = snapshot(injury_case)
    log_in(client, people, role)

    response = client.post(
        f"/avvik/saker/{injury_case.pk}/del-vedlegg/",
        {"attachment": attachment.pk, "reason": "Eiendom må se knivholderen"},
    )

    attachment.refresh_from_db()
    if role == "anonymous":
        assert_sent_to_login(response)
    elif role not in SEES_INJURY_CASE:
        assert response.status_code == 404
    elif role in HANDLERS:
        assert response.status_code == 302
        assert attachment.shared_at is not None
        assert attachment.share_reason == "Eiendom må se knivholderen"
        return
    else:
        assert response.status_code == 403, role
    assert attachment.shared_at is None
    assert snapshot(injury_case) == before


def test_a_shared_attachment_answers_the_specialist_and_its_download_is_logged(
    client, org, injury_case
):
    attachment = injury_case.deviation.attachments.get()
    client.force_login(org.specialist)
    assert client.get(f"/avvik/vedlegg/{attachment.pk}/").status_code == 404

    services.share_attachment(
        injury_case, attachment, by=org.leader, reason="Eiendom må se knivholderen"
    )

    response = client.get(f"/avvik/vedlegg/{attachment.pk}/")
    assert response.status_code == 200
    assert (
        AttachmentDownload.objects.filter(attachment=attachment, user=org.specialist).count() == 1
    )
    html = client.get(f"/avvik/saker/{injury_case.pk}/").content.decode()
    assert "kuttet.jpg" in html
    assert "Dypt kutt i hånden" not in html
    event = injury_case.events.get(kind="attachment_shared")
    assert event.data["reason"] == "Eiendom må se knivholderen"
    assert event.data["attachment"] == attachment.pk


# -- the sideways hand-over: a case that happened in the sibling unit -------------------

# Who can open a case the reporter filed about something in the sibling unit: its
# leader line (the reporter's own), the leader of the unit where it happened, the
# specialist unit asked, HMS administrators, and the reporter.
SEES_ELSEWHERE_CASE = {
    "reporter",
    "leader",
    "higher_leader",
    "sibling_leader",
    "asked_specialist",
    "hms_admin",
}


@pytest.mark.parametrize("role", ROLES)
def test_handing_a_case_over_sideways(client, org, people, file_report, role):  # noqa: F811
    case = file_report(unit=org.sibling_unit)
    take_to("in_progress", case, org)
    before = snapshot(case)
    log_in(client, people, role)

    response = client.post(f"/avvik/saker/{case.pk}/overfor/", {"reason": "Skjedde der"})

    case.refresh_from_db()
    if role == "anonymous":
        assert_sent_to_login(response)
    elif role not in SEES_ELSEWHERE_CASE:
        assert response.status_code == 404, role
    elif role in HANDLERS:
        assert response.status_code == 302, role
        assert (case.responsible_leader, case.responsible_unit) == (
            org.sibling_leader,
            org.sibling_unit,
        )
        return
    else:
        assert response.status_code == 403, role
    assert snapshot(case) == before


@pytest.mark.parametrize("role", ROLES)
def test_recording_a_corrective_action_already_done(
    client,
    org,
    people,  # noqa: F811
    file_report,
    role,
):
    case = file_report()
    take_to("in_progress", case, org)
    before = snapshot(case)
    log_in(client, people, role)

    response = client.post(
        f"/avvik/saker/{case.pk}/allerede-utfort/", {"description": "Tørket opp"}
    )

    if role == "anonymous":
        assert_sent_to_login(response)
    elif role not in {
        "reporter",
        "leader",
        "higher_leader",
        "asked_specialist",
        "safety_rep",
        "hms_admin",
    }:
        assert response.status_code == 404, role
    elif role in HANDLERS:
        assert response.status_code == 302, role
        assert case.actions.filter(already_done=True, done_at__isnull=False).count() == 1
        return
    else:
        assert response.status_code == 403, role
    assert snapshot(case) == before


@pytest.mark.parametrize("role", ROLES)
def test_a_specialist_units_assessment_of_effect(
    client,
    org,
    people,  # noqa: F811
    file_report,
    role,
):
    case = file_report()
    take_to("evaluating", case, org)
    before = snapshot(case)
    log_in(client, people, role)

    response = client.post(
        f"/avvik/saker/{case.pk}/faginstans-vurdering/",
        {"effective": "no", "note": "Matta glir fortsatt"},
    )

    if role == "anonymous":
        assert_sent_to_login(response)
    elif role not in {
        "reporter",
        "leader",
        "higher_leader",
        "asked_specialist",
        "safety_rep",
        "hms_admin",
    }:
        assert response.status_code == 404, role
    elif role == "asked_specialist":
        assert response.status_code == 302, role
        (assessment,) = case.specialist_assessments.all()
        assert (assessment.specialist_unit, assessment.effective) == (
            org.specialist_unit,
            False,
        )
        case.refresh_from_db()
        assert case.status == Case.Status.EVALUATING  # the leader still decides
        return
    else:
        assert response.status_code == 403, role
    assert snapshot(case) == before


# -- the injury register: the leader's entry, the reporter's consent to the name ----------


@pytest.mark.parametrize("role", ROLES)
def test_entering_a_personal_injury_in_the_injury_register(
    client,
    org,
    people,  # noqa: F811
    injury_case,
    role,
):
    injury = injury_case.deviation.injury_details
    before = snapshot(injury_case), (injury.injury_type, injury.treatment, injury.work_illness)
    log_in(client, people, role)

    response = client.post(
        f"/avvik/saker/{injury_case.pk}/skaderegister/",
        {"injury_type": "cut", "treatment": "first_aid", "absence": "on", "work_illness": "on"},
    )

    injury.refresh_from_db()
    if role == "anonymous":
        assert_sent_to_login(response)
    elif role not in SEES_INJURY_CASE:
        assert response.status_code == 404, role
    elif role in HANDLERS:
        assert response.status_code == 302, role
        assert (injury.injury_type, injury.treatment, injury.work_illness) == (
            "cut",
            "first_aid",
            True,
        )
        return
    else:
        assert response.status_code == 403, role
    assert (snapshot(injury_case), (injury.injury_type, injury.treatment, injury.work_illness)) == (
        before
    )


@pytest.mark.parametrize("role", ROLES)
def test_consenting_to_the_injured_persons_name_in_the_register(
    client,
    org,
    people,  # noqa: F811
    injury_case,
    role,
):
    """Only the reporter answers, on their own page; to everyone else the URL is not there."""
    log_in(client, people, role)

    response = client.post(
        f"/avvik/mine/{injury_case.pk}/skaderegister/", {"name_in_register": "yes"}
    )

    injury = injury_case.deviation.injury_details
    injury.refresh_from_db()
    if role == "anonymous":
        assert_sent_to_login(response)
    elif role == "reporter":
        assert response.status_code == 302
        assert injury.name_in_register is True
        return
    else:
        assert response.status_code == 404, role
    assert injury.name_in_register is False
