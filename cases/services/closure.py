"""The follow-up that ends a case: evaluating the effect of the corrective actions,
closing (as resolved, as not a deviation, as a duplicate) and reopening.

Rules, from the routine ("Etterarbeid krever vurdering, risikoanalyse og dokumentasjon"):

- The effect is evaluated once every corrective action is done (there must be at least
  one). Effective: the case is "evaluating", ready to close. Not effective: back to "in
  progress" with a note saying what did not work, for new actions.
- A case is closed as resolved only when ("Ved mindre avvik skal man iverksette
  korrigerende tiltak som permanent gjenoppretter normal drift/tilstand": every
  deviation, whatever its severity)
  1. a risk assessment made after the deviation occurred exists;
  2. it has at least one corrective action, and all are done. Where the immediate
     action already restored the normal state, the leader records that as a corrective
     action already done (cases.services.actions.record_action_already_done);
  3. the latest effect evaluation, made after the last action was done, says they
     worked;
  4. a summary of the outcome for the reporter is written;
  5. the review of work routines is recorded: which routine and what changed (or why
     no change was needed), or why it was not reviewed; optionally the next review.
- "Not a deviation" and "duplicate" close an open case in any state, with a reason.
- Reopening puts a closed case back in progress; what was closed stays in the timeline.

The reporter is told of every closing and of a reopening.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cases import deadlines, notifications, rules
from cases.models import Action, Case, CaseEvent, EffectEvaluation
from cases.services import legal_notices
from cases.services.handling import (
    default_closure_due,
    lock,
    record,
    require_acknowledged,
    require_open,
    require_permission,
    required_text,
)


@dataclass(frozen=True)
class RoutineReview:
    """The review of work routines recorded at closing ("Arbeidsrutiner bør også
    gjennomgås og kvalitetssikres"): ``outcome`` is a Case.RoutineReview value;
    ``routine`` which routine or procedure was reviewed; ``note`` what was changed, why
    no change was needed, or why it was not reviewed."""

    outcome: str
    routine: str = ""
    note: str = ""
    next_review: date | None = None

    def problems(self) -> list[ValidationError]:
        outcome, routine, note = self.outcome, self.routine.strip(), self.note.strip()
        if outcome not in Case.RoutineReview.values:
            return [
                ValidationError(
                    _("Say whether the work routines were reviewed."),
                    code="routines_reviewed_required",
                )
            ]
        problems = []
        if outcome != Case.RoutineReview.NOT_REVIEWED and not routine:
            problems.append(
                ValidationError(
                    _("Say which routine or procedure was reviewed."), code="routine_required"
                )
            )
        if not note:
            problems.append(
                ValidationError(
                    {
                        Case.RoutineReview.CHANGED: _("Say what was changed in the routine."),
                        Case.RoutineReview.NO_CHANGE: _("Say why no change was needed."),
                        Case.RoutineReview.NOT_REVIEWED: _(
                            "Say why the routines were not reviewed."
                        ),
                    }[outcome],
                    code="routine_note_required",
                )
            )
        if self.next_review is not None and self.next_review <= timezone.localdate():
            problems.append(
                ValidationError(
                    _("The next review must be on a later day."), code="next_review_in_past"
                )
            )
        return problems


def evaluate_effect(case: Case, *, by, effective: bool, note: str = "") -> EffectEvaluation:
    """Did the corrective actions work? Only when all of them are done."""
    with transaction.atomic():
        case = lock(case)
        require_permission(rules.may_handle(by, case))
        require_acknowledged(case)
        corrective = case.actions.filter(kind=Action.Kind.CORRECTIVE)
        if not corrective.exists():
            raise ValidationError(
                _("There are no corrective actions to evaluate."), code="no_actions"
            )
        if corrective.filter(done_at__isnull=True).exists():
            raise ValidationError(
                _("Not all corrective actions are done yet."), code="actions_open"
            )
        note = (note or "").strip()
        if not effective and not note:
            raise ValidationError(
                _("Say what did not work, so that new actions can be set."),
                code="note_required",
            )
        evaluation = EffectEvaluation.objects.create(
            case=case, evaluated_by=by, effective=bool(effective), note=note
        )
        status_before = case.status
        case.status = Case.Status.EVALUATING if effective else Case.Status.IN_PROGRESS
        if case.status != status_before:
            case.save(update_fields=["status"])
        record(
            case,
            CaseEvent.Kind.EFFECT_EVALUATED,
            by=by,
            message=note,
            effective=bool(effective),
            evaluation=evaluation.pk,
            **(
                {"status_from": status_before, "status_to": case.status}
                if case.status != status_before
                else {}
            ),
        )
    return evaluation


def closing_blockers(case: Case) -> list[ValidationError]:
    """What the case itself still lacks before it may be closed as resolved (conditions
    1–3 above), each as a ValidationError with a code; empty when nothing is missing.
    Every missing thing is listed, the evaluation too while actions are still open."""
    missing = []
    occurred_at = case.deviation.occurred_at
    # Read as lists (the case page has them prefetched): a case holds a handful of each.
    if not any(a.assessed_at > occurred_at for a in case.risk_assessments.all()):
        missing.append(
            ValidationError(
                _("A new risk assessment, made after the deviation occurred, is needed."),
                code="risk_assessment_missing",
            )
        )
    corrective = [a for a in case.actions.all() if a.kind == Action.Kind.CORRECTIVE]
    last_done = max((a.done_at for a in corrective if a.done_at is not None), default=None)
    if not corrective:
        missing.append(
            ValidationError(
                _(
                    "At least one corrective action is needed. If the immediate action "
                    "already restored the normal state, record it as a corrective action "
                    "already done."
                ),
                code="actions_required",
            )
        )
    elif any(a.done_at is None for a in corrective):
        missing.append(
            ValidationError(_("Not all corrective actions are done yet."), code="actions_open")
        )
        last_done = None
    latest = max(case.effect_evaluations.all(), key=lambda e: (e.evaluated_at, e.pk), default=None)
    if (
        last_done is None
        or latest is None
        or not latest.effective
        or latest.evaluated_at < last_done
    ):
        missing.append(
            ValidationError(
                _(
                    "The corrective actions must be evaluated as effective, after the last "
                    "one was done."
                ),
                code="evaluation_missing",
            )
        )
    return missing


def close_case(
    case: Case,
    *,
    by,
    summary: str,
    routine_review: RoutineReview | None,
    committee_summary: str = "",
) -> Case:
    """Close the case as resolved (see the module's rules); the reporter is told the
    outcome. All that is missing is reported at once. ``committee_summary`` is the
    leader's anonymised account for the AMU's summaries."""
    with transaction.atomic():
        case = lock(case)
        require_permission(rules.may_handle(by, case))
        require_acknowledged(case)
        missing = closing_blockers(case)
        missing += legal_notices.legal_blockers(case)
        summary = (summary or "").strip()
        if not summary:
            missing.append(
                ValidationError(
                    _("Write a summary of the outcome for the reporter."),
                    code="summary_required",
                )
            )
        review = routine_review or RoutineReview(outcome="")
        missing += review.problems()
        if missing:
            raise ValidationError(missing)
        _close(case, Case.ClosedAs.RESOLVED, summary=summary, review=review)
        if committee_summary.strip():
            case.committee_summary = committee_summary.strip()
            case.save(update_fields=["committee_summary"])
        record(
            case,
            CaseEvent.Kind.CLOSED,
            by=by,
            visible_to_reporter=True,
            message=summary,
            routines_reviewed=case.routines_reviewed,
            routine_review=review.outcome,
            routine=case.routine_reviewed,
            routine_review_note=case.routine_review_note,
            routine_next_review=(review.next_review.isoformat() if review.next_review else None),
        )
        notifications.case_closed(case)
    return case


def close_as_not_a_deviation(case: Case, *, by, reason: str) -> Case:
    """Close an open case, in any state, because what was reported is not a deviation."""
    with transaction.atomic():
        case = lock(case)
        require_permission(rules.may_handle(by, case))
        require_open(case)
        legal_notices.require_serious_injury_notices(case)
        reason = required_text(reason, _("Say why this is not a deviation."), "reason_required")
        _close(case, Case.ClosedAs.NOT_A_DEVIATION, summary=reason)
        record(
            case,
            CaseEvent.Kind.CLOSED_NOT_A_DEVIATION,
            by=by,
            visible_to_reporter=True,
            message=reason,
        )
        notifications.case_closed(case)
    return case


def close_as_duplicate(case: Case, *, by, duplicate_of: Case, reason: str) -> Case:
    """Close an open case, in any state, as a duplicate of another one the acting person
    can see. The other case must be the original, not itself a duplicate."""
    with transaction.atomic():
        case = lock(case)
        require_permission(rules.may_handle(by, case))
        require_open(case)
        reason = required_text(reason, _("Say why this is a duplicate."), "reason_required")
        original = (
            Case.objects.visible_to(by)
            .select_related("deviation")
            .filter(pk=duplicate_of.pk)
            .first()
        )
        if original is None or original.pk == case.pk:
            raise ValidationError(
                _("Choose another case that you have access to."), code="invalid_original"
            )
        if original.closed_as == Case.ClosedAs.DUPLICATE:
            raise ValidationError(
                _("%(ref)s is itself a duplicate; choose the original case.")
                % {"ref": original.deviation.reference},
                code="original_is_duplicate",
            )
        _close(case, Case.ClosedAs.DUPLICATE, summary=reason, duplicate_of=original)
        record(
            case,
            CaseEvent.Kind.CLOSED_AS_DUPLICATE,
            by=by,
            visible_to_reporter=True,
            reason=reason,
            duplicate_of=original.pk,
            duplicate_of_ref=original.deviation.reference,
        )
        notifications.case_closed(case)
    return case


def reopen(case: Case, *, by, reason: str) -> Case:
    """A closed case goes back in progress. Its closing fields are cleared; what was
    decided then stays in the timeline."""
    with transaction.atomic():
        case = lock(case)
        require_permission(rules.may_handle(by, case))
        if case.status != Case.Status.CLOSED:
            raise ValidationError(_("Only a closed case can be reopened."), code="not_closed")
        reason = required_text(reason, _("Say why the case is reopened."), "reason_required")
        closed_as = case.closed_as
        case.status = Case.Status.IN_PROGRESS
        case.closed_at = None
        case.closed_as = ""
        case.outcome_summary = ""
        case.routines_reviewed = None
        case.routine_review = ""
        case.routine_reviewed = ""
        case.routine_review_note = ""
        case.routine_next_review = None
        case.no_actions_reason = ""
        case.duplicate_of = None
        if case.closure_due is None:
            # Closed straight from "reported": the deadline was never set.
            case.closure_due = default_closure_due(case)
        # A deadline that passed while the case was closed gives the leader one
        # escalation interval before the case climbs.
        case.next_escalation_at = max(
            case.closure_due,
            deadlines.next_escalation_after(timezone.now(), case.deviation.severity),
        )
        case.save(update_fields=_CLOSING_FIELDS + ["status", "closure_due", "next_escalation_at"])
        record(
            case,
            CaseEvent.Kind.REOPENED,
            by=by,
            visible_to_reporter=True,
            message=reason,
            was_closed_as=closed_as,
        )
        notifications.case_reopened(case, reason=reason, by=by)
    return case


_CLOSING_FIELDS = [
    "closed_at",
    "closed_as",
    "outcome_summary",
    "routines_reviewed",
    "routine_review",
    "routine_reviewed",
    "routine_review_note",
    "routine_next_review",
    "no_actions_reason",
    "duplicate_of",
]


def _close(
    case: Case,
    closed_as: Case.ClosedAs,
    *,
    summary: str,
    review: RoutineReview | None = None,
    duplicate_of: Case | None = None,
) -> None:
    case.status = Case.Status.CLOSED
    case.closed_at = timezone.now()
    case.closed_as = closed_as
    case.outcome_summary = summary
    case.routines_reviewed = (
        None if review is None else review.outcome != Case.RoutineReview.NOT_REVIEWED
    )
    case.routine_review = review.outcome if review else ""
    case.routine_reviewed = review.routine.strip() if review else ""
    case.routine_review_note = review.note.strip() if review else ""
    case.routine_next_review = review.next_review if review else None
    case.no_actions_reason = ""
    case.duplicate_of = duplicate_of
    case.next_escalation_at = None
    case.save(update_fields=_CLOSING_FIELDS + ["status", "next_escalation_at"])
