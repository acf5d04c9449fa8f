"""The case page: each step's form posts, and the page then shows what it did; a refusal
from the service comes back next to the field it is about."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from cases import services
from cases.models import Action, Case, CaseEvent
from tests.cases.workflow import (
    REVIEWED,
    acknowledged_case,
    assess,
    due,
    open_case,
    ready_to_close,
)
from tests.factories import MembershipFactory, OrgUnitFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english(settings):
    """The page is read by its English source strings: translations may change."""
    settings.LANGUAGE_CODE = "en"


def page(client, case, *, opened: str = "") -> str:
    """The case page, with the folded step ``opened`` opened as its link does."""
    response = client.get(f"/avvik/saker/{case.pk}/", {"steg": opened} if opened else {})
    assert response.status_code == 200
    return response.content.decode()


def post(client, case, step: str, data: dict, *, follow: bool = True):
    return client.post(f"/avvik/saker/{case.pk}/{step}/", data, follow=follow)


def text_of(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def field_error(html: str, field_id: str) -> str:
    """The error crispy shows under the field with this id."""
    found = re.search(rf'id="error_\d+_{field_id}"[^>]*>(.*?)</(?:span|div|p)>', html, re.S)
    assert found, f"no error shown next to {field_id}"
    return text_of(found.group(1))


def step_forms(html: str) -> set[str]:
    return set(re.findall(r'class="step-form step-(\w+)', html))


def folded_steps(html: str) -> set[str]:
    """The steps offered only as a link that opens their form."""
    return set(re.findall(r'class="step-link step-link-(\w+)"', html))


# -- which steps are offered ------------------------------------------------------------


def test_a_new_case_offers_acknowledge_with_the_deadline_from_the_severity(client, org):
    case = open_case(org, severity="high")
    client.force_login(org.leader)

    html = page(client, case)

    expected = timezone.localdate(services.default_closure_due(case))
    assert f'name="closure_due" value="{expected.isoformat()}"' in html
    assert "acknowledge" in step_forms(html)
    assert folded_steps(html) >= {"forward_up_the_line", "close_as_duplicate"}
    offered = step_forms(html) | folded_steps(html)
    assert "add_corrective_action" not in offered
    assert "reopen" not in offered


def test_rarely_used_steps_are_folded_and_the_expected_one_is_not(client, org):
    case = open_case(org)
    client.force_login(org.leader)

    html = page(client, case)

    assert "forward_up_the_line" in folded_steps(html)
    assert "forward_up_the_line" not in step_forms(html)
    assert 'name="reason"' not in html
    assert "acknowledge" in step_forms(html)
    assert "acknowledge" not in folded_steps(html)


def test_a_folded_step_opens_with_its_form_from_its_link(client, org):
    case = open_case(org)
    client.force_login(org.leader)
    link = re.search(
        r'class="step-link step-link-forward_up_the_line" href="([^"]+)"', page(client, case)
    )

    html = client.get(
        f"/avvik/saker/{case.pk}/" + link.group(1).replace("&amp;", "&")
    ).content.decode()

    assert "forward_up_the_line" in step_forms(html)
    assert "forward_up_the_line" not in folded_steps(html)
    assert 'id="h-step-forward_up_the_line"' in html
    # The next leader up, named before the case is sent.
    assert org.higher_leader.display_name in html


def test_a_step_not_offered_is_not_opened_by_asking_for_it(client, org):
    case = open_case(org)
    client.force_login(org.safety_rep)

    html = page(client, case, opened="forward_up_the_line")

    assert "forward_up_the_line" not in step_forms(html) | folded_steps(html)


def test_the_safety_representative_may_only_comment_and_only_internally(client, org):
    case = acknowledged_case(org)
    client.force_login(org.safety_rep)

    html = page(client, case)

    assert step_forms(html) == {"comment"}
    assert 'name="visible_to_reporter"' not in html


def test_a_case_closed_offers_only_reopen(client, org):
    case = ready_to_close(org)
    services.close_case(case, by=org.leader, summary="Skilt satt opp.", routine_review=REVIEWED)
    client.force_login(org.leader)

    html = page(client, case)

    assert step_forms(html) == {"reopen"}
    assert "Skilt satt opp." in html


# -- each step posts and shows its result -----------------------------------------------


def test_acknowledge_posts_and_the_page_shows_the_case_in_progress(client, org):
    case = open_case(org)
    client.force_login(org.leader)
    when = timezone.localdate() + timedelta(days=10)

    response = post(client, case, "motta", {"closure_due": when.isoformat()})

    case.refresh_from_db()
    assert case.status == Case.Status.IN_PROGRESS
    assert timezone.localtime(case.closure_due).date() == when
    assert response.redirect_chain == [(f"/avvik/saker/{case.pk}/", 302)]
    html = response.content.decode()
    assert "Receipt acknowledged." in html
    assert "add_corrective_action" in step_forms(html)
    assert case.events.filter(kind=CaseEvent.Kind.ACKNOWLEDGED).count() == 1


def test_acknowledge_without_a_date_takes_the_default(client, org):
    case = open_case(org, severity="critical")
    client.force_login(org.leader)

    post(client, case, "motta", {"closure_due": ""})

    case.refresh_from_db()
    assert case.closure_due == services.default_closure_due(case)


def test_a_deadline_in_the_past_is_refused_next_to_the_field(client, org):
    case = open_case(org)
    client.force_login(org.leader)

    response = post(client, case, "motta", {"closure_due": "2020-01-01"})

    assert response.status_code == 200
    html = response.content.decode()
    assert "cannot be in the past" in field_error(html, "id_acknowledge_closure_due")
    case.refresh_from_db()
    assert case.status == Case.Status.REPORTED


def test_a_second_acknowledge_is_told_who_was_first(client, org):
    case = open_case(org)
    services.acknowledge(case, by=org.higher_leader)
    client.force_login(org.leader)

    response = post(client, case, "motta", {})

    assert "already acknowledged by Sara Sektor" in response.content.decode()
    assert case.events.filter(kind=CaseEvent.Kind.ACKNOWLEDGED).count() == 1


def test_record_an_immediate_action(client, org):
    case = open_case(org)
    client.force_login(org.leader)

    response = post(client, case, "strakstiltak", {"description": "Satte opp kjegler"})

    action = case.actions.get()
    assert action.kind == Action.Kind.IMMEDIATE
    assert "Satte opp kjegler" in text_of(response.content.decode())


def test_the_reporters_own_immediate_action_is_listed_with_the_actions(client, org, categories):
    filed = services.file_deviation(
        org.reporter,
        fields={
            "unit": org.department,
            "category": categories["nestenulykke"],
            "severity": "low",
            "title": "Løs ledning",
            "description": "Ledning over gangen.",
            "occurred_at": timezone.now() - timedelta(hours=1),
            "immediate_action": "Teipet ledningen fast",
        },
    )
    client.force_login(org.leader)

    html = page(client, filed.case)

    actions = html.split('id="h-actions"')[1].split("</section>")[0]
    assert "Teipet ledningen fast" in actions
    assert "By the reporter, Åse Ansatt, when reporting" in text_of(actions)


def test_add_a_corrective_action_for_a_person_in_the_unit(client, org):
    case = acknowledged_case(org)
    client.force_login(org.leader)

    response = post(
        client,
        case,
        "tiltak",
        {
            "description": "Sett opp varselskilt",
            "owner": f"person:{org.colleague.pk}",
            "due_date": due(7).isoformat(),
        },
    )

    action = case.actions.get()
    assert (action.assignee, action.due_date) == (org.colleague, due(7))
    html = response.content.decode()
    item = html.split(f'id="action-{action.pk}"')[1].split("</li>")[0]
    assert "Sett opp varselskilt" in item
    assert "Kari Kollega" in item
    assert 'name="note"' in item  # the leader can mark it done right there


def test_who_can_be_given_an_action_is_the_units_people_and_the_units_asked(client, org):
    case = acknowledged_case(org)
    services.request_assistance(
        case, by=org.leader, specialist_unit=org.specialist_unit, message="Se på gulvet"
    )
    fire = OrgUnitFactory(
        code="BRANN", name="Brannvern", parent=org.kommune, is_specialist_unit=True
    )
    client.force_login(org.leader)

    html = page(client, case)

    select = html.split('name="owner"')[1].split("</select>")[0]
    for person in (org.leader, org.reporter, org.colleague, org.safety_rep):
        assert f'value="person:{person.pk}"' in select
    for person in (org.sibling_leader, org.higher_leader, org.top_leader, org.outsider):
        assert f'value="person:{person.pk}"' not in select
    assert f'value="unit:{org.specialist_unit.pk}"' in select
    assert f'value="unit:{fire.pk}"' not in select


def test_a_case_up_the_line_offers_those_closest_to_it_not_the_whole_sector(
    client, org, monkeypatch
):
    monkeypatch.setattr("cases.forms.actions.OWNER_LIST_LIMIT", 3)  # the sector has more
    case = acknowledged_case(org)
    services.forward_up_the_line(case, by=org.leader, reason="Krever investering")
    client.force_login(org.higher_leader)

    html = page(client, case)

    select = html.split('name="owner"')[1].split("</select>")[0]
    # Where it happened (the department), the sector's own people, the leaders in between.
    for person in (org.reporter, org.colleague, org.higher_leader, org.leader):
        assert f'value="person:{person.pk}"' in select
    # Not everyone else under the sector.
    for person in (org.sibling_leader, org.safety_rep, org.top_leader):
        assert f'value="person:{person.pk}"' not in select
    assert "Skjermet avdeling" in select.split("<optgroup")[1]

    response = post(
        client,
        case,
        "tiltak",
        {"description": "Ny rampe", "owner": f"person:{org.leader.pk}", "due_date": due()},
    )
    assert response.status_code == 200
    assert case.actions.get().assignee == org.leader


def test_a_specialist_unit_not_asked_cannot_be_given_an_action(client, org):
    case = acknowledged_case(org)
    client.force_login(org.leader)

    response = post(
        client,
        case,
        "tiltak",
        {"description": "Bytt lås", "owner": f"unit:{org.specialist_unit.pk}", "due_date": due()},
    )

    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    assert not case.actions.exists()


def test_missing_fields_of_a_corrective_action_are_shown_next_to_them(client, org):
    case = acknowledged_case(org)
    client.force_login(org.leader)

    response = post(client, case, "tiltak", {"description": "Bytt lås", "due_date": ""})

    html = response.content.decode()
    assert "either a person or a specialist unit" in field_error(
        html, "id_add_corrective_action_owner"
    )
    assert not case.actions.exists()
    # The form keeps what was typed, unfolded.
    assert "Bytt lås" in html


def test_mark_a_corrective_action_done_moves_the_case_to_evaluation(client, org):
    case = acknowledged_case(org)
    action = services.add_corrective_action(
        case, by=org.leader, description="Sett opp skilt", assignee=org.colleague, due_date=due()
    )
    client.force_login(org.leader)

    response = post(client, case, f"tiltak/{action.pk}/utfort", {"note": "Skilt på plass"})

    action.refresh_from_db()
    case.refresh_from_db()
    assert action.is_done and action.done_note == "Skilt på plass"
    assert case.status == Case.Status.EVALUATING
    html = response.content.decode()
    assert "evaluate_effect" in step_forms(html)
    assert "Skilt på plass" in html


def test_the_person_given_an_action_can_mark_it_done_but_not_handle_the_case(client, org):
    case = acknowledged_case(org)
    action = services.add_corrective_action(
        case, by=org.leader, description="Sett opp skilt", assignee=org.colleague, due_date=due()
    )
    client.force_login(org.colleague)

    html = page(client, case)
    assert f"/tiltak/{action.pk}/utfort/" in html
    assert step_forms(html) == {"complete_action"}

    post(client, case, f"tiltak/{action.pk}/utfort", {})
    action.refresh_from_db()
    assert action.done_by == org.colleague


def test_an_action_of_another_case_is_not_found(client, org):
    case = acknowledged_case(org)
    other = acknowledged_case(org)
    action = services.add_corrective_action(
        other, by=org.leader, description="Annet", assignee=org.colleague, due_date=due()
    )
    client.force_login(org.leader)

    response = post(client, case, f"tiltak/{action.pk}/utfort", {}, follow=False)

    assert response.status_code == 404
    action.refresh_from_db()
    assert not action.is_done


def test_ask_a_specialist_unit_for_help(
    client, org, mailoutbox, django_capture_on_commit_callbacks
):
    case = acknowledged_case(org)
    client.force_login(org.leader)

    with django_capture_on_commit_callbacks(execute=True):
        response = post(
            client,
            case,
            "faginstans",
            {"specialist_unit": org.specialist_unit.pk, "message": "Gulvet må sjekkes"},
        )

    request = case.assistance_requests.get()
    assert request.specialist_unit == org.specialist_unit
    html = response.content.decode()
    assert "Gulvet må sjekkes" in html.split('id="h-assistance"')[1]
    assert org.specialist.email in {address for m in mailoutbox for address in m.to}


def test_forward_shows_who_it_goes_to_and_moves_the_case(client, org):
    case = acknowledged_case(org)
    client.force_login(org.leader)

    html = page(client, case, opened="forward_up_the_line")
    assert "The case will go to <strong>Sara Sektor</strong> (Helse og omsorg)" in html

    response = post(client, case, "videresend", {"reason": "Krever investering"})

    case.refresh_from_db()
    assert case.responsible_leader == org.higher_leader
    assert response.status_code == 200
    # The earlier leader still leads the unit where it happened, so still sees it.
    assert "Krever investering" in response.content.decode()


def test_forward_without_a_reason_is_refused_next_to_the_field(client, org):
    case = acknowledged_case(org)
    client.force_login(org.leader)

    response = post(client, case, "videresend", {"reason": "  "})

    assert "Say why the case is forwarded" in field_error(
        response.content.decode(), "id_forward_up_the_line_reason"
    )
    case.refresh_from_db()
    assert case.responsible_leader == org.leader


def test_at_the_top_of_the_line_there_is_no_one_to_forward_to(client, org):
    # Reported by someone who works at the top unit: its leader handles it.
    case = open_case(org, unit=org.kommune, reporter=org.amu_member)
    client.force_login(org.top_leader)

    html = page(client, case, opened="forward_up_the_line")

    assert "already at the top of the service line" in html
    assert "forward_up_the_line" not in step_forms(html)


def test_assess_risk_shows_the_matrix_with_the_right_cells(client, org):
    case = acknowledged_case(org)
    client.force_login(org.leader)

    response = post(
        client,
        case,
        "risiko",
        {
            "probability": "3",
            "consequence": "4",
            "probability_after": "1",
            "consequence_after": "4",
            "note": "Glatt ved regn",
        },
    )

    html = response.content.decode()
    cells = re.findall(
        r'<td class="risk-cell ([^"]+)" data-probability="(\d)" data-consequence="(\d)"', html
    )
    assert len(cells) == 25
    marked = {
        (int(p), int(c)): classes
        for classes, p, c in cells
        if "risk-before" in classes or "risk-after" in classes
    }
    assert marked == {(3, 4): "risk-high risk-before", (1, 4): "risk-low risk-after"}
    reading = text_of(html)
    assert "Now: probability 3 × consequence 4 = 12, High risk." in reading
    assert "After the measures: probability 1 × consequence 4 = 4, Low risk." in reading
    assert "Glatt ved regn" in html


def test_the_matrix_colours_every_cell_by_its_band(client, org):
    case = acknowledged_case(org)
    assess(case, org.leader, probability=2, consequence=2, probability_after=2, consequence_after=2)
    client.force_login(org.leader)

    html = page(client, case)

    cells = re.findall(
        r'<td class="risk-cell risk-(\w+)[^"]*" data-probability="(\d)" data-consequence="(\d)"',
        html,
    )
    bands = {(int(p), int(c)): level for level, p, c in cells}
    assert bands[(1, 4)] == "low" and bands[(2, 2)] == "low"
    assert bands[(1, 5)] == "medium" and bands[(3, 3)] == "medium"
    assert bands[(2, 5)] == "high" and bands[(5, 5)] == "high"
    # Same cell now and after: both marks, in words.
    same = re.search(r'data-probability="2" data-consequence="2">(.*?)</td>', html, re.S).group(1)
    assert "Now" in same and "After" in same


def test_a_risk_value_out_of_range_is_refused_next_to_it(client, org):
    case = acknowledged_case(org)
    client.force_login(org.leader)

    response = post(
        client,
        case,
        "risiko",
        {
            "probability": "6",
            "consequence": "4",
            "probability_after": "1",
            "consequence_after": "4",
        },
    )

    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    assert not case.risk_assessments.exists()


def test_evaluate_effect_not_effective_needs_a_note_then_goes_back_in_progress(client, org):
    case = acknowledged_case(org)
    action = services.add_corrective_action(
        case, by=org.leader, description="Skilt", assignee=org.colleague, due_date=due()
    )
    services.complete_action(action, by=org.colleague)
    client.force_login(org.leader)

    refused = post(client, case, "effekt", {"effective": "no", "note": ""})
    assert "Say what did not work" in field_error(
        refused.content.decode(), "id_evaluate_effect_note"
    )
    assert not case.effect_evaluations.exists()

    done = post(client, case, "effekt", {"effective": "no", "note": "Folk går fortsatt der"})
    case.refresh_from_db()
    assert case.status == Case.Status.IN_PROGRESS
    assert "Folk går fortsatt der" in done.content.decode()
    assert case.effect_evaluations.get().effective is False


def test_closing_blockers_are_listed_plainly(client, org):
    case = acknowledged_case(org)
    services.add_corrective_action(
        case, by=org.leader, description="Skilt", assignee=org.colleague, due_date=due()
    )
    client.force_login(org.leader)

    html = page(client, case, opened="close_case")

    blockers = html.split('class="closing-blockers')[1].split("</ul>")[0]
    assert "A new risk assessment, made after the deviation occurred, is needed." in blockers
    assert "Not all corrective actions are done yet." in blockers
    # The evaluation still to come is on the list too, not left for later.
    assert "must be evaluated as effective" in blockers


def test_a_case_without_corrective_actions_points_to_the_already_done_step(client, org):
    case = acknowledged_case(org, severity="low")
    assess(case, org.leader)
    client.force_login(org.leader)

    html = page(client, case, opened="close_case")

    assert "record it as a corrective action already done" in html
    assert 'name="no_actions_reason"' not in html
    assert "step-link-record_action_already_done" in html


def test_closing_too_early_shows_one_list_with_everything_missing(client, org):
    case = acknowledged_case(org)
    client.force_login(org.leader)

    response = post(client, case, "lukk", {"summary": ""})

    html = response.content.decode()
    close_panel = html.split('id="h-step-close_case"')[1].split("</section>")[0]
    assert "closing-blockers" not in close_panel, "one list, not a yellow and a red one"
    assert close_panel.count("A new risk assessment, made after the deviation occurred") == 1
    assert "At least one corrective action is needed" in close_panel
    assert "must be evaluated as effective" in close_panel
    assert "Write a summary" in field_error(html, "id_close_case_summary")
    assert "routines were reviewed" in field_error(html, "id_close_case_routine_review")
    case.refresh_from_db()
    assert case.status == Case.Status.IN_PROGRESS


def test_a_reviewed_routine_without_its_name_and_change_is_refused_next_to_the_fields(client, org):
    case = ready_to_close(org)
    client.force_login(org.leader)

    response = post(
        client,
        case,
        "lukk",
        {
            "summary": "Skilt satt opp.",
            "routine_review": "changed",
            "routine": "",
            "routine_note": "",
        },
    )

    html = response.content.decode()
    assert "which routine" in field_error(html, "id_close_case_routine")
    assert "what was changed" in field_error(html, "id_close_case_routine_note")
    assert 'value="Skilt satt opp.' in html or "Skilt satt opp.</textarea>" in html
    case.refresh_from_db()
    assert case.status == Case.Status.EVALUATING


def test_close_and_the_reporter_sees_the_outcome(client, org):
    case = ready_to_close(org)
    client.force_login(org.leader)

    html = page(client, case)
    assert "closing-ready" in html

    response = post(
        client,
        case,
        "lukk",
        {
            "summary": "Skilt satt opp ved inngangen.",
            "routine_review": "changed",
            "routine": "Rutine for vinterdrift",
            "routine_note": "Strøing før kl. 7",
            "next_review": due(90).isoformat(),
        },
    )

    case.refresh_from_db()
    assert case.status == Case.Status.CLOSED and case.routines_reviewed is True
    assert (case.routine_reviewed, case.routine_next_review) == ("Rutine for vinterdrift", due(90))
    html = response.content.decode()
    assert "Skilt satt opp ved inngangen." in html
    assert "Rutine for vinterdrift" in html and "Strøing før kl. 7" in html
    client.force_login(org.reporter)
    assert "Skilt satt opp ved inngangen." in client.get(f"/avvik/mine/{case.pk}/").content.decode()


def test_close_as_not_a_deviation(client, org):
    case = open_case(org)
    client.force_login(org.leader)

    post(client, case, "ikke-avvik", {"reason": "Planlagt vedlikehold"})

    case.refresh_from_db()
    assert (case.status, case.closed_as) == (Case.Status.CLOSED, Case.ClosedAs.NOT_A_DEVIATION)


def test_close_as_duplicate_by_reference(client, org):
    original = open_case(org)
    case = open_case(org)
    client.force_login(org.leader)

    response = post(
        client,
        case,
        "duplikat",
        {"original": original.deviation.reference.lower(), "reason": "Samme gulv"},
    )

    case.refresh_from_db()
    assert case.duplicate_of == original
    assert f'href="/avvik/saker/{original.pk}/"' in response.content.decode()


def test_a_duplicate_of_a_case_the_leader_cannot_see_is_not_found(client, org):
    elsewhere = open_case(org, reporter=org.sibling_leader, unit=org.sibling_unit)
    case = open_case(org)
    client.force_login(org.leader)

    for reference in (elsewhere.deviation.reference, case.deviation.reference, "AV-1999-000001"):
        response = post(client, case, "duplikat", {"original": reference, "reason": "Samme"})
        assert "No other case you have access to has the reference" in response.content.decode()
    case.refresh_from_db()
    assert case.status == Case.Status.REPORTED


def test_reopen_with_a_reason(client, org):
    case = open_case(org)
    services.close_as_not_a_deviation(case, by=org.leader, reason="Feil")
    client.force_login(org.leader)

    response = post(client, case, "gjenapne", {"reason": "Det var likevel et avvik"})

    case.refresh_from_db()
    assert case.status == Case.Status.IN_PROGRESS
    assert "Det var likevel et avvik" in response.content.decode()


def test_comments_internal_and_to_the_reporter(client, org):
    case = acknowledged_case(org)
    client.force_login(org.leader)

    post(client, case, "kommentar", {"text": "Intern: sjekk budsjett"})
    response = post(
        client, case, "kommentar", {"text": "Vi jobber med saken", "visible_to_reporter": "on"}
    )

    comments = case.events.filter(kind=CaseEvent.Kind.COMMENT).order_by("pk")
    assert [(c.message, c.visible_to_reporter) for c in comments] == [
        ("Intern: sjekk budsjett", False),
        ("Vi jobber med saken", True),
    ]
    timeline = response.content.decode().split('id="h-timeline"')[1]
    internal = re.search(r"Intern: sjekk budsjett", timeline)
    assert internal and "internal" in timeline
    client.force_login(org.reporter)
    own = client.get(f"/avvik/mine/{case.pk}/").content.decode()
    assert "Vi jobber med saken" in own and "Intern: sjekk budsjett" not in own


def test_a_safety_representative_cannot_write_to_the_reporter(client, org):
    case = acknowledged_case(org)
    client.force_login(org.safety_rep)

    post(
        client, case, "kommentar", {"text": "Verneombudet følger med", "visible_to_reporter": "on"}
    )

    comment = case.events.get(kind=CaseEvent.Kind.COMMENT)
    assert comment.visible_to_reporter is False


def test_an_asked_specialist_adds_an_action_for_their_unit(client, org):
    case = acknowledged_case(org)
    services.request_assistance(
        case, by=org.leader, specialist_unit=org.specialist_unit, message="Se på gulvet"
    )
    client.force_login(org.specialist)

    html = page(client, case)
    assert step_forms(html) == {"add_corrective_action", "assess_as_specialist", "comment"}

    post(
        client,
        case,
        "tiltak",
        {"description": "Ny matte", "owner": f"unit:{org.specialist_unit.pk}", "due_date": due()},
    )
    action = case.actions.get()
    assert action.specialist_unit == org.specialist_unit
    assert f"/tiltak/{action.pk}/utfort/" in page(client, case)


# -- the page itself ----------------------------------------------------------------------


def test_overdue_actions_and_deadline_are_marked_in_words(client, org):
    case = acknowledged_case(org)
    action = services.add_corrective_action(
        case, by=org.leader, description="Skilt", assignee=org.colleague, due_date=due(1)
    )
    Action.objects.filter(pk=action.pk).update(due_date=timezone.localdate() - timedelta(days=1))
    Case.objects.filter(pk=case.pk).update(closure_due=timezone.now() - timedelta(days=1))
    client.force_login(org.leader)

    html = page(client, case)

    item = html.split(f'id="action-{action.pk}"')[0].rsplit("<li", 1)[1]
    assert "action-overdue" in item
    assert "Overdue" in html.split(f'id="action-{action.pk}"')[1].split("</li>")[0]
    assert "case-overdue" in html


def test_the_page_links_the_case_stylesheet_and_has_no_inline_style(client, org):
    case = ready_to_close(org)
    client.force_login(org.leader)

    html = page(client, case)

    assert re.search(r'<link rel="stylesheet" href="/static/css/case\.[\w.]*css">', html)
    assert " style=" not in html
    assert "<script>" not in html


def test_the_page_takes_as_many_queries_however_much_the_case_holds(
    client, org, django_assert_num_queries
):
    # A unit left to ask on both, so that both offer the same steps.
    OrgUnitFactory(code="BRANN", name="Brannvern", parent=org.kommune, is_specialist_unit=True)
    small = ready_to_close(org)
    big = ready_to_close(org)
    services.request_assistance(
        big, by=org.leader, specialist_unit=org.specialist_unit, message="Hjelp"
    )
    for n in range(6):
        services.comment(big, by=org.leader, text=f"Kommentar {n}")
        action = services.add_corrective_action(
            big, by=org.leader, description=f"Tiltak {n}", assignee=org.colleague, due_date=due()
        )
        services.complete_action(action, by=org.colleague)
        assess(big, org.leader)
        services.evaluate_effect(big, by=org.leader, effective=True)
    client.force_login(org.leader)
    page(client, small)

    with CaptureQueriesContext(connection) as queries:
        page(client, small)
    with django_assert_num_queries(len(queries)):
        page(client, big)


def test_the_case_is_read_without_joining_its_category_or_its_unit_twice(client, org):
    """PostgreSQL planned the join of nine tables in some 8 ms, plans the seven in 3 ms, on
    every view of the page: the category comes from the kept categories, and the
    deviation's unit is the case's copy of it."""
    case = acknowledged_case(org)
    client.force_login(org.leader)
    page(client, case)

    with CaptureQueriesContext(connection) as queries:
        html = page(client, case)

    (case_query,) = [q["sql"] for q in queries if q["sql"].startswith('SELECT "cases_case"."id"')]
    joins = case_query.split(' FROM "cases_case" ')[1]
    assert "avvik_category" not in joins
    assert joins.count(" JOIN ") == 6
    assert case.deviation.category.name in html
    assert case.deviation.unit.name in html


def test_the_page_names_the_category_as_it_was_renamed_in_the_admin(client, org):
    case = acknowledged_case(org)
    client.force_login(org.leader)
    page(client, case)
    category = case.deviation.category
    category.name_en = "Slips, trips and falls"
    category.save()

    html = page(client, case)

    assert "Slips, trips and falls" in html


def test_a_big_unit_is_still_one_select(client, org):
    case = acknowledged_case(org)
    for n in range(30):
        MembershipFactory(user=UserFactory(username=f"ansatt{n}"), unit=org.department)
    client.force_login(org.leader)

    html = page(client, case)

    select = html.split('name="owner"')[1].split("</select>")[0]
    assert select.count('value="person:') == 34


def test_a_leader_puts_a_case_on_hold_from_its_folded_step(client, org):
    case = acknowledged_case(org)
    client.force_login(org.leader)
    assert "put_on_hold" in folded_steps(page(client, case))
    assert "put_on_hold" in step_forms(page(client, case, opened="put_on_hold"))
    until = timezone.localdate() + timedelta(days=20)

    response = post(
        client, case, "vent", {"until": until.isoformat(), "reason": "Venter på snekker"}
    )

    case.refresh_from_db()
    assert case.on_hold_until == until and case.hold_reason == "Venter på snekker"
    assert case.events.filter(kind=CaseEvent.Kind.PUT_ON_HOLD).count() == 1
    html = response.content.decode()
    assert "case-on-hold" in html and "Venter på snekker" in html


def test_a_hold_without_a_reason_or_ending_today_is_refused_next_to_the_field(client, org):
    case = acknowledged_case(org)
    client.force_login(org.leader)

    no_reason = post(
        client, case, "vent", {"until": due(5).isoformat(), "reason": " "}
    ).content.decode()
    today = post(
        client, case, "vent", {"until": timezone.localdate().isoformat(), "reason": "Snekker"}
    ).content.decode()

    assert "Say what the case is waiting for." in field_error(no_reason, "id_put_on_hold_reason")
    assert "later day" in field_error(today, "id_put_on_hold_until")
    case.refresh_from_db()
    assert case.on_hold_until is None
    assert not case.events.filter(kind=CaseEvent.Kind.PUT_ON_HOLD).exists()
