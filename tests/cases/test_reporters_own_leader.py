"""The routine's "nærmeste leder med personalansvar … fra sine medarbeidere": a case goes
to the reporter's own nearest leader; a reporter in several units chooses the workplace;
a leader's own report goes up; an injured employee's own leader stays on the case; the
handling leader can hand a case sideways to the unit where it happened, and nothing else
moves it sideways."""

from __future__ import annotations

from html import unescape

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from avvik.models import InjuryDetailsAccess
from cases import rules, services
from cases.models import Case, CaseEvent, CaseReader
from tests.avvik.filing import REPORT_URL, errors_next_to, report_data
from tests.cases.workflow import acknowledged_case, one_new_event, open_case, refused
from tests.factories import MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db


def addresses(mailoutbox) -> list[str]:
    return sorted(address for mail in mailoutbox for address in mail.to)


# -- routing ------------------------------------------------------------------------------


def test_a_case_goes_to_the_reporters_own_leader_wherever_it_happened(org):
    case = open_case(org, unit=org.sibling_unit)

    assert (case.responsible_leader, case.responsible_unit) == (org.leader, org.unit)
    assert case.deviation.unit == org.sibling_unit
    assert case.deviation.reported_from == org.department


def test_a_reporter_in_several_units_chooses_the_workplace_the_primary_by_default(
    client, org, categories
):
    MembershipFactory(user=org.reporter, unit=org.sibling_unit, is_primary=False)
    client.force_login(org.reporter)

    form = client.get(REPORT_URL).content.decode()
    assert 'name="reported_from"' in form
    primary_first = form.split('name="reported_from"')[1].split("</select>")[0]
    assert primary_first.index(org.department.name) < primary_first.index(org.sibling_unit.name)

    client.post(
        REPORT_URL,
        report_data(org.unit, categories["nestenulykke"], reported_from=org.sibling_unit.pk),
    )

    case = Case.objects.get()
    assert (case.responsible_leader, case.deviation.reported_from) == (
        org.sibling_leader,
        org.sibling_unit,
    )
    assert case.deviation.unit == org.unit


def test_a_reporter_with_one_workplace_is_not_asked(client, org):
    client.force_login(org.reporter)

    assert 'name="reported_from"' not in client.get(REPORT_URL).content.decode()


def test_a_workplace_that_is_not_the_reporters_is_refused(client, org, categories):
    MembershipFactory(user=org.reporter, unit=org.sibling_unit, is_primary=False)
    client.force_login(org.reporter)

    response = client.post(
        REPORT_URL, report_data(org.unit, categories["nestenulykke"], reported_from=org.sector.pk)
    )

    assert response.status_code == 200
    assert errors_next_to(response, "reported_from")
    assert not Case.objects.exists()
    with pytest.raises(ValidationError):
        services.file_deviation(
            org.reporter,
            fields={
                "unit": org.unit,
                "reported_from": org.sector,
                "category": categories["nestenulykke"],
                "severity": "low",
                "title": "Test",
                "description": "Test",
                "occurred_at": timezone.now(),
            },
        )


def test_a_leaders_own_report_goes_to_their_nearest_leader_above(org):
    case = open_case(org, reporter=org.leader, unit=org.unit)

    assert (case.responsible_leader, case.responsible_unit) == (org.higher_leader, org.sector)
    assert not rules.may_handle(org.leader, case)
    with refused(case, PermissionDenied):
        services.acknowledge(case, by=org.leader)


def test_a_leader_of_two_levels_reporting_goes_past_both(org):
    org.sector.leader = org.leader
    org.sector.save()

    case = open_case(org, reporter=org.leader, unit=org.unit)

    assert case.responsible_leader == org.top_leader


# -- the injured employee's own leader --------------------------------------------------


@pytest.fixture
def cook(org):
    """An employee of the sibling unit (Hjemmetjenesten), whose leader is sibling_leader."""
    person = UserFactory(username="kokk", first_name="Kari", last_name="Kokk")
    MembershipFactory(user=person, unit=org.sibling_unit)
    return person


def _injury_to(org, categories, person, *, reporter=None):
    return services.file_deviation(
        reporter or org.reporter,
        fields={
            "unit": org.department,
            "category": categories["personskade"],
            "severity": "high",
            "title": "Brannskade ved komfyren",
            "description": "Kokken brente seg på en kjele.",
            "occurred_at": timezone.now(),
        },
        injury={
            "injured_person": person.display_name,
            "injured_employee": person,
            "injury_kind": "Brannskade på underarmen",
            "treatment": "first_aid",
            "absence": False,
        },
    ).case


def test_the_injured_employees_own_leader_reads_the_case_and_is_told(
    client, org, categories, cook, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        case = _injury_to(org, categories, cook)

    assert case.responsible_leader == org.leader
    assert case.injured_employees_leader == org.sibling_leader
    assert org.sibling_leader.email in addresses(mailoutbox)
    told = next(mail for mail in mailoutbox if mail.to == [org.sibling_leader.email])
    assert "Brannskade på underarmen" not in told.body  # notices carry no health data
    client.force_login(org.sibling_leader)
    html = unescape(client.get(f"/avvik/saker/{case.pk}/").content.decode())
    assert "Brannskade på underarmen" in html
    assert InjuryDetailsAccess.objects.filter(user=org.sibling_leader).count() == 1
    # They follow the employee up; they do not handle the case.
    assert not rules.may_handle(org.sibling_leader, case)
    assert rules.steps_for(org.sibling_leader, case) == frozenset()


def test_the_injured_employees_leader_stays_on_the_case_when_it_moves(
    org, categories, cook, mailoutbox, django_capture_on_commit_callbacks
):
    case = _injury_to(org, categories, cook)
    mailoutbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        services.forward_up_the_line(case, by=org.leader, reason="Krever ombygging")

    case.refresh_from_db()
    assert case.responsible_leader == org.higher_leader
    assert case.injured_employees_leader == org.sibling_leader
    assert Case.objects.visible_to(org.sibling_leader).filter(pk=case.pk).exists()
    assert rules.may_see_injury_details(org.sibling_leader, case)
    assert org.sibling_leader.email in addresses(mailoutbox)


def test_an_injury_the_reporter_files_about_themselves_keeps_their_own_leader(
    client, org, categories
):
    client.force_login(org.reporter)

    client.post(
        REPORT_URL,
        report_data(
            org.sibling_unit,
            categories["personskade"],
            injured_self="on",
            injured_person="",
            injury_kind="Forstuet ankel",
        ),
    )

    case = Case.objects.get()
    injury = case.deviation.injury_details
    assert (injury.injured_employee, injury.injured_person) == (
        org.reporter,
        org.reporter.display_name,
    )
    assert case.injured_employees_leader == org.leader


# -- handing a case sideways --------------------------------------------------------------


def test_the_leader_hands_a_case_sideways_to_the_unit_where_it_happened(
    org, mailoutbox, django_capture_on_commit_callbacks
):
    case = acknowledged_case(org, unit=org.sibling_unit)
    mailoutbox.clear()

    with one_new_event(case, CaseEvent.Kind.HANDED_OVER) as new:
        with django_capture_on_commit_callbacks(execute=True):
            services.hand_over_sideways(case, by=org.leader, reason="Løses der det skjedde")

    assert (case.responsible_leader, case.responsible_unit) == (
        org.sibling_leader,
        org.sibling_unit,
    )
    assert case.arrived_via == Case.ArrivedVia.HANDED_OVER
    event = new["event"]
    assert event.visible_to_reporter
    assert event.message == ""
    assert event.data == {
        "reason": "Løses der det skjedde",
        "from_leader": org.leader.pk,
        "from_unit": org.unit.pk,
        "to_leader": org.sibling_leader.pk,
        "to_unit": org.sibling_unit.pk,
    }
    # The first leader keeps read access, and no longer handles it.
    assert CaseReader.objects.filter(case=case, user=org.leader).exists()
    assert Case.objects.visible_to(org.leader).filter(pk=case.pk).exists()
    assert not rules.may_handle(org.leader, case)
    assert rules.may_handle(org.sibling_leader, case)
    # The new leader and the reporter are told; the reporter learns who has it now.
    assert addresses(mailoutbox) == sorted([org.sibling_leader.email, org.reporter.email])
    to_reporter = next(mail for mail in mailoutbox if mail.to == [org.reporter.email])
    assert org.sibling_leader.display_name in to_reporter.body
    assert f"/avvik/mine/{case.pk}/" in to_reporter.body


def test_a_case_that_happened_in_the_reporters_own_unit_cannot_go_sideways(org):
    case = acknowledged_case(org)
    assert "hand_over_sideways" not in rules.steps_for(org.leader, case)
    with refused(case, ValidationError, "already_there"):
        services.hand_over_sideways(case, by=org.leader, reason="Prøver")


def test_handing_over_needs_a_reason_a_handler_and_an_open_case(org):
    case = acknowledged_case(org, unit=org.sibling_unit)
    assert "hand_over_sideways" in rules.steps_for(org.leader, case)
    with refused(case, ValidationError, "reason_required"):
        services.hand_over_sideways(case, by=org.leader, reason=" ")
    for person in (org.sibling_leader, org.reporter, org.safety_rep, org.specialist):
        with refused(case, PermissionDenied):
            services.hand_over_sideways(case, by=person, reason="Der")
    services.close_as_not_a_deviation(case, by=org.leader, reason="Feil")
    with refused(case, ValidationError, "closed"):
        services.hand_over_sideways(case, by=org.leader, reason="Der")


def test_the_timeline_says_where_the_case_went_in_the_readers_language(client, org):
    case = acknowledged_case(org, unit=org.sibling_unit)
    services.hand_over_sideways(case, by=org.leader, reason="Løses der det skjedde")
    client.force_login(org.sibling_leader)

    html = unescape(client.get(f"/avvik/saker/{case.pk}/").content.decode())

    assert "Overført til Nina Nabo (Hjemmetjenesten), der det skjedde." in html
    assert "Løses der det skjedde" in html
    client.force_login(org.reporter)
    mine = unescape(client.get(f"/avvik/mine/{case.pk}/").content.decode())
    assert "Overført til Nina Nabo (Hjemmetjenesten)" in mine
    assert "Behandles av Nina Nabo (Hjemmetjenesten)" in mine


def test_a_case_filed_before_the_rule_keeps_its_handler_and_leader_line(org, categories):
    """No data migration moves existing cases: one routed by where it happened, with no
    workplace recorded, stays with that unit's leader, who still sees its health data."""
    from tests.cases.dashboard_cases import make_case

    old = make_case(
        org.sibling_unit,
        leader=org.sibling_leader,
        reporter=org.reporter,
        category="personskade",
    )
    assert old.deviation.reported_from is None

    assert rules.may_handle(org.sibling_leader, old)
    assert rules.may_see_injury_details(org.sibling_leader, old)
    assert not rules.may_handle(org.leader, old)


def test_a_leaders_own_report_is_never_handed_sideways_to_themselves(org):
    """The sector leader reports something in Solsiden: it goes to their own leader above,
    and from there sideways only to Solsiden's leader, never back to the reporter."""
    case = open_case(org, reporter=org.higher_leader, unit=org.unit)
    assert case.responsible_leader == org.top_leader
    assert rules.sideways_leader(case)[0] == org.leader

    own_unit_case = open_case(org, reporter=org.leader, unit=org.department)
    assert own_unit_case.responsible_leader == org.higher_leader
    # The unit where it happened is led by the reporter: the nearest other leader there is
    # the one who already has it, so there is nowhere to hand it.
    assert rules.sideways_leader(own_unit_case) == (None, None)


@pytest.mark.parametrize(
    ("where", "offered"),
    [
        ("sibling_unit", True),
        ("a vacant department of the sibling unit", True),
        ("department", False),
        ("a vacant department of the own unit", False),
    ],
)
def test_the_case_page_offers_the_hand_over_only_where_another_leader_would_take_it(
    client, org, where, offered
):
    """The page asks the database who leads where it happened (the nearest leader of
    that unit or a unit above it), the service asks in Python: both must agree."""
    from tests.factories import OrgUnitFactory

    parents = {
        "a vacant department of the sibling unit": org.sibling_unit,
        "a vacant department of the own unit": org.unit,
    }
    unit = (
        OrgUnitFactory(code="VAKANT", name="Vakant avdeling", parent=parents[where])
        if where in parents
        else getattr(org, where)
    )
    case = acknowledged_case(org, unit=unit)
    client.force_login(org.leader)

    page = client.get(f"/avvik/saker/{case.pk}/").content.decode()

    assert ("step-link-hand_over_sideways" in page) is offered
    assert ("hand_over_sideways" in rules.steps_for(org.leader, case)) is offered


@pytest.mark.postgres
def test_the_leader_where_it_happened_is_found_by_the_path_index(org):
    """The case page's question "who leads where it happened" reads the unit and its
    ancestors by their paths, never the whole unit table (bench/pages.py: 1.3 ms at 5,000
    units before, 0.2 ms after)."""
    from django.db import connection
    from django.db.models import OuterRef

    from orgchart.access import own_leader_id
    from orgchart.models import OrgUnit

    case = acknowledged_case(org, unit=org.sibling_unit)
    # A municipality's worth of led units, so that the planner prices reading them all.
    OrgUnit.objects.bulk_create(
        OrgUnit(code=f"LED{i}", name=f"Enhet {i}", parent=org.sector, leader=org.colleague,
                path=f"{org.sector.path}{90_000_000 + i:08d}/", depth=2)
        for i in range(2_000)
    )  # fmt: skip
    query = Case.objects.filter(pk=case.pk).annotate(
        leader_there=own_leader_id(
            OuterRef("deviation__reporter_id"), OuterRef("deviation__unit__path")
        )
    )
    sql, params = query.values("leader_there").query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE orgchart_orgunit")
        cursor.execute("EXPLAIN " + sql, params)
        plan = "\n".join(row[0] for row in cursor.fetchall())

    assert "orgchart_orgunit_path" in plan and "Seq Scan on orgchart_orgunit" not in plan, plan
    assert query.values_list("leader_there", flat=True).get() == org.sibling_leader.pk
