"""No sequence of steps, by anyone, reaches an illegal state, and every step that changes
a case writes exactly one event while a refused one writes none and changes nothing. In
particular no sequence closes a case as resolved without a corrective action, all done,
and a positive evaluation after the last one (whatever the severity)."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    RuleBasedStateMachine,
    initialize,
    invariant,
    precondition,
    rule,
    run_state_machine_as_test,
)

from cases import services
from cases.models import Action, Case, CaseEvent
from cases.services.handling import CLOSING_KINDS
from tests.cases.workflow import assess, due, open_case, snapshot

ROLES = [
    "leader",
    "higher_leader",
    "top_leader",
    "hms_admin",
    "sibling_leader",
    "reporter",
    "colleague",
    "specialist",
    "safety_rep",
    "outsider",
]
# Mostly whoever handles the case now (so that sequences get somewhere), but anyone.
HANDLER = "handler"
actors = st.sampled_from([HANDLER] * 20 + ROLES)
# Mostly a proper text, sometimes an empty one.
reasons = st.sampled_from(["Fordi", "Fordi", ""])


def _add_action(case, leader, org):
    services.add_corrective_action(
        case, by=leader, description="Matte", assignee=org.colleague, due_date=due()
    )


def _complete_actions(case, leader, org):
    for action in case.actions.filter(done_at=None):
        services.complete_action(action, by=leader)


STAGES = [
    lambda case, leader, org: services.acknowledge(case, by=leader),
    lambda case, leader, org: assess(case, leader),
    _add_action,
    _complete_actions,
    lambda case, leader, org: services.evaluate_effect(case, by=leader, effective=True),
]


class Workflow(RuleBasedStateMachine):
    """One case, filed afresh for each example inside a savepoint that is rolled back."""

    org = None  # set by the test

    def __init__(self):
        super().__init__()
        self._atomic = transaction.atomic()
        self._atomic.__enter__()
        self.case = None

    def teardown(self):
        transaction.set_rollback(True)
        self._atomic.__exit__(None, None, None)

    @initialize(
        severity=st.sampled_from(["low", "medium", "high", "critical"]),
        reached=st.integers(0, len(STAGES)),
        skipped=st.sampled_from([None, *range(len(STAGES))]),
        then_closed=st.booleans(),
        elsewhere=st.booleans(),
    )
    def file(self, severity, reached, skipped, then_closed, elsewhere):
        """A new case, taken by its leader through the first ``reached`` stages of the
        workflow, perhaps leaving one out and perhaps closed as not a deviation after,
        so that the random steps start from every kind of half-done case and not only
        from the beginning."""
        # Elsewhere: it happened in the sibling unit, so it can be handed over sideways.
        unit = self.org.sibling_unit if elsewhere else self.org.department
        self.case = open_case(self.org, severity=severity, unit=unit)
        for index, step in enumerate(STAGES[:reached]):
            if index != skipped:
                try:
                    step(self.case, self.org.leader, self.org)
                except ValidationError:
                    pass  # a stage that does not apply without the one left out
        if then_closed:
            services.close_as_not_a_deviation(self.case, by=self.org.leader, reason="Feil")

    def attempt(self, step, *args, **kwargs):
        """Run a step; check one event if it succeeds, no change at all if refused."""
        before = snapshot(self.case)
        try:
            step(*args, **kwargs)
        except (PermissionDenied, ValidationError):
            assert snapshot(self.case) == before
            return
        assert self.case.events.count() == len(before["events"]) + 1

    def who(self, role):
        if role == HANDLER:
            return (
                Case.objects.select_related("responsible_leader")
                .get(pk=self.case.pk)
                .responsible_leader
            )
        return getattr(self.org, role)

    # -- the steps ----------------------------------------------------------------------

    @rule(actor=actors)
    def acknowledge(self, actor):
        self.attempt(services.acknowledge, self.case, by=self.who(actor))

    @rule(actor=actors, description=st.sampled_from(["", "Skilt"]))
    def record_immediate_action(self, actor, description):
        self.attempt(
            services.record_immediate_action,
            self.case,
            by=self.who(actor),
            description=description,
        )

    @rule(actor=actors, to_unit=st.booleans())
    def add_action(self, actor, to_unit):
        owner = (
            {"specialist_unit": self.org.specialist_unit}
            if to_unit
            else {"assignee": self.org.colleague}
        )
        self.attempt(
            services.add_corrective_action,
            self.case,
            by=self.who(actor),
            description="Tiltak",
            due_date=due(),
            **owner,
        )

    def has_corrective_actions(self) -> bool:
        return self.case.actions.filter(kind=Action.Kind.CORRECTIVE).exists()

    @precondition(has_corrective_actions)
    @rule(actor=actors, index=st.integers(0, 4))
    def complete_action(self, actor, index):
        actions = list(self.case.actions.filter(kind=Action.Kind.CORRECTIVE).order_by("pk"))
        action = actions[index % len(actions)]
        self.attempt(services.complete_action, action, by=self.who(actor))

    @rule(actor=actors)
    def request_assistance(self, actor):
        self.attempt(
            services.request_assistance,
            self.case,
            by=self.who(actor),
            specialist_unit=self.org.specialist_unit,
            message="Hjelp",
        )

    @rule(actor=actors)
    def forward(self, actor):
        self.attempt(services.forward_up_the_line, self.case, by=self.who(actor), reason="Over")

    @rule(actor=actors, values=st.lists(st.integers(1, 6), min_size=4, max_size=4))
    def assess_risk(self, actor, values):
        p, c, pa, ca = values
        self.attempt(
            services.assess_risk,
            self.case,
            by=self.who(actor),
            probability=p,
            consequence=c,
            probability_after=pa,
            consequence_after=ca,
        )

    @rule(actor=actors, effective=st.booleans(), note=reasons)
    def evaluate(self, actor, effective, note):
        self.attempt(
            services.evaluate_effect, self.case, by=self.who(actor), effective=effective, note=note
        )

    @rule(actor=actors, description=st.sampled_from(["", "Ryddet, normal drift"]))
    def record_action_already_done(self, actor, description):
        self.attempt(
            services.record_action_already_done,
            self.case,
            by=self.who(actor),
            description=description,
        )

    @rule(actor=actors, reason=reasons)
    def hand_over_sideways(self, actor, reason):
        self.attempt(services.hand_over_sideways, self.case, by=self.who(actor), reason=reason)

    @rule(actor=actors, effective=st.booleans(), note=reasons)
    def assess_as_specialist(self, actor, effective, note):
        self.attempt(
            services.assess_as_specialist,
            self.case,
            by=self.who(actor),
            effective=effective,
            note=note,
        )

    @rule(
        actor=actors,
        answers=st.sampled_from(
            [("Ferdig", "changed", "Renhold", "Vask endret")] * 4
            + [
                ("Ferdig", "not_reviewed", "", ""),
                ("", "no_change", "Renhold", "God nok"),
                ("Ferdig", "", "", ""),
                ("Ferdig", "no_change", "", "God nok"),
            ]
        ),
    )
    def close(self, actor, answers):
        summary, outcome, routine, note = answers
        self.attempt(
            services.close_case,
            self.case,
            by=self.who(actor),
            summary=summary,
            routine_review=services.RoutineReview(outcome=outcome, routine=routine, note=note),
        )

    @rule(actor=actors, reason=st.sampled_from(["Fordi", ""]))
    def close_as_not_a_deviation(self, actor, reason):
        self.attempt(
            services.close_as_not_a_deviation, self.case, by=self.who(actor), reason=reason
        )

    @rule(actor=actors, reason=reasons)
    def reopen(self, actor, reason):
        self.attempt(services.reopen, self.case, by=self.who(actor), reason=reason)

    @rule(actor=actors, text=reasons, visible=st.booleans())
    def comment(self, actor, text, visible):
        self.attempt(
            services.comment,
            self.case,
            by=self.who(actor),
            text=text,
            visible_to_reporter=visible,
        )

    # -- what must always hold ----------------------------------------------------------

    @invariant()
    def closed_as_resolved_only_when_the_routine_is_done(self):
        if self.case is None:
            return
        case = Case.objects.select_related("deviation").get(pk=self.case.pk)
        assert (case.status == Case.Status.CLOSED) == (case.closed_at is not None)
        assert (case.status == Case.Status.CLOSED) == bool(case.closed_as)
        if case.closed_as != Case.ClosedAs.RESOLVED:
            return
        deviation = case.deviation
        assert case.risk_assessments.filter(assessed_at__gt=deviation.occurred_at).exists()
        corrective = list(case.actions.filter(kind=Action.Kind.CORRECTIVE))
        assert corrective, "closed as resolved without a corrective action"
        assert all(action.is_done for action in corrective)
        latest = case.effect_evaluations.order_by("-evaluated_at", "-pk").first()
        assert latest is not None and latest.effective
        assert latest.evaluated_at >= max(action.done_at for action in corrective)
        assert case.outcome_summary.strip()
        assert case.routine_review in Case.RoutineReview.values
        assert case.routine_review_note.strip()
        assert case.routines_reviewed == (case.routine_review != "not_reviewed")

    @invariant()
    def evaluating_means_every_corrective_action_is_done(self):
        if self.case is None:
            return
        case = Case.objects.get(pk=self.case.pk)
        if case.status == Case.Status.EVALUATING:
            corrective = case.actions.filter(kind=Action.Kind.CORRECTIVE)
            assert corrective.exists()
            assert not corrective.filter(done_at__isnull=True).exists()
        if case.status in (Case.Status.IN_PROGRESS, Case.Status.EVALUATING):
            assert case.closure_due is not None

    @invariant()
    def no_action_was_done_while_the_case_was_closed(self):
        if self.case is None:
            return
        openings = list(
            self.case.events.filter(kind__in=[*CLOSING_KINDS, CaseEvent.Kind.REOPENED])
            .order_by("at", "pk")
            .values_list("at", "kind")
        )
        for done_at in self.case.actions.exclude(done_at=None).values_list("done_at", flat=True):
            earlier = [kind for at, kind in openings if at <= done_at]
            assert not earlier or earlier[-1] == CaseEvent.Kind.REOPENED


def test_no_sequence_of_steps_reaches_an_illegal_state(org):
    machine = type("WorkflowForOrg", (Workflow,), {"org": org})
    run_state_machine_as_test(
        machine,
        settings=settings(
            max_examples=50,
            stateful_step_count=20,
            deadline=None,
            database=None,
            suppress_health_check=[HealthCheck.too_slow],
        ),
    )
