"""Handing tasks to the broker without ever failing the change that asked for them.

The database row is the outbox: a notice not yet e-mailed, an AMU order not yet built.
Queueing its task once the transaction commits is only the fast path. When the broker
(Redis) is away, the change is already committed and must not be reported to the user as
a failure, so a refused hand-over is logged and left to the periodic sweep
(``requeue_waiting_work``, every minute), which queues again whatever has waited longer
than a short grace period."""

from __future__ import annotations

import logging

from django.db import transaction
from kombu.exceptions import KombuError, OperationalError

logger = logging.getLogger(__name__)

try:  # Redis is the production broker; the embedded mode runs without the package too.
    from redis.exceptions import RedisError
except ImportError:  # pragma: no cover
    RedisError = OSError

# What a broker that is down, restarting or unreachable raises when a task is sent.
BROKER_ERRORS = (OperationalError, KombuError, RedisError, OSError, TimeoutError)


def queue_now(task, *args, **kwargs) -> bool:
    """Send ``task`` to the broker; False (logged) if the broker refused it. Tasks run
    in-process (``task_always_eager``, the tests) raise their own errors as usual."""
    if task.app.conf.task_always_eager:
        task.apply_async(args=args, kwargs=kwargs)
        return True
    try:
        task.apply_async(args=args, kwargs=kwargs)
    except BROKER_ERRORS as error:
        logger.warning(
            "Could not queue %s (%s); the periodic sweep will queue it again.",
            task.name,
            error,
        )
        return False
    return True


def queue_on_commit(task, *args, **kwargs) -> None:
    """Send ``task`` once the current transaction commits, as best effort: a broker that
    is away is logged, not raised into the request whose change is already saved."""
    transaction.on_commit(lambda: queue_now(task, *args, **kwargs))
