"""A serious injury or a death (arbeidsmiljøloven § 5-2) and an occupational injury
(folketrygdloven § 13-14): who is told, what the case page says, the notices recorded,
the written confirmation and its copy, closing refused until done, the shorter
escalation."""

from __future__ import annotations

import io
import re
from datetime import timedelta

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.utils import timezone
from pypdf import PdfReader

from cases import services
from cases.legal_records import AuthorityNotice
from cases.models import Case, CaseEvent
from cases.services import legal_notices
from orgchart.models import Notification
from tests.cases.legal import INJURED, INJURY_KIND, injury_case, record_all_notices
from tests.cases.workflow import REVIEWED, ready_to_close

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english(settings):
    settings.LANGUAGE_CODE = "en"
    settings.ARBEIDSTILSYNET_PHONE = "73 19 97 00"


def close(case, by):
    return services.close_case(case, by=by, summary="Ferdig.", routine_review=REVIEWED)


def make_ready(case, org):
    """The routine's own conditions for closing met (risk, action, evaluation)."""
    from tests.cases.workflow import assess, due

    services.acknowledge(case, by=org.leader)
    action = services.add_corrective_action(
        case, by=org.leader, description="Ny stige", assignee=org.colleague, due_date=due()
    )
    services.complete_action(action, by=org.colleague)
    assess(case, org.leader)
    services.evaluate_effect(case, by=org.leader, effective=True)
    case.refresh_from_db()
    return case


def test_a_serious_injury_tells_the_leader_and_the_hms_administrators_at_once(
    org, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        case = injury_case(org)

    told = Notification.objects.filter(key__startswith=f"serious-injury:{case.pk}:")
    assert {n.recipient for n in told} == {org.leader, org.hms_admin}
    assert all(n.urgency == Notification.Urgency.URGENT for n in told)
    mailed_to = {m.to[0] for m in mail.outbox if "Serious injury" in m.subject}
    assert mailed_to == {org.leader.email, org.hms_admin.email}
    body = next(
        m.body for m in mail.outbox if m.to == [org.leader.email] and "Serious" in m.subject
    )
    assert "73 19 97 00" in body
    assert INJURY_KIND not in body and INJURED not in body
    assert case.events.filter(kind=CaseEvent.Kind.SERIOUS_INJURY).exists()


def test_an_injury_that_is_not_serious_tells_no_one_extra(org):
    case = injury_case(org, harm="not_serious")

    assert not Notification.objects.filter(key__startswith="serious-injury:").exists()
    assert not case.notices_pending


def test_the_case_page_shows_the_duty_on_top_in_red(client, org, settings):
    settings.ARBEIDSTILSYNET_PHONE = "11 22 33 44"
    case = injury_case(org)
    client.force_login(org.leader)

    html = client.get(f"/avvik/saker/{case.pk}/").content.decode()

    box = html.split('class="legal-duties alert alert-danger')[1].split("</section>")[0]
    assert "11 22 33 44" in box
    assert "police" in box and "written confirmation" in box.lower()
    assert html.index("legal-duties") < html.index('id="h-report"')


def test_closing_is_refused_until_every_notice_is_recorded(org):
    case = make_ready(injury_case(org), org)

    with pytest.raises(ValidationError) as refused:
        close(case, org.leader)
    codes = {e.code for e in refused.value.error_list}
    assert {"serious_injury_notices_missing", "nav_report_missing"} <= codes
    with pytest.raises(ValidationError):
        services.close_as_not_a_deviation(case, by=org.leader, reason="Feil")
    case.refresh_from_db()
    assert case.status == Case.Status.EVALUATING

    record_all_notices(case, org.leader)
    close(case, org.leader)

    case.refresh_from_db()
    assert case.status == Case.Status.CLOSED
    recorded = {n.recipient: n for n in case.authority_notices.all()}
    assert set(recorded) == {"arbeidstilsynet", "police", "written_confirmation", "nav"}
    assert all(n.recorded_by == org.leader and n.means == "phone" for n in recorded.values())


def test_recording_the_written_confirmation_sends_the_copy_to_the_safety_representative(
    org, django_capture_on_commit_callbacks
):
    case = injury_case(org)
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        legal_notices.record_notice(
            case,
            by=org.leader,
            recipient=AuthorityNotice.Recipient.WRITTEN_CONFIRMATION,
            notified_at=timezone.now(),
            means="email",
        )

    copy = Notification.objects.get(key=f"confirmation-copy:{case.pk}:{org.safety_rep.pk}")
    assert copy.url.endswith(f"/avvik/saker/{case.pk}/bekreftelse-arbeidstilsynet/")
    assert [m.to for m in mail.outbox if "Copy" in m.subject] == [[org.safety_rep.email]]
    event = case.events.get(kind=CaseEvent.Kind.CONFIRMATION_COPIED)
    assert event.data["recipients"] == [org.safety_rep.pk]


def pdf_text(content: bytes) -> str:
    reader = PdfReader(io.BytesIO(content))
    return re.sub(r"\s+", " ", " ".join(page.extract_text() for page in reader.pages))


def test_the_written_confirmation_is_prefilled_from_the_case_and_no_more(client, org):
    case = injury_case(org)
    record_all_notices(case, org.leader)
    client.force_login(org.safety_rep)

    response = client.get(f"/avvik/saker/{case.pk}/bekreftelse-arbeidstilsynet/")

    assert response["Content-Type"] == "application/pdf"
    text = pdf_text(response.content)
    for expected in (
        case.deviation.reference,
        "Eksempel kommune",
        "Skjermet avdeling",
        "Lageret, 1. etg",
        INJURED,
        "Yes, seriously injured",
        "Fracture",
        "Fall fra stige",
        "Arbeidstilsynet, notified at once",
        "Lars Leder",
    ):
        assert expected in text, expected
    # The diagnosis in the reporter's words and the treatment are not asked for.
    assert INJURY_KIND not in text
    assert "Hospital" not in text


def test_the_confirmation_is_not_for_those_outside_the_case(client, org):
    case = injury_case(org)
    client.force_login(org.sibling_leader)
    assert client.get(f"/avvik/saker/{case.pk}/bekreftelse-arbeidstilsynet/").status_code == 404


def test_a_serious_injury_climbs_within_hours_until_the_notices_are_recorded(org):
    serious = injury_case(org)
    ordinary = injury_case(org, harm="not_serious")
    now = timezone.now()

    assert serious.next_escalation_at <= now + timedelta(hours=2)
    result = services.escalate_stale_cases(now=now + timedelta(hours=3))

    assert result.escalated == 1
    serious.refresh_from_db()
    ordinary.refresh_from_db()
    assert serious.responsible_leader == org.higher_leader
    assert ordinary.responsible_leader == org.leader
    # And again within hours, not days.
    assert serious.next_escalation_at == pytest.approx(
        now + timedelta(hours=5), abs=timedelta(minutes=1)
    )

    record_all_notices(serious, org.higher_leader)
    serious.refresh_from_db()
    assert not serious.notices_pending
    assert serious.next_escalation_at == serious.receipt_due


def test_the_leader_records_a_notice_from_the_case_page(client, org):
    case = injury_case(org)
    client.force_login(org.leader)
    url = f"/avvik/saker/{case.pk}/melding/"

    future = (timezone.localtime() + timedelta(days=1)).strftime("%Y-%m-%dT%H:%M")
    page = client.post(url, {"recipient": "police", "notified_at": future, "means": "phone"})
    assert page.status_code == 200
    assert "The time cannot be in the future." in page.content.decode()
    assert not case.authority_notices.exists()

    when = timezone.localtime().strftime("%Y-%m-%dT%H:%M")
    response = client.post(url, {"recipient": "police", "notified_at": when, "means": "phone"})
    assert response.status_code == 302
    assert case.authority_notices.get().recipient == "police"


def test_an_occupational_injury_reminds_of_nav_and_needs_a_record_before_closing(client, org):
    case = make_ready(injury_case(org, harm="not_serious", treatment="doctor"), org)
    client.force_login(org.leader)

    html = client.get(f"/avvik/saker/{case.pk}/").content.decode()
    assert "NAV" in html and 'href="https://www.nav.no/yrkesskade"' in html
    with pytest.raises(ValidationError):
        close(case, org.leader)
    with pytest.raises(ValidationError):
        legal_notices.record_nav_not_needed(case, by=org.leader, reason=" ")

    legal_notices.record_nav_not_needed(case, by=org.leader, reason="Kun førstehjelp likevel")
    close(case, org.leader)
    case.refresh_from_db()
    assert case.status == Case.Status.CLOSED


def test_a_deviation_without_injury_has_no_legal_notices(org):
    case = ready_to_close(org)
    assert legal_notices.duties_for(case).required == []
    close(case, org.leader)


def test_the_report_form_asks_whether_someone_was_seriously_injured(client, org):
    from tests.avvik.filing import REPORT_URL, ensure_categories, report_data

    categories = ensure_categories()
    client.force_login(org.reporter)
    form = client.get(REPORT_URL).content.decode()
    assert "Was a person seriously injured, or did someone die?" in form
    assert "Arbeidstilsynet counts as serious" in form

    response = client.post(
        REPORT_URL,
        report_data(
            org.department,
            categories["personskade"],
            injured_person="Per Pasientsen",
            injury_kind="Brudd",
            injury_type="fracture",
            harm="fatal",
            treatment="hospital",
        ),
    )

    assert response.status_code == 302
    case = Case.objects.get()
    assert case.notices_pending
    assert case.deviation.injury_details.harm == "fatal"
    assert case.deviation.injury_details.injury_type == "fracture"


# Who may record notices and read the confirmation: those who handle the case; the
# safety representative of the area reads the confirmation (a copy is theirs by law).
RECORD = {"leader": 302, "higher_leader": 302, "hms_admin": 302}
SEE_CASE_ONLY = {"reporter", "safety_rep"}
CONFIRMATION = {"leader": 200, "higher_leader": 200, "hms_admin": 200, "safety_rep": 200}


@pytest.mark.parametrize(
    "role",
    [
        "reporter",
        "leader",
        "sibling_leader",
        "higher_leader",
        "safety_rep",
        "amu_member",
        "specialist",
        "hms_admin",
    ],
)
def test_permission_matrix_of_the_notice_steps(client, org, role):
    case = injury_case(org)
    client.force_login(getattr(org, role))
    when = timezone.localtime().strftime("%Y-%m-%dT%H:%M")

    recorded = client.post(
        f"/avvik/saker/{case.pk}/melding/",
        {"recipient": "police", "notified_at": when, "means": "phone"},
    )
    not_needed = client.post(f"/avvik/saker/{case.pk}/nav-ikke-nodvendig/", {"reason": "x"})
    confirmation = client.get(f"/avvik/saker/{case.pk}/bekreftelse-arbeidstilsynet/")

    refused = 403 if role in SEE_CASE_ONLY else 404
    assert recorded.status_code == RECORD.get(role, refused)
    assert not_needed.status_code == RECORD.get(role, refused)
    assert confirmation.status_code == CONFIRMATION.get(role, refused)
    if role not in RECORD:
        assert not case.authority_notices.exists()


def test_acknowledging_keeps_the_deadline_of_hours_until_the_notices_are_recorded(org):
    case = injury_case(org)
    due_in_hours = case.next_escalation_at

    services.acknowledge(case, by=org.leader)

    case.refresh_from_db()
    assert case.next_escalation_at == due_in_hours
    record_all_notices(case, org.leader)
    case.refresh_from_db()
    assert case.next_escalation_at == case.closure_due


def test_handing_over_sideways_keeps_the_deadline_of_hours(org):
    """The reporter's leader hands a serious injury to the unit where it happened: the new
    leader has hours, not days, to record the notices."""
    case = injury_case(org, unit=org.sibling_unit)
    services.acknowledge(case, by=org.leader)
    case.refresh_from_db()
    due_in_hours = case.next_escalation_at
    assert due_in_hours - timezone.now() < timedelta(days=1)

    services.hand_over_sideways(case, by=org.leader, reason="Skjedde i hjemmetjenesten")

    case.refresh_from_db()
    assert case.responsible_leader == org.sibling_leader
    assert case.next_escalation_at - timezone.now() < timedelta(days=1)
