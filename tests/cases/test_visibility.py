"""Who sees a report, its attachments and its injury details: someone else's report is a
404, never a 403, and health data reaches only the leader line and HMS administrators."""

import pytest

from avvik.models import Attachment, InjuryDetailsAccess
from cases.models import CaseEvent
from tests.avvik.filing import jpeg

pytestmark = pytest.mark.django_db

STRANGERS = ["colleague", "sibling_leader", "amu_member", "specialist", "outsider"]


def _pages(case):
    attachment = case.deviation.attachments.get()
    return {
        "my_report": f"/avvik/mine/{case.pk}/",
        "receipt": f"/avvik/meld/kvittering/{case.pk}/",
        "detail": f"/avvik/saker/{case.pk}/",
        "attachment": f"/avvik/vedlegg/{attachment.pk}/",
    }


@pytest.mark.parametrize("who", STRANGERS)
def test_someone_elses_report_and_attachment_are_not_found(client, org, file_report, who):
    case = file_report(photo=True, injury=True)
    client.force_login(getattr(org, who))

    for name, url in _pages(case).items():
        response = client.get(url)
        assert response.status_code == 404, f"{who} got {response.status_code} on {name}"
        assert b"Per Pasientsen" not in response.content
    assert InjuryDetailsAccess.objects.count() == 0


@pytest.mark.parametrize("who", STRANGERS)
def test_someone_elses_report_cannot_be_added_to(client, org, file_report, who):
    case = file_report()
    client.force_login(getattr(org, who))

    response = client.post(f"/avvik/mine/{case.pk}/legg-til/", {"text": "Hei"})

    assert response.status_code == 404
    assert not case.events.filter(kind=CaseEvent.Kind.INFORMATION_ADDED).exists()


@pytest.mark.parametrize("who", ["reporter", "leader", "higher_leader", "hms_admin"])
def test_attachment_is_downloaded_as_a_file_never_shown_inline(client, org, file_report, who):
    case = file_report(photo=True)
    attachment = case.deviation.attachments.get()
    client.force_login(getattr(org, who))

    response = client.get(f"/avvik/vedlegg/{attachment.pk}/")

    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    assert 'filename="gulvet.jpg"' in response["Content-Disposition"]
    assert response["Content-Type"] == "image/jpeg"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content)[:3] == b"\xff\xd8\xff"


def test_an_upload_not_yet_filed_cannot_be_fetched_by_anyone(client, org, categories):
    client.force_login(org.reporter)
    client.post(
        "/avvik/meld/",
        {"submission_token": "3f0f7e5e-8a1b-4a53-9e0e-3a1f2b9c7d11", "attachments": jpeg()},
    )
    pending = Attachment.objects.get(deviation__isnull=True)

    for person in (org.reporter, org.leader, org.colleague):
        client.force_login(person)
        assert client.get(f"/avvik/vedlegg/{pending.pk}/").status_code == 404


@pytest.mark.parametrize("who", ["leader", "higher_leader", "hms_admin"])
def test_injury_details_are_shown_to_the_leader_line_and_every_view_is_logged(
    client, org, file_report, who
):
    case = file_report(injury=True)
    person = getattr(org, who)
    client.force_login(person)

    first = client.get(f"/avvik/saker/{case.pk}/")
    client.get(f"/avvik/saker/{case.pk}/")

    assert first.status_code == 200
    assert b"Per Pasientsen" in first.content
    assert b"Brukket h\xc3\xa5ndledd" in first.content
    views = InjuryDetailsAccess.objects.filter(deviation=case.deviation)
    assert [(v.user, v.deviation) for v in views] == [(person, case.deviation)] * 2


def test_the_safety_representative_sees_the_case_but_not_the_injury_details(
    client, org, file_report
):
    case = file_report(injury=True)
    client.force_login(org.safety_rep)

    response = client.get(f"/avvik/saker/{case.pk}/")

    assert response.status_code == 200
    assert case.deviation.reference.encode() in response.content
    assert b"Per Pasientsen" not in response.content
    assert b"Brukket h\xc3\xa5ndledd" not in response.content
    assert InjuryDetailsAccess.objects.count() == 0


def test_the_reporter_sees_the_injury_details_they_filed_on_their_own_page(
    client, org, file_report
):
    """Their own data: shown on "Mine avvik", and not logged as someone else's view."""
    case = file_report(injury=True)
    client.force_login(org.reporter)

    own_page = client.get(f"/avvik/mine/{case.pk}/")
    via_detail = client.get(f"/avvik/saker/{case.pk}/", follow=True)

    for response in (own_page, via_detail):
        assert response.status_code == 200
        assert case.deviation.reference.encode() in response.content
        assert b"Per Pasientsen" in response.content
        assert "Brukket håndledd".encode() in response.content
    assert via_detail.redirect_chain == [(f"/avvik/mine/{case.pk}/", 302)]
    assert InjuryDetailsAccess.objects.count() == 0


def test_the_reporters_page_never_shows_internal_notes(client, org, file_report):
    case = file_report()
    CaseEvent.objects.create(
        case=case,
        kind=CaseEvent.Kind.COMMENT,
        actor=org.leader,
        message="Intern merknad: snakk med vaktmester først",
        visible_to_reporter=False,
    )
    CaseEvent.objects.create(
        case=case,
        kind=CaseEvent.Kind.COMMENT,
        actor=org.leader,
        message="Takk, vi ser på saken",
        visible_to_reporter=True,
    )

    client.force_login(org.reporter)
    own_page = client.get(f"/avvik/mine/{case.pk}/").content.decode()
    client.force_login(org.leader)
    leaders_page = client.get(f"/avvik/saker/{case.pk}/").content.decode()

    assert "Takk, vi ser på saken" in own_page
    assert "Intern merknad" not in own_page
    assert "Intern merknad" in leaders_page


def test_a_leader_who_reports_in_their_own_unit_sees_both_pages(client, org, file_report):
    case = file_report(org.leader, unit=org.unit)
    client.force_login(org.leader)

    assert client.get(f"/avvik/mine/{case.pk}/").status_code == 200
    assert client.get(f"/avvik/saker/{case.pk}/").status_code == 200


def test_a_specialist_who_joins_after_the_unit_was_asked_sees_the_case(org, file_report):
    from cases import services
    from cases.models import Case
    from tests.factories import MembershipFactory, UserFactory

    case = file_report()
    services.acknowledge(case, by=org.leader)
    services.request_assistance(
        case, by=org.leader, specialist_unit=org.specialist_unit, message="Se på taket"
    )
    newcomer = UserFactory()
    MembershipFactory(user=newcomer, unit=org.specialist_unit)
    assert Case.objects.visible_to(newcomer).filter(pk=case.pk).exists()
    assert not Case.objects.visible_to(org.outsider).filter(pk=case.pk).exists()
