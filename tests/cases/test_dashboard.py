"""The dashboard ("Saker"): a leader's open cases, most urgent first; filters, sorting,
pages and counts per status; and the scopes, which never show a case the person could
not open."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone, translation

from cases import services
from cases.models import Case
from tests.avvik.filing import nb
from tests.cases.dashboard_cases import make_case

pytestmark = pytest.mark.django_db

DASHBOARD = "/avvik/saker/"
SCOPES = ["mine", "subtree", "area", "asked", "all"]


def listed(response) -> list[str]:
    assert response.status_code == 200
    return [row["reference"] for row in response.context["rows"]]


def refs(*cases) -> list[str]:
    return [case.deviation.reference for case in cases]


@pytest.fixture
def case_in(org, categories):
    """``case_in(unit, leader=…, severity=…, …)``: a case in that state (see make_case);
    by default in the reporter's department, handled by its leader."""

    def make(unit=None, **options):
        options.setdefault("leader", org.leader)
        options.setdefault("reporter", org.reporter)
        return make_case(unit or org.department, **options)

    return make


@pytest.fixture
def my_cases(org, case_in):
    """The leader's cases in several states, and two cases of other leaders."""
    cases = {
        "overdue_low": case_in(severity="low", days_ago=5, closure_due_in=-2),
        "unacknowledged_late": case_in(
            severity="medium",
            status=Case.Status.REPORTED,
            days_ago=2,
            closure_due_in=None,
            receipt_due_in=-1,
        ),
        "critical": case_in(severity="critical", days_ago=1),
        "high_old": case_in(severity="high", days_ago=20, category="personskade"),
        "high_new": case_in(severity="high", days_ago=3, status=Case.Status.EVALUATING),
        "closed": case_in(severity="critical", status=Case.Status.CLOSED, closure_due_in=-5),
        "sibling": case_in(org.sibling_unit, leader=org.sibling_leader, severity="critical"),
        "forwarded_up": case_in(leader=org.higher_leader, responsible_unit=org.sector),
    }
    return cases


# -- the default view --------------------------------------------------------------------


def test_default_view_lists_my_open_cases_overdue_first_then_by_severity_then_oldest(
    client, org, my_cases
):
    client.force_login(org.leader)

    response = client.get(DASHBOARD)

    assert listed(response) == refs(
        my_cases["unacknowledged_late"],  # overdue, medium
        my_cases["overdue_low"],  # overdue, low
        my_cases["critical"],
        my_cases["high_old"],
        my_cases["high_new"],
    )
    assert response.context["filters"].scope == "mine"


def test_counts_per_status_cover_my_cases_whatever_the_status_filter(client, org, my_cases):
    client.force_login(org.leader)

    for status in ["open", "closed", "all"]:
        counts = client.get(DASHBOARD, {"status": status}).context["counts"]

        assert counts.by_status == {
            "reported": 1,
            "in_progress": 3,
            "evaluating": 1,
            "closed": 1,
        }
        assert counts.open == 5
        assert counts.overdue == 2


def test_counts_follow_the_other_filters(client, org, my_cases):
    client.force_login(org.leader)

    counts = client.get(DASHBOARD, {"severity": "critical"}).context["counts"]

    assert counts.by_status == {"reported": 0, "in_progress": 1, "evaluating": 0, "closed": 1}


def test_counts_are_shown_above_the_list_as_links_to_that_status(client, org, my_cases):
    client.force_login(org.leader)

    html = client.get(DASHBOARD).content.decode()

    counts_at = html.index('id="counts-heading"')
    assert counts_at < html.index('id="list-heading"')
    assert (
        f'href="?status=in_progress"><span class="status-count-number">3</span> '
        f"{nb('In progress')}</a>" in html
    )
    assert '<span class="status-count-number">2</span> ' + nb("Overdue") in html


def test_overdue_cases_stand_out_with_a_badge_and_a_row_class(client, org, my_cases):
    client.force_login(org.leader)

    html = client.get(DASHBOARD).content.decode()

    rows = html.split("<tr")[2:]  # after the header row
    overdue_rows = [row for row in rows if 'class="case-overdue"' in row]
    assert len(overdue_rows) == 2
    for row in overdue_rows:
        assert f'<span class="badge badge-overdue">{nb("Overdue")}</span>' in row
    assert my_cases["critical"].deviation.reference not in "".join(overdue_rows)
    assert "badge-overdue" not in "".join(row for row in rows if row not in overdue_rows)


def test_each_row_links_to_the_case_page(client, org, my_cases):
    client.force_login(org.leader)

    html = client.get(DASHBOARD).content.decode()

    case = my_cases["critical"]
    assert f'href="/avvik/saker/{case.pk}/">{case.deviation.reference}</a>' in html


# -- filters -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("status", "expected"),
    [
        ("reported", ["unacknowledged_late"]),
        ("evaluating", ["high_new"]),
        ("closed", ["closed"]),
        # With closed cases in the list, the newest come first unless told otherwise.
        (
            "all",
            ["critical", "unacknowledged_late", "high_new", "overdue_low", "closed", "high_old"],
        ),
    ],
)
def test_status_filter(client, org, my_cases, status, expected):
    client.force_login(org.leader)

    response = client.get(DASHBOARD, {"status": status})

    assert listed(response) == refs(*[my_cases[name] for name in expected])


def test_urgency_order_can_still_be_chosen_with_closed_cases(client, org, my_cases):
    client.force_login(org.leader)

    response = client.get(DASHBOARD, {"status": "all", "sort": "urgency"})

    assert listed(response)[:2] == refs(my_cases["unacknowledged_late"], my_cases["overdue_low"])


def test_closed_cases_are_counted_up_to_a_cap(client, org, case_in, monkeypatch):
    monkeypatch.setattr("cases.dashboard.CLOSED_COUNT_CAP", 3)
    closed = [case_in(status=Case.Status.CLOSED, days_ago=n) for n in range(1, 6)]
    case_in()
    client.force_login(org.leader)

    response = client.get(DASHBOARD, {"status": "closed"})

    counts = response.context["counts"]
    assert counts.closed_capped
    assert ("closed", Case.Status.CLOSED.label, "3+") in counts.items()
    assert listed(response) == refs(*closed[:3])
    html = response.content.decode()
    assert '<span class="status-count-number">3+</span>' in html
    assert "1–3" in html and "3" in html
    assert client.get(DASHBOARD).context["counts"].open == 1


def test_severity_filter(client, org, my_cases):
    client.force_login(org.leader)

    response = client.get(DASHBOARD, {"severity": "high"})

    assert listed(response) == refs(my_cases["high_old"], my_cases["high_new"])


def test_category_filter(client, org, my_cases, categories):
    client.force_login(org.leader)

    response = client.get(DASHBOARD, {"category": categories["personskade"].pk})

    assert listed(response) == refs(my_cases["high_old"])


def test_a_category_taken_out_of_use_still_finds_its_older_cases(client, org, my_cases, categories):
    """The filter's categories are kept per process; one taken out of use in the admin
    stays in the list (its cases do not go away), and one renamed shows its new name."""
    client.force_login(org.leader)
    client.get(DASHBOARD)
    injury = categories["personskade"]
    injury.is_active = False
    injury.name_nb = "Personskade (gammel)"
    injury.save()

    response = client.get(DASHBOARD, {"category": injury.pk})

    assert listed(response) == refs(my_cases["high_old"])
    assert f'<option value="{injury.pk}" selected>Personskade (gammel)</option>' in (
        response.content.decode()
    )


def test_unit_filter_includes_everything_under_the_unit(client, org, case_in):
    in_department = case_in(org.department, days_ago=2)
    in_unit = case_in(org.unit, days_ago=1)
    client.force_login(org.leader)

    whole_unit = client.get(DASHBOARD, {"scope": "subtree", "unit": org.unit.code})
    department = client.get(DASHBOARD, {"scope": "subtree", "unit": org.department.code})

    assert listed(whole_unit) == refs(in_department, in_unit)
    assert listed(department) == refs(in_department)


def test_unit_filter_offers_only_units_of_the_scope(client, org, case_in):
    mine = case_in(org.department)
    theirs = case_in(org.sibling_unit, leader=org.sibling_leader)
    client.force_login(org.leader)

    response = client.get(DASHBOARD, {"scope": "subtree", "unit": org.sibling_unit.code})

    offered = [code for code, _label in response.context["filters"].form.fields["unit"].choices]
    assert offered == ["", org.unit.code, org.department.code]
    assert "unit" in response.context["filters"].form.errors
    assert listed(response) == refs(mine)
    assert theirs.deviation.reference not in response.content.decode()


def test_overdue_filter(client, org, my_cases):
    client.force_login(org.leader)

    response = client.get(DASHBOARD, {"overdue": "on"})

    assert listed(response) == refs(my_cases["unacknowledged_late"], my_cases["overdue_low"])


def test_escalated_or_forwarded_to_me_filter(client, org, case_in):
    forwarded = case_in(days_ago=4, responsible_unit=org.unit)
    services.forward_up_the_line(forwarded, by=org.leader, reason="Trenger nytt budsjett")
    escalated = case_in(
        org.sibling_unit,
        leader=org.higher_leader,
        responsible_unit=org.sector,
        arrived_via=Case.ArrivedVia.ESCALATED,
        days_ago=3,
    )
    own = case_in(org.sector, leader=org.higher_leader, days_ago=2)
    client.force_login(org.higher_leader)

    everything = client.get(DASHBOARD)
    up_the_line = client.get(DASHBOARD, {"up_the_line": "on"})

    assert set(listed(everything)) == set(refs(forwarded, escalated, own))
    assert listed(up_the_line) == refs(forwarded, escalated)


def test_date_range_filter_counts_whole_local_days(client, org, case_in):
    old = case_in(days_ago=30)
    middle = case_in(days_ago=10)
    recent = case_in(days_ago=1)
    client.force_login(org.leader)
    day = timezone.localdate(middle.deviation.reported_at)

    both_ends = client.get(DASHBOARD, {"reported_from": day, "reported_to": day})
    from_only = client.get(DASHBOARD, {"reported_from": day - timedelta(days=1)})
    to_only = client.get(DASHBOARD, {"reported_to": day})

    assert listed(both_ends) == refs(middle)
    assert set(listed(from_only)) == set(refs(middle, recent))
    assert set(listed(to_only)) == set(refs(old, middle))


def test_free_text_finds_words_in_the_title_and_the_reference(client, org, case_in):
    slippery = case_in(title="Glatt gulv i gangen")
    fire = case_in(title="Branntilløp på kjøkkenet")
    client.force_login(org.leader)

    by_word = client.get(DASHBOARD, {"q": "GULV"})
    by_reference = client.get(DASHBOARD, {"q": fire.deviation.reference.lower()})
    by_number = client.get(DASHBOARD, {"q": fire.deviation.reference[-6:]})

    assert listed(by_word) == refs(slippery)
    assert listed(by_reference) == refs(fire)
    assert listed(by_number) == refs(fire)


@pytest.mark.parametrize(
    ("sort", "expected"),
    [
        ("newest", ["critical", "unacknowledged_late", "high_new", "overdue_low", "high_old"]),
        ("oldest", ["high_old", "overdue_low", "high_new", "unacknowledged_late", "critical"]),
        # Deadlines (closure, or receipt before that): -2 days, -1, then +20 by id.
        ("deadline", ["overdue_low", "unacknowledged_late", "critical", "high_old", "high_new"]),
        ("severity", ["critical", "high_new", "high_old", "unacknowledged_late", "overdue_low"]),
    ],
)
def test_sorting(client, org, my_cases, sort, expected):
    client.force_login(org.leader)

    response = client.get(DASHBOARD, {"sort": sort})

    assert listed(response) == refs(*[my_cases[name] for name in expected])


@pytest.mark.parametrize("sort", ["newest", "oldest"])
def test_a_few_units_cases_sorted_whole_come_in_the_order_found_by_walking_the_dates(
    client, org, my_cases, sort
):
    """A small selection is sorted whole (cases.dashboard.ordered): the same order as
    the whole organisation's, which PostgreSQL finds by walking the index of dates."""
    client.force_login(org.leader)
    whole = listed(client.get(DASHBOARD, {"scope": "subtree", "status": "all", "sort": sort}))
    client.force_login(org.hms_admin)
    walked = listed(client.get(DASHBOARD, {"scope": "all", "status": "all", "sort": sort}))

    assert len(whole) >= 5
    assert whole == [reference for reference in walked if reference in whole]


def test_only_a_scope_of_few_units_is_sorted_whole(org, my_cases, monkeypatch):
    """Sorting whole reads every case of the selection: right for a unit leader's few
    thousand, wrong for a sector's hundred thousand, a chief safety representative's
    whole organisation or everything."""
    from django.http import QueryDict

    from cases import dashboard
    from cases.filters import CaseFilter

    def order_by(user, scope):
        query = CaseFilter(QueryDict(f"scope={scope}&status=all"), user=user).qs.query
        return str(query).split("ORDER BY")[1]

    assert "+" in order_by(org.leader, "subtree")
    assert "+" in order_by(org.leader, "mine")
    assert "+" in order_by(org.safety_rep, "area")
    assert "+" not in order_by(org.hms_admin, "all")
    assert "+" not in order_by(org.top_leader, "subtree")
    assert "+" not in order_by(org.specialist, "asked"), "asked on any share of all cases"
    monkeypatch.setattr(dashboard, "FEW_UNITS", 1)
    assert "+" not in order_by(org.higher_leader, "subtree"), "a sector of 4 units"
    assert "+" not in order_by(org.safety_rep, "area"), "an area of 2 units"


def test_pages_of_25_with_the_total_above(client, org, case_in):
    cases = [case_in(days_ago=60 - n) for n in range(30)]
    client.force_login(org.leader)

    first = client.get(DASHBOARD, {"sort": "oldest"})
    second = client.get(DASHBOARD, {"sort": "oldest", "page": 2})

    assert listed(first) == refs(*cases[:25])
    assert listed(second) == refs(*cases[25:])
    html = second.content.decode()
    assert "26–30" in html and "30" in html
    assert 'href="?sort=oldest&amp;page=1"' in html


def test_nonsense_in_the_query_string_is_ignored_not_an_error(client, org, my_cases):
    client.force_login(org.leader)

    response = client.get(
        DASHBOARD,
        {
            "scope": "everything",
            "status": "deleted",
            "sort": "-pk",
            "page": "last-but-one",
            "reported_from": "yesterday",
            "unit": "NOPE",
            "category": "999999",
            "severity": "apocalyptic",
        },
    )

    assert response.status_code == 200
    assert response.context["filters"].scope == "mine"
    assert set(listed(response)) <= set(refs(*my_cases.values()))
    assert my_cases["sibling"].deviation.reference not in response.content.decode()


# -- scopes ------------------------------------------------------------------------------


def test_higher_leader_sees_both_units_of_the_subtree(client, org, case_in):
    mine_below = case_in(org.department, leader=org.leader)
    sibling = case_in(org.sibling_unit, leader=org.sibling_leader)
    elsewhere = case_in(org.specialist_unit, leader=org.top_leader)
    client.force_login(org.higher_leader)

    default = client.get(DASHBOARD)
    subtree = client.get(DASHBOARD, {"scope": "subtree"})

    assert default.context["filters"].scopes == ["mine", "subtree"]
    assert listed(default) == []
    assert set(listed(subtree)) == set(refs(mine_below, sibling))
    # A whole subtree is listed earliest deadline first (see dashboard.default_ordering).
    assert subtree.context["filters"].form.cleaned_data["sort"] == "deadline"
    assert elsewhere.deviation.reference not in subtree.content.decode()


@pytest.mark.parametrize("scope", SCOPES)
def test_sibling_leader_never_sees_another_units_case(client, org, case_in, scope):
    theirs = case_in(org.department, leader=org.leader, status=Case.Status.REPORTED)
    own = case_in(org.sibling_unit, leader=org.sibling_leader)
    client.force_login(org.sibling_leader)

    response = client.get(DASHBOARD, {"scope": scope, "status": "all"})

    assert theirs.deviation.reference not in response.content.decode()
    assert listed(response) == refs(own)


def test_safety_representative_sees_the_cases_of_the_area(client, org, case_in):
    in_area = case_in(org.department)
    outside = case_in(org.sibling_unit, leader=org.sibling_leader)
    client.force_login(org.safety_rep)

    response = client.get(DASHBOARD)

    assert response.context["filters"].scopes == ["area"]
    assert listed(response) == refs(in_area)
    assert outside.deviation.reference not in response.content.decode()


def test_specialist_sees_only_the_cases_their_unit_was_asked_to_help_on(client, org, case_in):
    asked = case_in(org.department)
    services.request_assistance(
        asked, by=org.leader, specialist_unit=org.specialist_unit, message="Se på gulvet"
    )
    not_asked = case_in(org.department)
    client.force_login(org.specialist)

    response = client.get(DASHBOARD)

    assert response.context["filters"].scopes == ["asked"]
    assert listed(response) == refs(asked)
    assert not_asked.deviation.reference not in response.content.decode()


def test_hms_admin_sees_all_cases(client, org, my_cases):
    client.force_login(org.hms_admin)

    response = client.get(DASHBOARD, {"status": "all"})

    assert response.context["filters"].scopes == ["all"]
    assert set(listed(response)) == set(refs(*my_cases.values()))


@pytest.mark.parametrize("who", ["outsider", "colleague", "reporter", "amu_member"])
@pytest.mark.parametrize("scope", ["", *SCOPES])
def test_people_without_a_role_get_a_friendly_page_and_no_cases(client, org, my_cases, who, scope):
    client.force_login(getattr(org, who))

    response = client.get(DASHBOARD, {"scope": scope, "status": "all"})

    assert response.status_code == 200
    html = response.content.decode()
    assert 'href="/avvik/mine/"' in html
    assert "cases" not in response.context
    for case in my_cases.values():
        assert case.deviation.reference not in html


def test_a_former_leader_still_responsible_for_a_case_sees_it(client, org, case_in):
    case = case_in(org.department, leader=org.colleague)
    client.force_login(org.colleague)

    response = client.get(DASHBOARD)

    assert response.context["filters"].scopes == ["mine"]
    assert listed(response) == refs(case)


def test_anonymous_is_sent_to_the_login_page(client):
    response = client.get(DASHBOARD)

    assert response.status_code == 302
    assert response["Location"].startswith("/logg-inn/")


# -- a fixed number of queries -----------------------------------------------------------


def _many_cases(org, categories, count: int) -> None:
    from avvik.models import Deviation

    now = timezone.now()
    deviations = Deviation.objects.bulk_create(
        Deviation(
            reference=f"AV-2026-{n:06d}",
            reporter=org.reporter,
            unit=org.department if n % 2 else org.unit,
            occurred_at=now,
            category=categories["nestenulykke" if n % 3 else "personskade"],
            severity=["low", "medium", "high", "critical"][n % 4],
            title=f"Melding {n}",
            description="Beskrivelse",
        )
        for n in range(1, count + 1)
    )
    Case.objects.bulk_create(
        Case(
            deviation=deviation,
            deviation_unit=deviation.unit,
            responsible_unit=org.unit,
            responsible_leader=org.leader,
            status=Case.Status.IN_PROGRESS,
            closure_due=now + timedelta(days=(n % 5) - 2),
        )
        for n, deviation in enumerate(deviations)
    )


# Session and user (2), roles (5), the chosen unit and the unit choices (2), the open and
# the closed counts, the categories and the page of cases (4), and the sliding session
# saved again (3).
MAX_QUERIES = 16


@pytest.mark.parametrize("count", [1, 200])
@pytest.mark.parametrize(
    "query",
    [
        {},
        {"scope": "subtree", "unit": "SOL-SK", "severity": "medium", "q": "Melding"},
        {"status": "all", "overdue": "on", "sort": "newest", "page": "2"},
    ],
)
def test_the_dashboard_uses_the_same_few_queries_for_1_or_200_cases(
    client, org, categories, django_assert_max_num_queries, count, query
):
    _many_cases(org, categories, count)
    client.force_login(org.leader)

    with django_assert_max_num_queries(MAX_QUERIES):
        response = client.get(DASHBOARD, query)

    assert response.status_code == 200
    if count == 200:
        assert response.context["cases"], "the page must list cases for the count to mean much"


@pytest.mark.parametrize(
    ("who", "shown"),
    [
        ("leader", True),
        ("safety_rep", True),
        ("specialist", True),
        ("hms_admin", True),
        ("reporter", False),
        ("amu_member", False),
    ],
)
def test_the_menu_links_to_the_dashboard_for_those_with_cases_to_follow(client, org, who, shown):
    client.force_login(getattr(org, who))

    html = client.get("/").content.decode()

    assert ('href="/avvik/saker/"' in html) is shown


@pytest.mark.parametrize("language", ["nb", "en"])
def test_short_dates_in_the_list_read_as_djangos_own_in_local_time(language):
    from datetime import UTC, datetime

    from django.template import Context, Template
    from django.utils import translation

    ours = Template("{% load case_list %}{{ value|short_date }}")
    djangos = Template('{{ value|date:"SHORT_DATE_FORMAT" }}')
    # 23:30 UTC is already the next day in Oslo.
    moment = datetime(2026, 3, 31, 23, 30, tzinfo=UTC)
    with translation.override(language):
        for value in [moment, moment.date(), None]:
            context = Context({"value": value})
            assert ours.render(context) == djangos.render(context)
    with translation.override("nb"):
        assert ours.render(Context({"value": moment})) == "01.04.2026"


def _plan(queryset) -> str:
    from django.db import connection

    sql, params = queryset.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("EXPLAIN " + sql, params)
        return "\n".join(row[0] for row in cursor.fetchall())


@pytest.mark.postgres
def test_filters_are_answered_from_indexes_on_postgres(org, case_in):
    """With sequential scans priced out, the views must still find an index to use: the
    unit's path prefix, and a leader's own cases (bench/pages.py shows the plans at a
    million deviations)."""
    from django.http import QueryDict

    from cases.filters import CaseFilter

    case_in()

    def plan(query: str, user=None) -> str:
        return _plan(CaseFilter(QueryDict(query), user=user or org.leader).qs[:25])

    by_unit = plan(f"scope=subtree&unit={org.department.code}")
    # Either the unit's subtree is found by its path index, or (when the statistics left
    # by earlier tests make the open cases look few) the cases come from their index and
    # each one's unit by its key: never by reading a table through.
    assert "Seq Scan" not in by_unit, by_unit
    assert ("orgchart_orgunit_path" in by_unit and "_like" in by_unit) or (
        "case_open_by" in by_unit and "orgchart_orgunit_pkey" in by_unit
    ), by_unit
    mine = plan("")
    assert "Index" in mine and "responsible_leader" in mine, mine
    # A higher leader's whole subtree: the open cases found from the case's own columns
    # (where it happened, which unit handles it), not by reading every deviation under
    # the sector. Which case index wins depends on the data: at a million deviations
    # bench/pages.py's --plans shows the two unit indexes combined (BitmapOr).
    from cases.dashboard import OPEN_STATUSES, cases_in_scope

    subtree = cases_in_scope(org.higher_leader, "subtree")
    open_plan = _plan(subtree.filter(status__in=OPEN_STATUSES).values("status"))
    assert "on cases_case" in open_plan and "Seq Scan" not in open_plan, open_plan
    assert "avvik_deviation" not in open_plan, open_plan


def test_each_row_shows_its_deadline_and_who_has_the_case_in_the_readers_language(
    client, org, case_in
):
    """The rows are written out in Python (cases/case_rows.py) and only displayed by
    the template: every kind of deadline and leader cell, in bokmål and in English."""
    from cases.templatetags.case_list import short_date

    rows = {
        "closure": case_in(closure_due_in=3),
        "receipt": case_in(status=Case.Status.REPORTED, closure_due_in=None, receipt_due_in=2),
        "none": case_in(closure_due_in=None),
        "closed": case_in(status=Case.Status.CLOSED, closure_due_in=None),
        "escalated": case_in(arrived_via=Case.ArrivedVia.ESCALATED),
    }
    client.force_login(org.leader)

    for language, texts in {
        "nb": ("Mottak innen", "ble behandlet av", "Eskalert", "Under behandling"),
        "en": ("Receipt by", "was handled by", "Escalated", "In progress"),
    }.items():
        receipt_by, handled_by, escalated, in_progress = texts
        org.leader.language = language
        org.leader.save()
        html = client.get(DASHBOARD, {"status": "all"}).content.decode()

        def row(kind, html=html):
            reference = rows[kind].deviation.reference
            return html[html.index(reference) : html.index("</tr>", html.index(reference))]

        closure_due = short_date(rows["closure"].closure_due)
        assert f'<td class="text-nowrap">{closure_due}</td>' in row("closure")
        receipt_due = short_date(rows["receipt"].receipt_due)
        assert f'<td class="text-nowrap">{receipt_by} {receipt_due}</td>' in row("receipt")
        assert '<td class="text-nowrap">–</td>' in row("none")
        assert (
            f'<span class="text-body-secondary">{handled_by} {org.leader.display_name}</span>'
            in row("closed")
        )
        assert f"{org.leader.display_name}</td>" in row("none")
        assert f'badge-escalated">{escalated}</span>' in row("escalated")
        assert f'<span class="badge status-in_progress">{in_progress}</span>' in row("none")
        assert f'href="/avvik/saker/{rows["none"].pk}/"' in html
        category = rows["none"].deviation.category
        with translation.override(language):
            assert f"{rows['none'].deviation.unit.name} · {category.name}<" in row("none")
