"""Stale cases climb the service line one level per period, skip vacant levels, stop at
the top with a reminder, respect holds, and are never escalated twice."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from cases import notifications, services
from cases.models import Case, CaseEvent, CaseReader
from cases.services.escalation import escalate_stale_cases
from cases.timeline import event_sentence

Kind = CaseEvent.Kind


def make_stale(case):
    Case.objects.filter(pk=case.pk).update(next_escalation_at=timezone.now() - timedelta(minutes=1))


def sweep(django_capture_on_commit_callbacks, *, now=None):
    with django_capture_on_commit_callbacks(execute=True):
        return escalate_stale_cases(now=now)


def test_stale_case_climbs_one_level_and_both_leaders_are_told(
    org, file_report, mailoutbox, django_capture_on_commit_callbacks
):
    case = file_report()
    assert case.responsible_leader == org.leader
    make_stale(case)
    mailoutbox.clear()

    result = sweep(django_capture_on_commit_callbacks)

    case.refresh_from_db()
    assert result.escalated == 1
    assert case.responsible_leader == org.higher_leader
    assert case.responsible_unit == org.sector
    assert case.escalation_level == 1
    assert case.arrived_via == Case.ArrivedVia.ESCALATED
    assert case.next_escalation_at > timezone.now()
    assert CaseReader.objects.filter(case=case, user=org.leader).exists()
    assert Case.objects.visible_to(org.leader).filter(pk=case.pk).exists()
    event = case.events.get(kind=Kind.ESCALATED)
    assert org.higher_leader.display_name in event_sentence(event)
    recipients = sorted(message.to[0] for message in mailoutbox)
    assert recipients == sorted([org.leader.email, org.higher_leader.email, org.reporter.email])
    for message in mailoutbox:
        assert case.deviation.reference in message.subject
        if message.to == [org.reporter.email]:
            # The reporter is told who handles their report now, on their own page.
            assert org.higher_leader.display_name in message.body
            assert f"/avvik/mine/{case.pk}/" in message.body
        else:
            assert f"/avvik/saker/{case.pk}/" in message.body


def test_a_second_sweep_in_the_same_period_does_nothing(
    org, file_report, mailoutbox, django_capture_on_commit_callbacks
):
    case = file_report()
    make_stale(case)
    sweep(django_capture_on_commit_callbacks)
    sent = len(mailoutbox)
    result = sweep(django_capture_on_commit_callbacks)
    assert (result.escalated, result.reminded) == (0, 0)
    assert case.events.filter(kind=Kind.ESCALATED).count() == 1
    assert len(mailoutbox) == sent


def test_a_case_that_stays_stale_climbs_again_each_period_and_then_reminds_the_top(
    org, file_report, mailoutbox, django_capture_on_commit_callbacks
):
    case = file_report()
    make_stale(case)
    sweep(django_capture_on_commit_callbacks)
    case.refresh_from_db()
    later = case.next_escalation_at + timedelta(seconds=1)
    sweep(django_capture_on_commit_callbacks, now=later)
    case.refresh_from_db()
    assert case.responsible_leader == org.top_leader
    assert case.escalation_level == 2

    mailoutbox.clear()
    top = case.next_escalation_at + timedelta(seconds=1)
    result = sweep(django_capture_on_commit_callbacks, now=top)
    case.refresh_from_db()
    assert result.reminded == 1
    assert case.responsible_leader == org.top_leader, "the top of the line keeps the case"
    assert case.escalation_level == 2
    assert case.events.filter(kind=Kind.REMINDED).count() == 1
    assert [m.to for m in mailoutbox] == [[org.top_leader.email]]
    assert case.next_escalation_at > top, "and is reminded again next period, not now"


def test_vacant_levels_are_skipped(org, file_report, django_capture_on_commit_callbacks):
    org.sector.leader = None
    org.sector.save()
    case = file_report()
    make_stale(case)
    sweep(django_capture_on_commit_callbacks)
    case.refresh_from_db()
    assert case.responsible_leader == org.top_leader
    assert case.responsible_unit == org.kommune


def test_a_held_case_waits_until_its_date(
    org, file_report, mailoutbox, django_capture_on_commit_callbacks
):
    case = file_report()
    services.acknowledge(case, by=org.leader)
    until = timezone.localdate() + timedelta(days=10)
    services.put_on_hold(case, by=org.leader, until=until, reason="Venter på snekker")
    make_stale(case)
    assert sweep(django_capture_on_commit_callbacks).escalated == 0
    case.refresh_from_db()
    assert case.responsible_leader == org.leader
    hold = case.events.get(kind=Kind.PUT_ON_HOLD)
    assert "Venter på snekker" in event_sentence(hold)
    after_hold = timezone.now() + timedelta(days=11)
    assert sweep(django_capture_on_commit_callbacks, now=after_hold).escalated == 1


def test_only_the_handling_leader_can_put_a_case_on_hold(org, file_report):
    from django.core.exceptions import PermissionDenied

    case = file_report()
    with pytest.raises(PermissionDenied):
        services.put_on_hold(
            case, by=org.sibling_leader, until=timezone.localdate() + timedelta(days=3), reason="x"
        )
    case.refresh_from_db()
    assert case.on_hold_until is None
    assert not case.events.filter(kind=Kind.PUT_ON_HOLD).exists()


def test_a_sweep_that_dies_halfway_escalates_nothing_twice_when_run_again(
    org, file_report, mailoutbox, django_capture_on_commit_callbacks, monkeypatch
):
    cases = [file_report() for _ in range(5)]
    for case in cases:
        make_stale(case)
    mailoutbox.clear()
    real = notifications.escalation_notices
    calls = {"n": 0}

    def dies_on_the_third(*args, **kwargs):
        calls["n"] += 1
        if calls["n"] == 3:
            raise RuntimeError("worker lost")
        return real(*args, **kwargs)

    monkeypatch.setattr(notifications, "escalation_notices", dies_on_the_third)
    with pytest.raises(RuntimeError):
        sweep(django_capture_on_commit_callbacks)
    assert mailoutbox == [], "the rolled-back batch sent nothing"
    monkeypatch.setattr(notifications, "escalation_notices", real)
    assert sweep(django_capture_on_commit_callbacks).escalated == 5
    for case in cases:
        assert case.events.filter(kind=Kind.ESCALATED).count() == 1
    assert len(mailoutbox) == 15, "three e-mails per case (both leaders, the reporter), once"


def test_closed_cases_never_escalate(org, file_report, django_capture_on_commit_callbacks):
    case = file_report()
    services.close_as_not_a_deviation(case, by=org.leader, reason="Feilregistrert")
    case.refresh_from_db()
    assert case.next_escalation_at is None
    assert sweep(django_capture_on_commit_callbacks).escalated == 0
