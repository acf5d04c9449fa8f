"""Pointing this process's Celery app at a broker of the test's choosing: a closed port
(the broker is down) or a Redis the test started. Tasks are then really sent, not run
in-process."""

from __future__ import annotations

from contextlib import contextmanager

from avvik.celery import app


def _drop_connections() -> None:
    """The next send opens a connection to the broker now configured. The old pool is
    left to the garbage collector: kombu keeps producers of it that must not be closed
    under it (eager tasks acquire one too)."""
    app._pool = None
    app.amqp._producer_pool = None


@contextmanager
def broker_at(url: str):
    """Send tasks to ``url`` for the duration; the app as it was afterwards."""
    before = (app.conf.broker_url, app.conf.task_always_eager)
    _drop_connections()
    app.conf.broker_url = url
    app.conf.task_always_eager = False
    try:
        yield
    finally:
        _drop_connections()
        app.conf.broker_url, app.conf.task_always_eager = before
