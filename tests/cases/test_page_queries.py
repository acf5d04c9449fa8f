"""The case page and filing a report each make at most twelve queries, however much the
case holds (issue 16: every page at most 12, at a million deviations)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from avvik.attachments import check_upload
from avvik.services import store_attachment
from cases import services
from cases.models import Case
from tests.avvik.filing import REPORT_URL, jpeg, report_data
from tests.cases.workflow import assess, due
from tests.factories import MembershipFactory, OrgUnitFactory

pytestmark = pytest.mark.django_db

MAX_QUERIES = 12


def injury_case(org, categories, *, rows: int) -> Case:
    """A personal injury in progress, filed with a photo, with ``rows`` of each thing the
    page lists: corrective actions (the first ones done), risk assessments, effect
    evaluations, specialist units asked to help, comments."""
    case = services.file_deviation(
        org.reporter,
        fields={
            "unit": org.department,
            "category": categories["personskade"],
            "severity": "medium",
            "title": "Kuttet seg på kjøkkenet",
            "description": "Kniv gled under oppvask.",
            "occurred_at": timezone.now() - timedelta(hours=3),
        },
        injury={
            "injured_person": "Per Pasientsen",
            "injury_kind": "Kutt i fingeren",
            "treatment": "first_aid",
            "absence": False,
        },
    ).case
    for n in range(min(rows, 5)):
        store_attachment(
            check_upload(jpeg(f"bilde{n}.jpg")), by=org.reporter, deviation=case.deviation
        )
    services.acknowledge(case, by=org.leader)
    for n in range(rows):
        unit = OrgUnitFactory(
            code=f"FAG{n}", name=f"Faginstans {n}", parent=org.kommune, is_specialist_unit=True
        )
        services.request_assistance(case, by=org.leader, specialist_unit=unit, message="Hjelp")
        action = services.add_corrective_action(
            case, by=org.leader, description=f"Tiltak {n}", assignee=org.colleague, due_date=due()
        )
        services.complete_action(action, by=org.colleague)
        assess(case, org.leader)
        services.comment(case, by=org.leader, text=f"Kommentar {n}")
        # Not effective: back to work, with the next action.
        services.evaluate_effect(case, by=org.leader, effective=False, note="Virket ikke")
    services.add_corrective_action(
        case, by=org.leader, description="Nytt tiltak", assignee=org.colleague, due_date=due()
    )
    case.refresh_from_db()
    assert case.status == Case.Status.IN_PROGRESS
    return case


@pytest.mark.parametrize("rows", [1, 8])
def test_case_page_queries_do_not_grow_with_the_case(
    client, org, categories, django_assert_max_num_queries, rows
):
    case = injury_case(org, categories, rows=rows)
    client.force_login(org.leader)
    # The first page after signing in writes the session; later ones, once a minute.
    client.get("/avvik/saker/")

    with django_assert_max_num_queries(MAX_QUERIES):
        response = client.get(f"/avvik/saker/{case.pk}/")

    assert response.status_code == 200
    html = response.content.decode()
    # All of it is on the page: the injury, the photos, every action, assessment,
    # evaluation, specialist unit asked, and the timeline.
    assert "Kutt i fingeren" in html
    assert html.count("bilde") >= min(rows, 5)
    assert "Nytt tiltak" in html and f"Tiltak {rows - 1}" in html
    assert f"Faginstans {rows - 1}" in html
    assert f"Kommentar {rows - 1}" in html


# Issue 16 asks for at most 12: the session, the person, the report's unit, the number,
# the report, its files, routing, the case, its event, the safety representatives looked
# up, and one insert for the notices to the leader and the safety representative
# (savepoints not counted). The reporter's workplaces, the categories and the deadlines
# are read once: the workplaces per request, the two small tables per process.
FILING_QUERIES = 12


@pytest.mark.parametrize("earlier_reports", [0, 6])
def test_filing_a_report_takes_as_many_queries_however_much_was_filed_before(
    client, org, categories, earlier_reports
):
    client.force_login(org.reporter)
    client.get(REPORT_URL)
    for _ in range(earlier_reports):
        client.post(REPORT_URL, report_data(org.department, categories["nestenulykke"]))
    data = report_data(org.department, categories["nestenulykke"])

    with CaptureQueriesContext(connection) as captured:
        response = client.post(REPORT_URL, data)
    own = [q for q in captured.captured_queries if "SAVEPOINT" not in q["sql"]]
    assert len(own) <= FILING_QUERIES, "\n".join(q["sql"][:120] for q in own)

    assert response.status_code == 302
    case = Case.objects.get(deviation__submission_token=data["submission_token"])
    assert case.responsible_leader == org.leader
    assert case.deviation.reference.startswith(f"AV-{timezone.localdate().year}-")
    assert case.events.filter(kind="reported").exists()
    assert org.leader.notifications.filter(template="cases.new_case").exists()


def test_the_filing_form_reads_the_reporters_workplaces_once(client, org, categories):
    """The form's unit list, its "which workplace" choice and the primary unit all come
    from one read of the reporter's workplaces; categories and severities are kept per
    process, so the page asks only for the session, the person and the workplaces."""
    MembershipFactory(user=org.reporter, unit=org.sibling_unit, is_primary=False)
    client.force_login(org.reporter)
    client.get(REPORT_URL)  # the kept rows, as any earlier page in the process

    with CaptureQueriesContext(connection) as captured:
        page = client.get(REPORT_URL).content.decode()

    workplaces = [
        q for q in captured.captured_queries if '"orgchart_membership"."is_primary"' in q["sql"]
    ]
    assert len(captured.captured_queries) <= 3, "\n".join(
        q["sql"][:120] for q in captured.captured_queries
    )
    assert len(workplaces) == 1
    offered = page[
        page.index('name="reported_from"') : page.index(
            "</select>", page.index('name="reported_from"')
        )
    ]
    assert org.department.name in offered and org.sibling_unit.name in offered
