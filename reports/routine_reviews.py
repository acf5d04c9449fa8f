"""How many cases closed as resolved had their work routines reviewed, and in how many a
routine was changed ("Arbeidsrutiner bør også gjennomgås og kvalitetssikres"), for the
statistics and the committee's summary. Counted like every other figure: the deviations
reported in the period in the units where they happened."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Q

from cases.models import Case
from reports.periods import Period
from reports.queries import deviations_in
from reports.scopes import Scope


@dataclass(frozen=True)
class RoutineReviewCounts:
    # Cases of the period closed as resolved with a routine review recorded.
    closed: int = 0
    # Of those: reviewed (changed or not), changed, not reviewed.
    reviewed: int = 0
    changed: int = 0
    not_reviewed: int = 0
    previous_reviewed: int = 0
    previous_changed: int = 0


def count_routine_reviews(scope: Scope, period: Period) -> RoutineReviewCounts:
    """One aggregate query over the two periods."""
    start, end = period.bounds()
    previous_start, _previous_end = period.previous().bounds()
    resolved = Q(
        case__closed_as=Case.ClosedAs.RESOLVED,
        case__routine_review__in=Case.RoutineReview.values,
    )
    now, before = Q(reported_at__gte=start), Q(reported_at__lt=start)
    reviewed = Q(
        case__routine_review__in=[Case.RoutineReview.CHANGED, Case.RoutineReview.NO_CHANGE]
    )
    changed = Q(case__routine_review=Case.RoutineReview.CHANGED)
    not_reviewed = Q(case__routine_review=Case.RoutineReview.NOT_REVIEWED)
    counts = (
        deviations_in(scope, previous_start, end)
        .filter(resolved)
        .aggregate(
            closed=Count("pk", filter=now),
            reviewed=Count("pk", filter=now & reviewed),
            changed=Count("pk", filter=now & changed),
            not_reviewed=Count("pk", filter=now & not_reviewed),
            previous_reviewed=Count("pk", filter=before & reviewed),
            previous_changed=Count("pk", filter=before & changed),
        )
    )
    return RoutineReviewCounts(**counts)
