"""Database functions the statistics need and Django does not ship: the time between two
timestamps in seconds, and a continuous percentile.

PostgreSQL computes percentiles itself (``percentile_cont``). SQLite has no such
aggregate, so :func:`percentiles` reads, for each percentile, just the one or two rows it
needs from the ordered durations (``ORDER BY … LIMIT 2 OFFSET k``) and interpolates
between them exactly as ``percentile_cont`` does. That is one small query per percentile
and never a scan of every case in Python.
"""

from __future__ import annotations

import math

from django.db import connection
from django.db.models import Aggregate, Count, F, FloatField, Func, Q, QuerySet


class SecondsBetween(Func):
    """``end - start`` in seconds, as a float."""

    output_field = FloatField()
    arity = 2

    def __init__(self, end, start, **extra):
        super().__init__(end, start, **extra)

    def as_postgresql(self, compiler, connection, **extra_context):
        return self.as_sql(
            compiler,
            connection,
            template="EXTRACT(EPOCH FROM (%(expressions)s))::double precision",
            arg_joiner=" - ",
            **extra_context,
        )

    def as_sqlite(self, compiler, connection, **extra_context):
        # Datetimes are stored as ISO text in UTC; julianday() reads them to the millisecond.
        return self.as_sql(
            compiler,
            connection,
            template="((julianday(%(expressions)s)) * 86400.0)",
            arg_joiner=") - julianday(",
            **extra_context,
        )


class PercentileCont(Aggregate):
    """PostgreSQL's ``percentile_cont(fraction) WITHIN GROUP (ORDER BY expression)``."""

    function = "PERCENTILE_CONT"
    name = "PercentileCont"
    output_field = FloatField()
    template = "%(function)s(%(fraction)s) WITHIN GROUP (ORDER BY %(expressions)s)"

    def __init__(self, expression, fraction: float, **extra):
        fraction = float(fraction)
        if not 0.0 <= fraction <= 1.0:
            raise ValueError("A percentile's fraction lies between 0 and 1.")
        # A float we made ourselves, so it can stand in the SQL text.
        super().__init__(expression, fraction=repr(fraction), **extra)

    def as_sql(self, compiler, connection, **extra_context):
        if connection.vendor != "postgresql":
            raise NotImplementedError("percentile_cont needs PostgreSQL; use percentiles().")
        return super().as_sql(compiler, connection, **extra_context)


def percentile_of_sorted(values: list[float], fraction: float) -> float | None:
    """What ``percentile_cont`` gives for already-sorted values (used by the SQLite path
    with the one or two rows it reads, and by tests)."""
    if not values:
        return None
    position = fraction * (len(values) - 1)
    low = math.floor(position)
    high = min(low + 1, len(values) - 1)
    return values[low] + (values[high] - values[low]) * (position - low)


def percentiles(
    queryset: QuerySet, expression, requests: dict[str, tuple[float, Q]]
) -> dict[str, float | None]:
    """Percentiles of ``expression`` over the rows of ``queryset``.

    ``requests`` maps a result name to ``(fraction, condition)``: the percentile of the
    rows that meet the condition (rows where the expression is NULL never count). The
    answer also holds, as ``n_<name>``, how many rows each percentile was taken over.
    PostgreSQL answers all of it in one query. SQLite gets one COUNT query, then per
    requested percentile one query for the one or two rows at its position.
    """
    if not requests:
        return {}
    qs = queryset.annotate(_value=expression)
    counts = {
        f"n_{name}": Count("pk", filter=condition & Q(_value__isnull=False))
        for name, (_fraction, condition) in requests.items()
    }
    if connection.vendor == "postgresql":
        return qs.aggregate(
            **counts,
            **{
                name: PercentileCont("_value", fraction, filter=condition & Q(_value__isnull=False))
                for name, (fraction, condition) in requests.items()
            },
        )
    counts = qs.aggregate(**counts)
    result: dict[str, float | None] = dict(counts)
    for name, (fraction, condition) in requests.items():
        n = counts[f"n_{name}"]
        if not n:
            result[name] = None
            continue
        position = fraction * (n - 1)
        low = math.floor(position)
        rows = list(
            qs.filter(condition, _value__isnull=False)
            .order_by(F("_value").asc())
            .values_list("_value", flat=True)[low : low + 2]
        )
        high_value = rows[1] if len(rows) > 1 else rows[0]
        result[name] = rows[0] + (high_value - rows[0]) * (position - low)
    return result
