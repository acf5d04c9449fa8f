"""The printable case summary: what the case page shows, as a PDF for the case file."""

from __future__ import annotations

import io
import re

import pytest
from pypdf import PdfReader

from avvik.models import HealthDataCaseOpening, InjuryDetailsAccess
from cases import services
from cases.services import legal_notices
from tests.cases.workflow import REVIEWED, assess, due

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english(settings):
    settings.LANGUAGE_CODE = "en"


def pdf_text(response) -> str:
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(response.content))
    return re.sub(r"\s+", " ", " ".join(page.extract_text() for page in reader.pages))


@pytest.fixture
def handled_case(org, file_report):
    """A personal injury, handled up to closing, with an internal note."""
    case = file_report(injury=True, photo=True)
    services.acknowledge(case, by=org.leader)
    services.record_immediate_action(case, by=org.leader, description="Stengte gangen")
    action = services.add_corrective_action(
        case, by=org.leader, description="Sklisikre gulvet", assignee=org.colleague, due_date=due()
    )
    services.complete_action(action, by=org.colleague, note="Belegg lagt")
    assess(case, org.leader, probability=4, consequence=3, probability_after=1, consequence_after=3)
    services.evaluate_effect(case, by=org.leader, effective=True, note="Ingen nye fall")
    services.comment(case, by=org.leader, text="Intern: kostnad 12 000 kr")
    # A hospital treatment may be an occupational injury: NAV's report is decided first.
    legal_notices.record_nav_not_needed(case, by=org.leader, reason="Meldt av HR")
    services.close_case(
        case, by=org.leader, summary="Gulvet er sklisikret.", routine_review=REVIEWED
    )
    return case


def test_the_summary_lists_the_notices_to_the_authorities(client, org, handled_case):
    client.force_login(org.leader)
    text = pdf_text(client.get(f"/avvik/saker/{handled_case.pk}/pdf/"))
    assert "NAV: report of an occupational injury" in text
    assert "not needed: Meldt av HR" in text


def test_the_summary_holds_report_actions_risk_evaluation_and_timeline(
    client, org, handled_case, caplog
):
    client.force_login(org.leader)

    response = client.get(f"/avvik/saker/{handled_case.pk}/pdf/")

    text = pdf_text(response)
    reference = handled_case.deviation.reference
    assert response["Content-Disposition"] == f'inline; filename="{reference}.pdf"'
    for expected in (
        reference,
        "Vann på gulvet ved hovedinngangen.",  # the report
        "gulvet.jpg",  # attachments by name
        "Stengte gangen",  # immediate action
        "Sklisikre gulvet",
        "Belegg lagt",
        "Kari Kollega",  # corrective action, its note and owner
        "Now: probability 4 × consequence 3 = 12, High risk.",
        "After the measures: probability 1 × consequence 3 = 3, Low risk.",
        "The actions worked",
        "Ingen nye fall",
        "Gulvet er sklisikret.",  # outcome
        "Reviewed, and the routine was changed – Rutine for renhold av inngangsparti",
        "Matter legges ut ved regnvær.",  # the review of the routines
        "Intern: kostnad 12 000 kr",  # internal note, for the leader line
    ):
        assert expected in text, expected
    assert "internal" in text
    # Everything it needs comes from our own static files; nothing was refused.
    assert "refused to fetch" not in caplog.text


def test_injury_details_are_in_the_leaders_summary_and_the_viewing_is_logged(
    client, org, handled_case
):
    client.force_login(org.leader)
    before = InjuryDetailsAccess.objects.count()

    text = pdf_text(client.get(f"/avvik/saker/{handled_case.pk}/pdf/"))

    assert "Per Pasientsen" in text and "Brukket håndledd" in text
    assert InjuryDetailsAccess.objects.count() == before + 1
    assert InjuryDetailsAccess.objects.latest("pk").user == org.leader


@pytest.mark.parametrize("who", ["safety_rep", "specialist"])
def test_others_get_the_summary_without_injury_details(client, org, handled_case, who):
    services.reopen(handled_case, by=org.leader, reason="Sjekk igjen")
    services.request_assistance(
        handled_case, by=org.leader, specialist_unit=org.specialist_unit, message="Se på gulvet"
    )
    client.force_login(getattr(org, who))

    text = pdf_text(client.get(f"/avvik/saker/{handled_case.pk}/pdf/"))

    assert handled_case.deviation.reference in text
    assert "Per Pasientsen" not in text and "Brukket håndledd" not in text
    assert not InjuryDetailsAccess.objects.filter(user=getattr(org, who)).exists()
    # The photo of a personal injury is health data: not even its name.
    assert "gulvet.jpg" not in text
    # What they need to prevent a repeat is there.
    assert "Vann på gulvet ved hovedinngangen." in text
    # Opening a case in a health-data category is logged, for them too.
    assert HealthDataCaseOpening.objects.filter(
        user=getattr(org, who), deviation=handled_case.deviation
    ).exists()


def test_the_summary_holds_the_routine_review_and_the_specialist_assessment(
    client, org, handled_case
):
    services.reopen(handled_case, by=org.leader, reason="Sjekk igjen")
    services.request_assistance(
        handled_case, by=org.leader, specialist_unit=org.specialist_unit, message="Se på gulvet"
    )
    services.assess_as_specialist(
        handled_case, by=org.specialist, effective=True, note="Belegget holder i vått vær"
    )
    client.force_login(org.leader)

    text = pdf_text(client.get(f"/avvik/saker/{handled_case.pk}/pdf/"))

    assert "Specialist units' assessments" in text
    assert "Eiendom, Per Vaktmester" in text
    assert "Belegget holder i vått vær" in text
    assert "Specialist unit's assessment of effect" in text  # in the timeline too


def test_the_reporter_is_sent_to_their_own_page(client, org, handled_case):
    client.force_login(org.reporter)

    response = client.get(f"/avvik/saker/{handled_case.pk}/pdf/")

    assert response.status_code == 302
    assert response["Location"] == f"/avvik/mine/{handled_case.pk}/"


def test_text_that_looks_like_markup_is_printed_not_fetched(client, org, handled_case, caplog):
    services.reopen(handled_case, by=org.leader, reason='<img src="http://127.0.0.1:9/x.png">')
    client.force_login(org.leader)

    text = pdf_text(client.get(f"/avvik/saker/{handled_case.pk}/pdf/"))

    assert '<img src="http://127.0.0.1:9/x.png">' in text
    assert "refused to fetch" not in caplog.text
