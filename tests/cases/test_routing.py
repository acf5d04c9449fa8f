"""A filed deviation reaches the reporter's own nearest leader; the unit where it
happened stays on the report (see also test_reporters_own_leader.py)."""

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.html import escape

from avvik.models import Deviation
from cases.models import Case, CaseEvent
from cases.services import file_deviation
from tests.avvik.filing import REPORT_URL, errors_next_to, nb, report_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def reporter_client(client, org):
    client.force_login(org.reporter)
    return client


def _file(client, unit, category, **overrides) -> Case:
    response = client.post(REPORT_URL, report_data(unit, category, **overrides))
    assert response.status_code == 302, response.content.decode()[:2000]
    return Case.objects.get(deviation__title=overrides.get("title", "Glatt gulv ved inngangen"))


def test_a_deviation_in_a_led_unit_goes_to_its_leader(reporter_client, org, categories):
    case = _file(reporter_client, org.unit, categories["nestenulykke"])

    assert case.responsible_leader == org.leader
    assert case.responsible_unit == org.unit
    assert case.status == Case.Status.REPORTED
    event = case.events.get()
    assert event.kind == CaseEvent.Kind.REPORTED
    assert event.actor == org.reporter
    assert event.visible_to_reporter


def test_a_deviation_in_another_unit_goes_to_the_reporters_own_leader(
    reporter_client, org, categories
):
    case = _file(reporter_client, org.sibling_unit, categories["nestenulykke"])

    assert (case.responsible_leader, case.responsible_unit) == (org.leader, org.unit)
    assert case.deviation.unit == case.deviation_unit == org.sibling_unit
    assert case.deviation.reported_from == org.department


def test_a_deviation_in_a_vacant_unit_goes_to_the_nearest_leader_above(
    reporter_client, org, categories
):
    assert org.department.leader is None

    case = _file(reporter_client, org.department, categories["nestenulykke"])

    assert case.responsible_leader == org.leader
    assert case.responsible_unit == org.unit
    assert case.deviation.unit == org.department
    # The case keeps where it happened, for the subtree scopes, apart from who handles it.
    assert case.deviation_unit == org.department


def test_when_the_leader_above_is_also_missing_the_line_goes_further_up(
    reporter_client, org, categories
):
    org.unit.leader = None
    org.unit.save()

    case = _file(reporter_client, org.department, categories["nestenulykke"])

    assert case.responsible_leader == org.higher_leader
    assert case.responsible_unit == org.sector


def test_a_deactivated_unit_is_refused_next_to_the_unit_field(reporter_client, org, categories):
    org.sibling_unit.is_active = False
    org.sibling_unit.save()

    response = reporter_client.post(
        REPORT_URL, report_data(org.sibling_unit, categories["nestenulykke"])
    )

    assert response.status_code == 200
    assert errors_next_to(response, "unit")
    assert Deviation.objects.count() == 0
    assert Case.objects.count() == 0


def test_a_unit_deactivated_after_the_form_was_checked_is_still_refused(org, categories):
    """The service checks again, for a unit closed between the form check and filing."""
    org.sibling_unit.is_active = False
    org.sibling_unit.save()
    fields = {
        "unit": org.sibling_unit,
        "category": categories["nestenulykke"],
        "severity": "low",
        "title": "Test",
        "description": "Test",
        "occurred_at": timezone.now(),
    }

    with pytest.raises(ValidationError) as refused:
        file_deviation(org.reporter, fields=fields)

    assert refused.value.message_dict == {
        "unit": [nb("This unit no longer exists. Choose another.")]
    }
    assert Deviation.objects.count() == 0


def test_the_leader_is_emailed_only_once_the_report_is_committed(
    reporter_client, org, categories, django_capture_on_commit_callbacks, mailoutbox
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        case = _file(reporter_client, org.department, categories["materiell-skade"])

    assert mailoutbox == []
    assert callbacks

    for callback in callbacks:
        callback()

    (mail,) = mailoutbox
    assert mail.to == [org.leader.email]
    assert case.deviation.reference in mail.subject + mail.body
    assert f"/avvik/saker/{case.pk}/" in mail.body


def test_nothing_is_emailed_when_filing_fails(
    reporter_client, org, categories, django_capture_on_commit_callbacks, mailoutbox
):
    with django_capture_on_commit_callbacks(execute=True):
        reporter_client.post(
            REPORT_URL, report_data(org.department, categories["materiell-skade"], title="")
        )

    assert mailoutbox == []


def test_the_safety_representative_is_told_of_categories_flagged_for_it(
    reporter_client, org, categories, django_capture_on_commit_callbacks, mailoutbox
):
    assert categories["nestenulykke"].inform_safety_representative

    with django_capture_on_commit_callbacks(execute=True):
        _file(reporter_client, org.department, categories["nestenulykke"])

    recipients = sorted(address for mail in mailoutbox for address in mail.to)
    assert recipients == sorted([org.leader.email, org.safety_rep.email])


def test_the_safety_representative_is_not_told_of_other_categories(
    reporter_client, org, categories, django_capture_on_commit_callbacks, mailoutbox
):
    assert not categories["materiell-skade"].inform_safety_representative

    with django_capture_on_commit_callbacks(execute=True):
        _file(reporter_client, org.department, categories["materiell-skade"])

    assert [mail.to for mail in mailoutbox] == [[org.leader.email]]


def test_a_safety_representative_outside_the_area_is_not_told(
    reporter_client, org, categories, django_capture_on_commit_callbacks, mailoutbox
):
    with django_capture_on_commit_callbacks(execute=True):
        _file(reporter_client, org.sibling_unit, categories["nestenulykke"])

    assert [mail.to for mail in mailoutbox] == [[org.leader.email]]


def test_no_email_carries_injury_details(
    reporter_client, org, categories, django_capture_on_commit_callbacks, mailoutbox
):
    with django_capture_on_commit_callbacks(execute=True):
        _file(
            reporter_client,
            org.department,
            categories["personskade"],
            injured_person="Per Pasientsen",
            injury_kind="Brukket håndledd",
        )

    assert len(mailoutbox) == 2
    for mail in mailoutbox:
        text = mail.subject + mail.body + "".join(html for html, _type in mail.alternatives)
        assert "Per Pasientsen" not in text
        assert "Brukket håndledd" not in text


def test_receipt_tells_the_reporter_to_also_tell_the_leader_for_oral_categories(
    reporter_client, org, categories
):
    org.leader.phone = "91234567"
    org.leader.save()
    case = _file(
        reporter_client,
        org.department,
        categories["personskade"],
        injured_person="Meg selv",
        injury_kind="Forstuet ankel",
    )

    response = reporter_client.get(f"/avvik/meld/kvittering/{case.pk}/")

    html = response.content.decode()
    assert escape(nb("You must also tell your leader in person or by phone")) in html
    assert escape(nb("Your leader is %(name)s.", name="Lars Leder")) in html
    assert 'href="tel:91234567"' in html
    assert case.deviation.reference in html


def test_receipt_has_no_oral_notice_for_other_categories(reporter_client, org, categories):
    case = _file(reporter_client, org.department, categories["materiell-skade"])

    response = reporter_client.get(f"/avvik/meld/kvittering/{case.pk}/")

    html = response.content.decode()
    assert response.status_code == 200
    assert case.deviation.reference in html
    assert escape(nb("You must also tell your leader in person or by phone")) not in html
    assert "tel:" not in html
