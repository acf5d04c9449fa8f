"""Each step of the case workflow: what it does when allowed, and that a refusal (wrong
person, wrong state, a missing precondition) changes nothing."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.contrib.admin.sites import AdminSite
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import RequestFactory
from django.utils import timezone

from cases import rules, services
from cases.admin import CaseAdmin, CaseEventAdmin
from cases.deadlines import add_calendar_days
from cases.models import (
    Action,
    AppendOnlyError,
    Case,
    CaseEvent,
    CaseReader,
    RiskAssessment,
    RiskLevel,
    risk_level,
)
from cases.timeline import event_sentence
from tests.cases.workflow import (
    REVIEWED,
    acknowledged_case,
    assess,
    due,
    error_codes,
    one_new_event,
    open_case,
    ready_to_close,
    refused,
)

Kind = CaseEvent.Kind
Status = Case.Status


def addresses(mailoutbox) -> list[str]:
    return sorted(address for message in mailoutbox for address in message.to)


# -- acknowledge ------------------------------------------------------------------------


def test_leader_acknowledges_receipt_with_deadline_by_severity(
    org, mailoutbox, django_capture_on_commit_callbacks
):
    case = open_case(org, severity="high")
    with one_new_event(case, Kind.ACKNOWLEDGED) as new:
        with django_capture_on_commit_callbacks(execute=True):
            services.acknowledge(case, by=org.leader)
    assert case.status == Status.IN_PROGRESS
    # 30 calendar days (DeadlinePolicy for high), moved off weekends and holidays.
    assert case.closure_due == add_calendar_days(case.deviation.reported_at, 30)
    assert new["event"].actor == org.leader
    assert new["event"].visible_to_reporter
    # The time to receipt, as the statistics read it, is the event's own time.
    case.refresh_from_db()
    assert case.received_at == new["event"].at
    assert addresses(mailoutbox) == [org.reporter.email]
    assert case.deviation.reference in mailoutbox[0].subject


def test_acknowledge_takes_a_chosen_closure_date_as_the_end_of_that_day(org):
    case = open_case(org)
    services.acknowledge(case, by=org.leader, closure_due=due(10))
    case.refresh_from_db()
    local = timezone.localtime(case.closure_due)
    assert (local.date(), local.hour, local.minute) == (due(10), 23, 59)


def test_acknowledge_refuses_a_closure_date_in_the_past(org):
    case = open_case(org)
    with refused(case, ValidationError, "due_in_past"):
        services.acknowledge(case, by=org.leader, closure_due=due(-1))


@pytest.mark.parametrize("role", ["higher_leader", "top_leader", "hms_admin", "deputy"])
def test_deputy_higher_leaders_and_hms_admin_may_acknowledge(org, role):
    if role == "deputy":
        org.unit.deputy = org.colleague
        org.unit.save()
        role = "colleague"
    case = open_case(org)
    with one_new_event(case, Kind.ACKNOWLEDGED):
        services.acknowledge(case, by=getattr(org, role))
    assert case.status == Status.IN_PROGRESS


@pytest.mark.parametrize(
    "role", ["reporter", "colleague", "sibling_leader", "specialist", "safety_rep", "amu_member"]
)
def test_others_may_not_acknowledge(org, role):
    case = open_case(org)
    with refused(case, PermissionDenied):
        services.acknowledge(case, by=getattr(org, role))


def test_second_acknowledgement_says_who_was_first(org):
    case = open_case(org)
    services.acknowledge(case, by=org.leader)
    with refused(case, ValidationError, "already_acknowledged") as raised:
        services.acknowledge(case, by=org.higher_leader)
    assert org.leader.display_name in raised.value.messages[0]


# -- immediate actions ------------------------------------------------------------------


def test_leader_records_an_immediate_action_visible_to_the_reporter(org):
    case = open_case(org)
    with one_new_event(case, Kind.IMMEDIATE_ACTION) as new:
        action = services.record_immediate_action(
            case, by=org.leader, description="Tørket opp og satte ut skilt"
        )
    assert action.kind == Action.Kind.IMMEDIATE
    assert action.is_done and action.done_by == org.leader
    assert new["event"].visible_to_reporter


def test_immediate_action_refused_for_specialist_and_on_closed_case(org):
    case = open_case(org)
    with refused(case, PermissionDenied):
        services.record_immediate_action(case, by=org.specialist, description="Noe")
    services.close_as_not_a_deviation(case, by=org.leader, reason="Ikke et avvik")
    with refused(case, ValidationError, "closed"):
        services.record_immediate_action(case, by=org.leader, description="Noe")


# -- corrective actions -----------------------------------------------------------------


def test_leader_gives_a_corrective_action_to_a_person(
    org, mailoutbox, django_capture_on_commit_callbacks
):
    case = acknowledged_case(org)
    with one_new_event(case, Kind.ACTION_ADDED):
        with django_capture_on_commit_callbacks(execute=True):
            action = services.add_corrective_action(
                case,
                by=org.leader,
                description="Matte ved inngangen",
                assignee=org.colleague,
                due_date=due(),
            )
    assert (action.kind, action.assignee, action.done_at) == (
        Action.Kind.CORRECTIVE,
        org.colleague,
        None,
    )
    assert CaseReader.objects.filter(case=case, user=org.colleague).exists()
    assert Case.objects.visible_to(org.colleague).filter(pk=case.pk).exists()
    assert addresses(mailoutbox) == [org.colleague.email]


def test_asked_specialist_adds_an_action_for_their_unit(org, mailoutbox):
    case = acknowledged_case(org)
    services.request_assistance(
        case, by=org.leader, specialist_unit=org.specialist_unit, message="Sjekk sluket"
    )
    with one_new_event(case, Kind.ACTION_ADDED):
        action = services.add_corrective_action(
            case,
            by=org.specialist,
            description="Rense sluk",
            specialist_unit=org.specialist_unit,
            due_date=due(),
        )
    assert action.owner == org.specialist_unit


def test_specialist_not_asked_may_not_add_actions(org):
    case = acknowledged_case(org)
    with refused(case, PermissionDenied):
        services.add_corrective_action(
            case, by=org.specialist, description="x", assignee=org.specialist, due_date=due()
        )


@pytest.mark.parametrize(
    "owner, code",
    [("both", "one_owner"), ("neither", "one_owner"), ("unit_not_asked", "unit_not_asked")],
)
def test_corrective_action_needs_exactly_one_owner_that_may_take_it(org, owner, code):
    case = acknowledged_case(org)
    kwargs = {
        "both": {"assignee": org.colleague, "specialist_unit": org.specialist_unit},
        "neither": {},
        "unit_not_asked": {"specialist_unit": org.specialist_unit},
    }[owner]
    with refused(case, ValidationError, code):
        services.add_corrective_action(
            case, by=org.leader, description="Matte", due_date=due(), **kwargs
        )


def test_corrective_action_refused_before_receipt_and_with_past_due_date(org):
    case = open_case(org)
    with refused(case, ValidationError, "not_acknowledged"):
        services.add_corrective_action(
            case, by=org.leader, description="Matte", assignee=org.colleague, due_date=due()
        )
    services.acknowledge(case, by=org.leader)
    with refused(case, ValidationError, "due_in_past"):
        services.add_corrective_action(
            case, by=org.leader, description="Matte", assignee=org.colleague, due_date=due(-1)
        )


def test_completing_the_last_action_moves_the_case_to_evaluating(
    org, mailoutbox, django_capture_on_commit_callbacks
):
    case = acknowledged_case(org)
    first, second = (
        services.add_corrective_action(
            case, by=org.leader, description=text, assignee=org.colleague, due_date=due()
        )
        for text in ("Matte", "Skilt")
    )
    with one_new_event(case, Kind.ACTION_COMPLETED):
        services.complete_action(first, by=org.colleague)
    assert case.status == Status.IN_PROGRESS
    with one_new_event(case, Kind.ACTION_COMPLETED) as new:
        with django_capture_on_commit_callbacks(execute=True):
            services.complete_action(second, by=org.colleague, note="Skilt er oppe")
    assert case.status == Status.EVALUATING
    assert new["event"].data["status_to"] == Status.EVALUATING
    second.refresh_from_db()
    assert (second.done_by, second.done_note) == (org.colleague, "Skilt er oppe")
    assert addresses(mailoutbox) == [org.leader.email]


def test_adding_an_action_while_evaluating_goes_back_to_in_progress(org):
    case = acknowledged_case(org)
    action = services.add_corrective_action(
        case, by=org.leader, description="Matte", assignee=org.colleague, due_date=due()
    )
    services.complete_action(action, by=org.leader)
    case.refresh_from_db()
    assert case.status == Status.EVALUATING
    with one_new_event(case, Kind.ACTION_ADDED):
        services.add_corrective_action(
            case, by=org.leader, description="Mer", assignee=org.colleague, due_date=due()
        )
    assert case.status == Status.IN_PROGRESS


def test_complete_action_refused_for_outsider_twice_and_on_closed_case(org):
    case = acknowledged_case(org)
    action = services.add_corrective_action(
        case, by=org.leader, description="Matte", assignee=org.colleague, due_date=due()
    )
    other = services.add_corrective_action(
        case, by=org.leader, description="Skilt", assignee=org.colleague, due_date=due()
    )
    for person in (org.sibling_leader, org.reporter, org.safety_rep):
        with refused(case, PermissionDenied):
            services.complete_action(action, by=person)
    services.complete_action(action, by=org.colleague)
    with refused(case, ValidationError, "already_done") as raised:
        services.complete_action(action, by=org.leader)
    assert org.colleague.display_name in raised.value.messages[0]
    services.close_as_not_a_deviation(case, by=org.leader, reason="Feilmeldt")
    with refused(case, ValidationError, "closed"):
        services.complete_action(other, by=org.colleague)


# -- specialist units -------------------------------------------------------------------


def test_asking_a_specialist_unit_gives_its_members_access_and_an_email(
    org, mailoutbox, django_capture_on_commit_callbacks
):
    case = open_case(org)
    assert not Case.objects.visible_to(org.specialist).filter(pk=case.pk).exists()
    with one_new_event(case, Kind.ASSISTANCE_REQUESTED):
        with django_capture_on_commit_callbacks(execute=True):
            services.request_assistance(
                case, by=org.leader, specialist_unit=org.specialist_unit, message="Sluket"
            )
    assert Case.objects.visible_to(org.specialist).filter(pk=case.pk).exists()
    assert rules.is_asked_specialist(org.specialist, case)
    assert addresses(mailoutbox) == [org.specialist.email]


def test_assistance_refused_for_ordinary_unit_twice_and_for_reporter(org):
    case = open_case(org)
    with refused(case, ValidationError, "not_specialist_unit"):
        services.request_assistance(
            case, by=org.leader, specialist_unit=org.sibling_unit, message="Hjelp"
        )
    with refused(case, PermissionDenied):
        services.request_assistance(
            case, by=org.reporter, specialist_unit=org.specialist_unit, message="Hjelp"
        )
    services.request_assistance(
        case, by=org.leader, specialist_unit=org.specialist_unit, message="Hjelp"
    )
    with refused(case, ValidationError, "already_asked"):
        services.request_assistance(
            case, by=org.leader, specialist_unit=org.specialist_unit, message="Igjen"
        )


# -- forward up the line ----------------------------------------------------------------


def test_forward_moves_responsibility_up_and_the_earlier_leader_keeps_read_access(
    org, mailoutbox, django_capture_on_commit_callbacks
):
    case = acknowledged_case(org)
    with one_new_event(case, Kind.FORWARDED) as new:
        with django_capture_on_commit_callbacks(execute=True):
            services.forward_up_the_line(case, by=org.leader, reason="Krever investering")
    assert (case.responsible_leader, case.responsible_unit) == (org.higher_leader, org.sector)
    assert "Krever investering" in event_sentence(new["event"])
    assert addresses(mailoutbox) == sorted([org.higher_leader.email, org.reporter.email])
    (to_reporter,) = [mail for mail in mailoutbox if mail.to == [org.reporter.email]]
    assert org.higher_leader.display_name in to_reporter.body
    assert CaseReader.objects.filter(case=case, user=org.leader).exists()
    assert Case.objects.visible_to(org.leader).filter(pk=case.pk).exists()
    assert not rules.may_handle(org.leader, case)
    assert rules.may_handle(org.higher_leader, case)
    with refused(case, PermissionDenied):
        services.assess_risk(
            case,
            by=org.leader,
            probability=2,
            consequence=2,
            probability_after=1,
            consequence_after=1,
        )


def test_forward_skips_vacant_levels_and_stops_at_the_top(org):
    org.sector.leader = None
    org.sector.save()
    case = open_case(org)
    services.forward_up_the_line(case, by=org.leader, reason="Utenfor fullmakt")
    case.refresh_from_db()
    assert (case.responsible_leader, case.responsible_unit) == (org.top_leader, org.kommune)
    with refused(case, ValidationError, "at_top"):
        services.forward_up_the_line(case, by=org.top_leader, reason="Enda høyere")


def test_forward_needs_a_reason_and_a_handler(org):
    case = open_case(org)
    with refused(case, ValidationError, "reason_required"):
        services.forward_up_the_line(case, by=org.leader, reason="  ")
    with refused(case, PermissionDenied):
        services.forward_up_the_line(case, by=org.sibling_leader, reason="Ikke min")


# -- risk -------------------------------------------------------------------------------


def test_risk_level_follows_the_colour_bands_of_the_matrix():
    assert [risk_level(p, c) for p, c in [(1, 1), (2, 2), (1, 5), (3, 3), (2, 5), (5, 5)]] == [
        RiskLevel.LOW,
        RiskLevel.LOW,
        RiskLevel.MEDIUM,
        RiskLevel.MEDIUM,
        RiskLevel.HIGH,
        RiskLevel.HIGH,
    ]


def test_leader_assesses_risk_before_and_after_measures(org):
    case = acknowledged_case(org)
    with one_new_event(case, Kind.RISK_ASSESSED) as new:
        assessment = assess(case, org.leader, probability=4, consequence=4)
    assert (assessment.score, assessment.level) == (16, RiskLevel.HIGH)
    assert (assessment.score_after, assessment.level_after) == (3, RiskLevel.LOW)
    assert assessment.assessed_at > case.deviation.occurred_at
    assert new["event"].data["probability"] == 4


@pytest.mark.parametrize("value", [0, 6, "3", None])
def test_risk_values_must_be_one_to_five(org, value):
    case = acknowledged_case(org)
    with refused(case, ValidationError):
        assess(case, org.leader, consequence_after=value)


def test_risk_assessment_refused_before_receipt_and_for_specialist(org):
    case = open_case(org)
    with refused(case, ValidationError, "not_acknowledged"):
        assess(case, org.leader)
    services.acknowledge(case, by=org.leader)
    services.request_assistance(
        case, by=org.leader, specialist_unit=org.specialist_unit, message="?"
    )
    with refused(case, PermissionDenied):
        assess(case, org.specialist)


# -- effect evaluation ------------------------------------------------------------------


def test_effective_evaluation_keeps_the_case_ready_to_close(org):
    case = acknowledged_case(org)
    action = services.add_corrective_action(
        case, by=org.leader, description="Matte", assignee=org.colleague, due_date=due()
    )
    services.complete_action(action, by=org.colleague)
    with one_new_event(case, Kind.EFFECT_EVALUATED):
        evaluation = services.evaluate_effect(case, by=org.leader, effective=True)
    assert evaluation.effective
    assert case.status == Status.EVALUATING


def test_not_effective_evaluation_returns_the_case_to_in_progress_with_the_note(org):
    case = acknowledged_case(org)
    action = services.add_corrective_action(
        case, by=org.leader, description="Matte", assignee=org.colleague, due_date=due()
    )
    services.complete_action(action, by=org.colleague)
    with refused(case, ValidationError, "note_required"):
        services.evaluate_effect(case, by=org.leader, effective=False, note="")
    with one_new_event(case, Kind.EFFECT_EVALUATED) as new:
        services.evaluate_effect(case, by=org.leader, effective=False, note="Fortsatt glatt")
    assert case.status == Status.IN_PROGRESS
    assert "Fortsatt glatt" in new["event"].message


def test_evaluation_refused_while_actions_are_open_or_there_are_none(org):
    case = acknowledged_case(org)
    with refused(case, ValidationError, "no_actions"):
        services.evaluate_effect(case, by=org.leader, effective=True)
    services.add_corrective_action(
        case, by=org.leader, description="Matte", assignee=org.colleague, due_date=due()
    )
    with refused(case, ValidationError, "actions_open"):
        services.evaluate_effect(case, by=org.leader, effective=True)
    with refused(case, PermissionDenied):
        services.evaluate_effect(case, by=org.colleague, effective=True)


# -- close ------------------------------------------------------------------------------


def close(case, by, **overrides):
    kwargs = {"summary": "Matte lagt ut og rutine for vask endret.", "routine_review": REVIEWED}
    return services.close_case(case, by=by, **{**kwargs, **overrides})


def test_leader_closes_a_case_and_the_reporter_is_told_the_outcome(
    org, mailoutbox, django_capture_on_commit_callbacks
):
    case = ready_to_close(org)
    with one_new_event(case, Kind.CLOSED) as new:
        with django_capture_on_commit_callbacks(execute=True):
            close(case, org.leader)
    assert case.status == Status.CLOSED
    assert case.closed_as == Case.ClosedAs.RESOLVED
    assert case.closed_at is not None
    assert case.outcome_summary == "Matte lagt ut og rutine for vask endret."
    assert new["event"].visible_to_reporter
    assert addresses(mailoutbox) == [org.reporter.email]
    assert "Matte lagt ut" in mailoutbox[0].body


def test_closing_records_which_routine_was_reviewed_and_what_changed(org):
    case = ready_to_close(org)
    next_review = due(180)
    with one_new_event(case, Kind.CLOSED) as new:
        close(
            case,
            org.leader,
            routine_review=services.RoutineReview(
                outcome=Case.RoutineReview.CHANGED,
                routine="Rutine for vask",
                note="Vask flyttet til kveld",
                next_review=next_review,
            ),
        )
    assert (case.routine_review, case.routine_reviewed, case.routine_review_note) == (
        Case.RoutineReview.CHANGED,
        "Rutine for vask",
        "Vask flyttet til kveld",
    )
    assert case.routine_next_review == next_review
    assert case.routines_reviewed is True
    assert new["event"].data["routine_review"] == "changed"
    assert new["event"].data["routine_next_review"] == next_review.isoformat()


def test_no_change_needed_is_recorded_with_why(org):
    case = ready_to_close(org)
    close(
        case,
        org.leader,
        routine_review=services.RoutineReview(
            outcome=Case.RoutineReview.NO_CHANGE, routine="Rutine for vask", note="Fulgt"
        ),
    )
    case.refresh_from_db()
    assert (case.routine_review, case.routines_reviewed) == ("no_change", True)


def test_routines_not_reviewed_needs_a_reason(org):
    case = ready_to_close(org)
    with refused(case, ValidationError, "routine_note_required") as raised:
        close(
            case,
            org.leader,
            routine_review=services.RoutineReview(outcome=Case.RoutineReview.NOT_REVIEWED),
        )
    assert error_codes(raised.value) == {"routine_note_required"}
    close(
        case,
        org.leader,
        routine_review=services.RoutineReview(
            outcome=Case.RoutineReview.NOT_REVIEWED, note="Gjennomgås i felles HMS-møte"
        ),
    )
    case.refresh_from_db()
    assert (case.routine_review, case.routines_reviewed) == ("not_reviewed", False)
    assert case.routine_reviewed == ""


def test_a_reviewed_routine_must_be_named_and_its_change_said(org):
    case = ready_to_close(org)
    with refused(case, ValidationError) as raised:
        close(
            case,
            org.leader,
            routine_review=services.RoutineReview(outcome=Case.RoutineReview.CHANGED),
        )
    assert error_codes(raised.value) == {"routine_required", "routine_note_required"}


def test_the_next_review_cannot_be_in_the_past(org):
    case = ready_to_close(org)
    with refused(case, ValidationError) as raised:
        close(
            case,
            org.leader,
            routine_review=services.RoutineReview(
                outcome=Case.RoutineReview.NO_CHANGE,
                routine="Rutine",
                note="God nok",
                next_review=timezone.localdate() - timedelta(days=1),
            ),
        )
    assert error_codes(raised.value) == {"next_review_in_past"}


def test_a_minor_case_without_corrective_actions_cannot_be_closed_as_resolved(org):
    case = acknowledged_case(org, severity="low")
    assess(case, org.leader)
    with refused(case, ValidationError) as raised:
        close(case, org.leader)
    assert error_codes(raised.value) == {"actions_required", "evaluation_missing"}


def test_an_action_already_done_is_one_step_and_then_needs_an_evaluation(
    org, mailoutbox, django_capture_on_commit_callbacks
):
    case = acknowledged_case(org, severity="low")
    assess(case, org.leader)
    with one_new_event(case, Kind.ACTION_ALREADY_DONE) as new:
        action = services.record_action_already_done(
            case, by=org.leader, description="Tørket opp og satt ut matte; normal drift"
        )
    assert (action.kind, action.already_done, action.done_by) == (
        Action.Kind.CORRECTIVE,
        True,
        org.leader,
    )
    assert action.done_at is not None
    assert case.status == Status.EVALUATING
    assert new["event"].message == "Tørket opp og satt ut matte; normal drift"
    assert new["event"].data["status_to"] == Status.EVALUATING
    with refused(case, ValidationError, "evaluation_missing"):
        close(case, org.leader)
    services.evaluate_effect(case, by=org.leader, effective=True)
    close(case, org.leader)
    case.refresh_from_db()
    assert case.status == Status.CLOSED


def test_an_action_already_done_needs_what_was_done_and_a_handler(org):
    case = acknowledged_case(org)
    with refused(case, ValidationError, "description_required"):
        services.record_action_already_done(case, by=org.leader, description=" ")
    with refused(case, PermissionDenied):
        services.record_action_already_done(case, by=org.safety_rep, description="Ryddet")
    fresh = open_case(org)
    with refused(fresh, ValidationError, "not_acknowledged"):
        services.record_action_already_done(fresh, by=org.leader, description="Ryddet")


def test_close_requires_a_risk_assessment(org):
    case = ready_to_close(org)
    case.risk_assessments.all().delete()
    with refused(case, ValidationError, "risk_assessment_missing") as raised:
        close(case, org.leader)
    assert error_codes(raised.value) == {"risk_assessment_missing"}


def test_close_requires_the_risk_assessment_to_be_later_than_the_deviation(org):
    case = ready_to_close(org)
    RiskAssessment.objects.filter(case=case).update(
        assessed_at=case.deviation.occurred_at - timedelta(days=1)
    )
    with refused(case, ValidationError, "risk_assessment_missing") as raised:
        close(case, org.leader)
    assert error_codes(raised.value) == {"risk_assessment_missing"}


def test_close_requires_corrective_actions_done(org):
    case = acknowledged_case(org)
    assess(case, org.leader)
    services.add_corrective_action(
        case, by=org.leader, description="Matte", assignee=org.colleague, due_date=due()
    )
    with refused(case, ValidationError, "actions_open"):
        close(case, org.leader)


def test_close_of_serious_deviation_requires_corrective_actions(org):
    case = acknowledged_case(org, severity="high")
    assess(case, org.leader)
    with refused(case, ValidationError, "actions_required"):
        close(case, org.leader)


def test_close_requires_an_effect_evaluation(org):
    case = acknowledged_case(org)
    assess(case, org.leader)
    action = services.add_corrective_action(
        case, by=org.leader, description="Matte", assignee=org.colleague, due_date=due()
    )
    services.complete_action(action, by=org.colleague)
    with refused(case, ValidationError, "evaluation_missing"):
        close(case, org.leader)


def test_close_requires_the_latest_evaluation_to_be_positive(org):
    case = ready_to_close(org)
    services.evaluate_effect(case, by=org.leader, effective=False, note="Virket ikke")
    with refused(case, ValidationError, "evaluation_missing"):
        close(case, org.leader)


def test_close_requires_an_evaluation_after_the_last_action_was_done(org):
    case = ready_to_close(org)
    action = services.add_corrective_action(
        case, by=org.leader, description="Mer", assignee=org.colleague, due_date=due()
    )
    services.complete_action(action, by=org.colleague)
    with refused(case, ValidationError, "evaluation_missing"):
        close(case, org.leader)


def test_close_requires_a_summary_for_the_reporter(org):
    case = ready_to_close(org)
    with refused(case, ValidationError, "summary_required") as raised:
        close(case, org.leader, summary="  ")
    assert error_codes(raised.value) == {"summary_required"}


def test_close_requires_the_routines_question_answered(org):
    case = ready_to_close(org)
    with refused(case, ValidationError, "routines_reviewed_required") as raised:
        close(case, org.leader, routine_review=None)
    assert error_codes(raised.value) == {"routines_reviewed_required"}


def test_close_refused_for_others_and_before_receipt(org):
    case = ready_to_close(org)
    for person in (org.sibling_leader, org.reporter, org.specialist, org.safety_rep):
        with refused(case, PermissionDenied):
            close(case, person)
    fresh = open_case(org)
    with refused(fresh, ValidationError, "not_acknowledged"):
        close(fresh, org.leader)


def test_second_close_says_who_closed_it(org):
    case = ready_to_close(org)
    close(case, org.leader)
    with refused(case, ValidationError, "closed") as raised:
        close(case, org.higher_leader)
    assert org.leader.display_name in raised.value.messages[0]


# -- other ways to close, and reopening -------------------------------------------------


def test_close_as_not_a_deviation_from_reported(
    org, mailoutbox, django_capture_on_commit_callbacks
):
    case = open_case(org)
    with one_new_event(case, Kind.CLOSED_NOT_A_DEVIATION) as new:
        with django_capture_on_commit_callbacks(execute=True):
            services.close_as_not_a_deviation(
                case, by=org.leader, reason="Gulvet var nettopp vasket etter plan."
            )
    assert (case.status, case.closed_as) == (Status.CLOSED, Case.ClosedAs.NOT_A_DEVIATION)
    assert case.outcome_summary == "Gulvet var nettopp vasket etter plan."
    assert new["event"].visible_to_reporter
    assert addresses(mailoutbox) == [org.reporter.email]
    with refused(case, ValidationError, "closed"):
        services.close_as_not_a_deviation(case, by=org.leader, reason="Igjen")


def test_close_as_not_a_deviation_needs_a_reason_and_a_handler(org):
    case = open_case(org)
    with refused(case, ValidationError, "reason_required"):
        services.close_as_not_a_deviation(case, by=org.leader, reason="")
    with refused(case, PermissionDenied):
        services.close_as_not_a_deviation(case, by=org.reporter, reason="Angrer")


def test_close_as_duplicate_points_to_the_original(
    org, mailoutbox, django_capture_on_commit_callbacks
):
    original = open_case(org)
    case = acknowledged_case(org, reporter=org.colleague)
    with one_new_event(case, Kind.CLOSED_AS_DUPLICATE) as new:
        with django_capture_on_commit_callbacks(execute=True):
            services.close_as_duplicate(
                case, by=org.leader, duplicate_of=original, reason="Samme hendelse"
            )
    assert (case.closed_as, case.duplicate_of) == (Case.ClosedAs.DUPLICATE, original)
    assert original.deviation.reference in event_sentence(new["event"])
    assert addresses(mailoutbox) == [org.colleague.email]
    assert original.deviation.reference in mailoutbox[0].body


def test_close_as_duplicate_refuses_itself_a_duplicate_and_an_unseen_case(org):
    case = open_case(org)
    with refused(case, ValidationError, "invalid_original"):
        services.close_as_duplicate(case, by=org.leader, duplicate_of=case, reason="x")
    elsewhere = open_case(org, unit=org.sibling_unit, reporter=org.outsider)
    with refused(case, ValidationError, "invalid_original"):
        services.close_as_duplicate(case, by=org.leader, duplicate_of=elsewhere, reason="x")
    original, copy = open_case(org), open_case(org)
    services.close_as_duplicate(copy, by=org.leader, duplicate_of=original, reason="Samme")
    with refused(case, ValidationError, "original_is_duplicate"):
        services.close_as_duplicate(case, by=org.leader, duplicate_of=copy, reason="Samme")


def test_reopen_puts_a_closed_case_back_in_progress(
    org, mailoutbox, django_capture_on_commit_callbacks
):
    case = ready_to_close(org)
    close(case, org.leader)
    with one_new_event(case, Kind.REOPENED) as new:
        with django_capture_on_commit_callbacks(execute=True):
            services.reopen(case, by=org.higher_leader, reason="Det er glatt igjen")
    assert case.status == Status.IN_PROGRESS
    assert (case.closed_at, case.closed_as, case.outcome_summary, case.routines_reviewed) == (
        None,
        "",
        "",
        None,
    )
    assert new["event"].visible_to_reporter
    assert addresses(mailoutbox) == sorted([org.leader.email, org.reporter.email])


def test_reopen_gives_a_never_acknowledged_case_a_deadline(org):
    case = open_case(org)
    services.close_as_not_a_deviation(case, by=org.leader, reason="Feil")
    services.reopen(case, by=org.leader, reason="Likevel et avvik")
    case.refresh_from_db()
    assert case.status == Status.IN_PROGRESS
    assert case.closure_due == services.default_closure_due(case)


def test_reopen_refused_on_an_open_case_without_reason_and_for_others(org):
    case = acknowledged_case(org)
    with refused(case, ValidationError, "not_closed"):
        services.reopen(case, by=org.leader, reason="Hvorfor")
    services.close_as_not_a_deviation(case, by=org.leader, reason="Feil")
    with refused(case, ValidationError, "reason_required"):
        services.reopen(case, by=org.leader, reason="")
    with refused(case, PermissionDenied):
        services.reopen(case, by=org.reporter, reason="Jeg er uenig")


# -- comments ---------------------------------------------------------------------------


def test_leader_writes_to_the_reporter(org, mailoutbox, django_capture_on_commit_callbacks):
    case = open_case(org)
    with one_new_event(case, Kind.COMMENT) as new:
        with django_capture_on_commit_callbacks(execute=True):
            services.comment(
                case, by=org.leader, text="Takk, vi ser på det.", visible_to_reporter=True
            )
    assert new["event"].visible_to_reporter
    assert addresses(mailoutbox) == [org.reporter.email]


def test_safety_representative_comments_internally_and_the_leader_is_told(
    org, mailoutbox, django_capture_on_commit_callbacks
):
    case = open_case(org)
    with one_new_event(case, Kind.COMMENT) as new:
        with django_capture_on_commit_callbacks(execute=True):
            services.comment(case, by=org.safety_rep, text="Har sett dette før.")
    assert not new["event"].visible_to_reporter
    assert addresses(mailoutbox) == [org.leader.email]
    with refused(case, PermissionDenied):
        services.comment(case, by=org.safety_rep, text="Til melder", visible_to_reporter=True)


def test_specialist_comments_only_when_asked(org):
    case = open_case(org)
    with refused(case, PermissionDenied):
        services.comment(case, by=org.specialist, text="Hei")
    services.request_assistance(
        case, by=org.leader, specialist_unit=org.specialist_unit, message="?"
    )
    with one_new_event(case, Kind.COMMENT):
        services.comment(case, by=org.specialist, text="Vi kommer tirsdag")


@pytest.mark.parametrize("role", ["reporter", "sibling_leader", "amu_member", "outsider"])
def test_others_may_not_comment(org, role):
    case = open_case(org)
    with refused(case, PermissionDenied):
        services.comment(case, by=getattr(org, role), text="Hei")


def test_comment_refused_when_empty_or_closed(org):
    case = open_case(org)
    with refused(case, ValidationError, "text_required"):
        services.comment(case, by=org.leader, text=" ")
    services.close_as_not_a_deviation(case, by=org.leader, reason="Feil")
    with refused(case, ValidationError, "closed"):
        services.comment(case, by=org.leader, text="Etterpå")


def test_reporter_sees_only_comments_meant_for_them(org):
    case = acknowledged_case(org)
    services.comment(case, by=org.leader, text="Intern", visible_to_reporter=False)
    services.comment(case, by=org.leader, text="Til deg", visible_to_reporter=True)
    visible = case.events.filter(kind=Kind.COMMENT, visible_to_reporter=True)
    assert list(visible.values_list("message", flat=True)) == ["Til deg"]


# -- the steps a page may offer ---------------------------------------------------------


def test_steps_follow_role_and_state(org):
    case = open_case(org)
    assert "acknowledge" in rules.steps_for(org.leader, case)
    assert "close_case" not in rules.steps_for(org.leader, case)
    assert rules.steps_for(org.reporter, case) == frozenset()
    assert rules.steps_for(org.safety_rep, case) == {"comment"}
    case = ready_to_close(org)
    assert {"evaluate_effect", "close_case", "forward_up_the_line"} <= rules.steps_for(
        org.leader, case
    )
    close(case, org.leader)
    case.refresh_from_db()
    assert rules.steps_for(org.leader, case) == {"reopen"}


# -- the timeline is append-only --------------------------------------------------------


def test_case_events_cannot_be_added_changed_or_deleted_in_the_admin(org):
    case = open_case(org)
    event = case.events.get()
    request = RequestFactory().get("/")
    request.user = org.hms_admin
    org.hms_admin.is_superuser = True  # every model permission: the admin still refuses
    for model_admin in (CaseEventAdmin(CaseEvent, AdminSite()), CaseAdmin(Case, AdminSite())):
        assert not model_admin.has_add_permission(request)
        assert not model_admin.has_change_permission(request, None)
        assert not model_admin.has_delete_permission(request, None)
    for inline in CaseAdmin(Case, AdminSite()).get_inline_instances(request, case):
        assert not inline.has_add_permission(request, case)
        assert not inline.has_change_permission(request, case)
        assert not inline.has_delete_permission(request, case)
    assert CaseEventAdmin(CaseEvent, AdminSite()).has_view_permission(request, event)


def test_a_case_event_cannot_be_saved_again_or_deleted(org):
    event = open_case(org).events.get()
    event.message = "Endret"
    with pytest.raises(AppendOnlyError):
        event.save()
    with pytest.raises(AppendOnlyError):
        event.delete()
    event.refresh_from_db()
    assert event.message != "Endret"
