"""The statistics page's figures, kept ready in the shared cache and brought up to date in
the background ("stale while revalidate").

A large subtree's figures read hundreds of thousands of rows: seconds for the whole
municipality at a million deviations. Leaders open the page far more often than that,
so the page answers from the cache and never waits for a computation it has done before:

* nothing in the cache for this scope, period and language: computed now for a small
  subtree; for a large one (more than ``STATISTICS_INLINE_UNITS`` units) computed by the
  worker while the page says so and comes back for them; then kept
  (``STATISTICS_CACHE_SECONDS``; 0 turns the cache off and computes every time);
* in the cache and current (no deviation or case event written since, and younger than
  ``STATISTICS_FRESH_SECONDS``, since "overdue" moves with the clock alone): shown;
* in the cache but behind: shown, marked as being updated, and one background task (the
  worker) computes it again; the next request shows the new figures.

Every change of a case writes a case event and every report a deviation, so the newest
ids of the two say whether anything has changed. ``warm_statistics`` (beat, at night)
computes the quick choices of period (the default view among them) for every leader's
subtree for the new day before anyone asks.
"""

from __future__ import annotations

import hashlib
import logging
from datetime import date, timedelta

from django.conf import settings
from django.core.cache import cache
from django.db.models import Max
from django.utils import timezone, translation

from avvik.models import Deviation
from cases.models import CaseEvent
from orgchart.models import OrgUnit
from orgchart.queueing import queue_on_commit
from reports.periods import Period
from reports.scopes import Scope
from reports.statistics import Figures, compute_figures

# How long a refresh may take before another request may ask for one again.
REFRESH_LOCK_SECONDS = 120

logger = logging.getLogger(__name__)


class FiguresUnavailable(Exception):
    """The shared cache is away and the scope is too large to compute in a web process:
    the page says plainly that the figures cannot be shown right now."""


class _CacheAway(Exception):
    pass


def _cache(operation: str, *args):
    """One call on the shared cache; a cache that is away (Redis down or restarting)
    raises ``_CacheAway`` so the callers can fall back to the database."""
    try:
        return getattr(cache, operation)(*args)
    except Exception as error:  # redis-py, socket and pickle errors alike
        logger.warning("The cache is unavailable (%s): statistics read the database", error)
        raise _CacheAway from error


def data_version() -> tuple[int | None, int | None]:
    """The newest deviation and case event: any change to the figures moves one of them."""
    return (
        Deviation.objects.aggregate(newest=Max("pk"))["newest"],
        CaseEvent.objects.aggregate(newest=Max("pk"))["newest"],
    )


def figures_key(paths, whole_organisation: bool, period: Period, language: str) -> str:
    raw = repr((sorted(paths), whole_organisation, period.start, period.end, language))
    return "statistics:" + hashlib.sha256(raw.encode()).hexdigest()


def is_large(scope: Scope) -> bool:
    """Whether the scope has more units than STATISTICS_INLINE_UNITS: its figures take
    seconds at a million deviations, and are computed by the worker."""
    if scope.whole_organisation:
        return True
    limit = settings.STATISTICS_INLINE_UNITS
    return OrgUnit.objects.under_paths(scope.paths)[: limit + 1].count() > limit


def cached_figures(scope: Scope, period: Period, *, current: bool = False) -> Figures | None:
    """The figures for the page: from the cache when it has them, refreshed in the
    background when they are behind; computed here the first time for a small scope,
    and for a large one queued for the worker (None: the page says they are coming).
    ``current`` (the exports: a file should not hold figures the page calls outdated)
    computes figures that are missing or behind here and now instead."""
    if not settings.STATISTICS_CACHE_SECONDS:
        return compute_figures(scope, period)
    language = translation.get_language()
    key = figures_key(scope.paths, scope.whole_organisation, period, language)
    version = data_version()
    try:
        entry = _cache("get", key)
    except _CacheAway:
        if current or not is_large(scope):
            return compute_figures(scope, period)
        raise FiguresUnavailable from None
    if entry is None:
        if current or not is_large(scope):
            return _store(key, scope, period, version)
        # Seconds of work: the worker's, not a web process's. The page comes back for it.
        _queue_refresh(key, scope, period, language)
        return None
    stored_version, figures = entry
    age = timezone.now() - figures.computed_at
    if stored_version != version or age > timedelta(seconds=settings.STATISTICS_FRESH_SECONDS):
        if current:
            return _store(key, scope, period, version)
        figures.refreshing = True
        _queue_refresh(key, scope, period, language)
    return figures


def refresh_figures(paths: list[str], whole_organisation: bool, start: str, end: str, language):
    """Compute and keep the figures of one scope and period again (the worker's side)."""
    period = Period(date.fromisoformat(start), date.fromisoformat(end))
    key = figures_key(paths, whole_organisation, period, language)
    try:
        roots = tuple(OrgUnit.objects.filter(path__in=paths).order_by("path"))
        if len(roots) != len(paths):
            return  # the org chart changed since: the next request asks for the new scope
        scope = Scope(roots=roots, whole_organisation=whole_organisation)
        with translation.override(language):
            _store(key, scope, period, data_version())
    finally:
        cache.delete(f"{key}:refreshing")  # in the worker: a failure here is retried


def warm_statistics(periods: list[Period], language: str) -> int:
    """Compute the figures for each of ``periods`` of the whole organisation and of every
    unit with a leader that has units under it (a single unit's own figures are quick to
    compute on the spot). Returns how many were computed."""
    whole = tuple(OrgUnit.objects.filter(parent__isnull=True).order_by("path"))
    scopes = [Scope(roots=whole, whole_organisation=True)] if whole else []
    scopes += [
        Scope(roots=(unit,))
        for unit in OrgUnit.objects.active()
        .filter(leader__isnull=False, children__isnull=False)
        .distinct()
        .order_by("path")
    ]
    with translation.override(language):
        for period in periods:
            for scope in scopes:
                key = figures_key(scope.paths, scope.whole_organisation, period, language)
                _store(key, scope, period, data_version())
    return len(scopes) * len(periods)


def _store(key: str, scope: Scope, period: Period, version) -> Figures:
    # The version is read before computing: a change made meanwhile leaves the entry
    # behind, so the next request refreshes it again.
    figures = compute_figures(scope, period)
    figures.cache_token = f"{key}:{figures.computed_at.isoformat()}"
    try:
        _cache("set", key, (version, figures), settings.STATISTICS_CACHE_SECONDS)
    except _CacheAway:
        figures.cache_token = ""  # shown, not kept: the page does not cache its part
    return figures


def _queue_refresh(key: str, scope: Scope, period: Period, language: str) -> None:
    """One refresh task at a time per key (refresh_figures lifts the lock when done)."""
    try:
        if not _cache("add", f"{key}:refreshing", True, REFRESH_LOCK_SECONDS):
            return
    except _CacheAway:
        return
    from reports.tasks import refresh_statistics

    arguments = (
        list(scope.paths),
        scope.whole_organisation,
        period.start.isoformat(),
        period.end.isoformat(),
        language,
    )
    queue_on_commit(refresh_statistics, *arguments)
