"""On PostgreSQL: two leaders acting on the same case at the same instant, and the
trigger that keeps the case timeline append-only whatever code or SQL tries."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.db import DatabaseError, connection, transaction

from cases import services
from cases.models import Case, CaseEvent
from tests.cases.workflow import REVIEWED, open_case, ready_to_close
from tests.concurrency import at_once

pytestmark = pytest.mark.postgres


def one_winner(results, *, code: str) -> ValidationError:
    """Exactly one call succeeded; the other was told, with this code, that it lost."""
    outcomes = sorted(kind for kind, _value in results)
    assert outcomes == ["error", "ok"], results
    error = next(value for kind, value in results if kind == "error")
    assert isinstance(error, ValidationError), error
    assert error.code == code
    return error


@pytest.mark.django_db(transaction=True)
def test_two_leaders_acknowledge_at_once_and_exactly_one_succeeds(org, mailoutbox):
    case = open_case(org)
    mailoutbox.clear()
    results = at_once(
        lambda: services.acknowledge(case, by=org.leader),
        lambda: services.acknowledge(case, by=org.higher_leader),
    )
    error = one_winner(results, code="already_acknowledged")
    case.refresh_from_db()
    assert case.status == Case.Status.IN_PROGRESS
    event = case.events.get(kind=CaseEvent.Kind.ACKNOWLEDGED)
    # The one who lost is told who was first.
    assert event.actor.display_name in error.messages[0]
    assert [m.to for m in mailoutbox] == [[org.reporter.email]]


@pytest.mark.django_db(transaction=True)
def test_two_leaders_close_at_once_and_exactly_one_succeeds(org, mailoutbox):
    case = ready_to_close(org)
    mailoutbox.clear()

    def close(by):
        return lambda: services.close_case(
            case, by=by, summary="Matte lagt ut.", routine_review=REVIEWED
        )

    results = at_once(close(org.leader), close(org.higher_leader))
    error = one_winner(results, code="closed")
    case.refresh_from_db()
    assert case.status == Case.Status.CLOSED
    event = case.events.get(kind=CaseEvent.Kind.CLOSED)
    assert event.actor.display_name in error.messages[0]
    assert [m.to for m in mailoutbox] == [[org.reporter.email]]


def test_trigger_refuses_to_update_or_delete_case_events(org):
    case = open_case(org)
    event = case.events.get()
    events = CaseEvent.objects.filter(pk=event.pk)
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        events.update(message="Skrevet om")
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        events.delete()
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("DELETE FROM cases_caseevent")
    event.refresh_from_db()
    assert event.message != "Skrevet om"
    assert event.data == {"leader": org.leader.pk, "unit": case.responsible_unit_id}
    assert case.events.count() == 1
