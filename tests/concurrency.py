"""Calls released at the same instant from their own threads, each with its own database
connection: how the PostgreSQL tests show that locks hold."""

from __future__ import annotations

import threading

from django.db import connections


def at_once(*calls):
    """Run the calls in threads released together; each result is ("ok", value) or
    ("error", exception), in the order of the calls."""
    barrier = threading.Barrier(len(calls))
    results = [None] * len(calls)

    def run(index, call):
        try:
            barrier.wait(timeout=10)
            results[index] = ("ok", call())
        except Exception as error:  # reported to the test
            results[index] = ("error", error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=pair) for pair in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return results


def values_and_errors(results) -> tuple[list, list]:
    """The returned values and the exceptions raised, apart."""
    values = [value for kind, value in results if kind == "ok"]
    errors = [repr(value) for kind, value in results if kind == "error"]
    return values, errors
