"""Each dashboard scope is written on its own for speed (see cases.dashboard.cases_in_scope);
these tests hold every one of them, for every role, to being part of what
Case.objects.visible_to lets that person open."""

from __future__ import annotations

import pytest

from cases import services
from cases.dashboard import Scope, cases_in_scope, scopes_for
from cases.models import Case, CaseReader
from tests.cases.dashboard_cases import make_case

pytestmark = pytest.mark.django_db

PEOPLE = [
    "top_leader",
    "higher_leader",
    "leader",
    "sibling_leader",
    "reporter",
    "colleague",
    "specialist",
    "safety_rep",
    "amu_member",
    "outsider",
    "hms_admin",
]


@pytest.fixture
def every_kind_of_case(org, categories):
    """Cases in every unit, routed, forwarded, escalated, asked about, closed."""
    cases = []
    for unit, leader in [
        (org.department, org.leader),
        (org.unit, org.leader),
        (org.sibling_unit, org.sibling_leader),
        (org.sector, org.higher_leader),
        (org.kommune, org.top_leader),
        (org.specialist_unit, org.top_leader),
    ]:
        for status in [Case.Status.REPORTED, Case.Status.IN_PROGRESS, Case.Status.CLOSED]:
            cases.append(make_case(unit, leader=leader, reporter=org.reporter, status=status))
    forwarded = make_case(org.department, leader=org.leader, reporter=org.colleague)
    forwarded.responsible_unit = org.unit
    forwarded.save()
    services.forward_up_the_line(forwarded, by=org.leader, reason="Over budsjett")
    escalated = make_case(
        org.sibling_unit,
        leader=org.higher_leader,
        reporter=org.reporter,
        responsible_unit=org.sector,
        arrived_via=Case.ArrivedVia.ESCALATED,
    )
    asked = make_case(org.sibling_unit, leader=org.sibling_leader, reporter=org.reporter)
    services.request_assistance(
        asked, by=org.sibling_leader, specialist_unit=org.specialist_unit, message="Hjelp"
    )
    # A reader who was never asked as a specialist: the "asked" scope must not list it.
    read_only = make_case(org.sibling_unit, leader=org.sibling_leader, reporter=org.reporter)
    CaseReader.objects.create(case=read_only, user=org.specialist)
    return [*cases, forwarded, escalated, asked, read_only]


@pytest.mark.parametrize("who", PEOPLE)
@pytest.mark.parametrize("scope", list(Scope))
def test_every_scope_lists_only_cases_the_person_may_open(org, every_kind_of_case, who, scope):
    person = getattr(org, who)

    listed = set(cases_in_scope(person, scope).values_list("pk", flat=True))
    visible = set(Case.objects.visible_to(person).values_list("pk", flat=True))

    assert listed <= visible


@pytest.mark.parametrize("who", PEOPLE)
def test_scopes_not_offered_list_nothing(org, every_kind_of_case, who):
    person = getattr(org, who)
    offered = scopes_for(person)

    for scope in set(Scope) - set(offered):
        if scope == Scope.MINE:
            continue  # "mine" is offered only with cases, and lists only those
        assert not cases_in_scope(person, scope).exists(), (who, scope)


def test_the_asked_scope_needs_the_request_not_just_read_access(org, every_kind_of_case):
    asked = set(cases_in_scope(org.specialist, Scope.ASKED).values_list("pk", flat=True))

    assert asked == {every_kind_of_case[-2].pk}


def test_someone_who_joined_the_specialist_unit_later_sees_the_asked_case(org, every_kind_of_case):
    from tests.factories import MembershipFactory, UserFactory

    newcomer = UserFactory(username="nyansatt")
    MembershipFactory(user=newcomer, unit=org.specialist_unit)

    asked = set(cases_in_scope(newcomer, Scope.ASKED).values_list("pk", flat=True))

    assert asked == {every_kind_of_case[-2].pk}
    assert scopes_for(newcomer) == [Scope.ASKED]


def test_the_subtree_scope_covers_the_units_where_cases_happened_or_are_handled(
    org, every_kind_of_case
):
    subtree = cases_in_scope(org.higher_leader, Scope.SUBTREE)

    units = set(subtree.values_list("deviation__unit__code", flat=True))
    assert units == {"HO", "SOL", "SOL-SK", "HJT"}
    assert subtree.count() == 3 * 4 + 4  # three states in each of four units, and four more


def test_units_i_lead_lists_what_my_units_handle_and_what_happened_in_them(org, categories):
    """The routine gives a case to the reporter's own leader, wherever it happened: the
    leader of the reporter's unit lists it, and so does the leader where it happened."""
    elsewhere = make_case(org.sibling_unit, leader=org.leader, reporter=org.reporter)
    elsewhere.responsible_unit = org.unit
    elsewhere.save()
    other_unit = make_case(org.sibling_unit, leader=org.sibling_leader, reporter=org.colleague)

    def listed(leader) -> set[int]:
        return set(cases_in_scope(leader, Scope.SUBTREE).values_list("pk", flat=True))

    assert listed(org.leader) == {elsewhere.pk}
    assert listed(org.sibling_leader) == {elsewhere.pk, other_unit.pk}

    services.hand_over_sideways(elsewhere, by=org.leader, reason="Skjedde der")
    # Handed to the unit where it happened: no longer handled in the first leader's units
    # (they keep reading it, as visible_to says), still listed where it happened.
    assert listed(org.leader) == set()
    assert listed(org.sibling_leader) == {elsewhere.pk, other_unit.pk}
    assert Case.objects.visible_to(org.leader).filter(pk=elsewhere.pk).exists()


def test_anonymous_has_no_scopes_and_no_cases(every_kind_of_case):
    from django.contrib.auth.models import AnonymousUser

    assert scopes_for(AnonymousUser()) == []
    for scope in Scope:
        assert not cases_in_scope(AnonymousUser(), scope).exists()


def test_the_top_leaders_units_are_every_case_without_naming_the_units(
    org, every_kind_of_case, django_assert_num_queries
):
    """The top of the only tree: all cases, found without the list of every unit, which
    costs PostgreSQL more to plan than to answer at thousands of units."""
    from orgchart.access import access_for

    access_for(org.top_leader)  # the person's roles, read once per request
    with django_assert_num_queries(1) as queries:  # is there another top?
        subtree = cases_in_scope(org.top_leader, Scope.SUBTREE)

    assert "orgchart_orgunit" in queries.captured_queries[0]["sql"]
    assert set(subtree.values_list("pk", flat=True)) == set(
        Case.objects.values_list("pk", flat=True)
    )
    assert "orgchart_orgunit" not in str(subtree.query)


def test_a_leader_of_one_of_two_trees_gets_only_the_cases_of_their_own(org, categories):
    """A second top unit (say, an inter-municipal company in the same installation): the
    first top leader's units are no longer everything."""
    from tests.factories import OrgUnitFactory, UserFactory

    own = make_case(org.unit, leader=org.leader, reporter=org.reporter)
    other_top = OrgUnitFactory(code="IKS", name="Interkommunalt selskap", leader=UserFactory())
    other = make_case(other_top, leader=other_top.leader, reporter=org.reporter)

    listed = set(cases_in_scope(org.top_leader, Scope.SUBTREE).values_list("pk", flat=True))

    assert own.pk in listed and other.pk not in listed


def test_the_top_leaders_dashboard_reads_no_list_of_units(client, org, every_kind_of_case):
    """Neither the scope nor the order (all statuses, newest first) asks for the ids of
    every unit: 5,000 of them cost this process 3 ms and PostgreSQL 8 ms a query."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(org.top_leader)
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/avvik/saker/", {"scope": "subtree", "status": "all"})

    assert len(response.context["rows"]) == len(every_kind_of_case)
    sql = [query["sql"] for query in queries.captured_queries]
    assert not any("bigint[]" in each for each in sql)
    assert not any(each.startswith('SELECT "orgchart_orgunit"."id"') for each in sql), sql
