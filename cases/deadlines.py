"""Deadlines in working days: weekends and Norwegian public holidays do not count."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from functools import lru_cache

import holidays
from django.utils import timezone

from avvik.kept_rows import KeptRows


@lru_cache(maxsize=64)
def _holidays_in(year: int) -> frozenset[date]:
    return frozenset(holidays.country_holidays("NO", years=year).keys())


def is_working_day(day: date) -> bool:
    return day.weekday() < 5 and day not in _holidays_in(day.year)


def add_working_days(start: datetime, days: int) -> datetime:
    """The same time of day ``days`` working days after ``start`` (in Oslo time). A start
    outside working days counts from the next working day's morning."""
    local = timezone.localtime(start)
    day = local.date()
    if not is_working_day(day):
        while not is_working_day(day):
            day += timedelta(days=1)
        local = local.replace(hour=8, minute=0, second=0, microsecond=0)
    remaining = days
    while remaining > 0:
        day += timedelta(days=1)
        if is_working_day(day):
            remaining -= 1
    naive = datetime.combine(day, local.time().replace(tzinfo=None))
    return timezone.make_aware(naive)


def add_calendar_days(start: datetime, days: int) -> datetime:
    """Calendar days, moved on to the next working day if the deadline falls on a day off."""
    local = timezone.localtime(start) + timedelta(days=days)
    day = local.date()
    while not is_working_day(day):
        day += timedelta(days=1)
    return timezone.make_aware(datetime.combine(day, local.time().replace(tzinfo=None)))


# severity: working days to receipt, days to closure, working days between escalations.
# The migration that creates DeadlinePolicy seeds these; they are used as they are when
# an administrator has deleted a row.
DEFAULT_POLICIES = {
    "critical": (1, 14, 1),
    "high": (2, 30, 2),
    "medium": (3, 45, 3),
    "low": (5, 60, 5),
}


def _read_policies() -> dict:
    from cases.models import DeadlinePolicy

    return {policy.severity: policy for policy in DeadlinePolicy.objects.all()}


# Every filing and every step reads a deadline: the four rows are kept per process.
kept_policies = KeptRows("deadline-policies", _read_policies, model="cases.DeadlinePolicy")


def policy_for(severity: str):
    """The HMS administrators' deadlines for a severity."""
    policy = kept_policies.get().get(severity)
    if policy is None:
        from cases.models import DeadlinePolicy

        receipt, closure, interval = DEFAULT_POLICIES[severity]
        policy = DeadlinePolicy(
            severity=severity,
            receipt_working_days=receipt,
            closure_days=closure,
            escalation_interval_working_days=interval,
        )
    return policy


def receipt_due_for(deviation) -> datetime:
    return add_working_days(
        deviation.reported_at, policy_for(deviation.severity).receipt_working_days
    )


def closure_due_for(deviation) -> datetime:
    """Counted from when the deviation was reported, so that a slow receipt does not
    lengthen the time the reporter waits."""
    return add_calendar_days(deviation.reported_at, policy_for(deviation.severity).closure_days)


def next_escalation_after(moment: datetime, severity: str) -> datetime:
    interval = policy_for(severity).escalation_interval_working_days
    return add_working_days(moment, max(interval, 1))
