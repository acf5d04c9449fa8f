"""The demo municipality: every role has a login, its cases are in every state with
histories that could have happened, and running it again adds nothing."""

from collections import Counter
from datetime import datetime

import pytest
import time_machine
from django.contrib.auth import authenticate
from django.core.management import call_command
from django.db.models import Max
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone

from avvik.models import Deviation
from cases.models import (
    Action,
    AssistanceRequest,
    Case,
    CaseEvent,
    CaseReader,
    EffectEvaluation,
    RiskAssessment,
)
from cases.services import escalate_stale_cases
from demo.deviations import seed_deviations
from demo.organisation import DEMO_PASSWORD, seed_organisation
from orgchart.access import access_for
from orgchart.models import Membership, Notification, OrgUnit, User


def _logins(output: str) -> list[str]:
    return [word for line in output.splitlines() for word in line.split() if "@" in word]


def _fingerprint() -> dict:
    """Everything seed_demo writes, counted, and the state of every case."""
    return {
        "rows": [
            model.objects.count()
            for model in (
                User,
                OrgUnit,
                Membership,
                Deviation,
                Case,
                CaseEvent,
                Action,
                RiskAssessment,
                EffectEvaluation,
                AssistanceRequest,
                Notification,
            )
        ],
        "cases": list(
            Case.objects.order_by("pk").values_list(
                "pk",
                "status",
                "responsible_leader_id",
                "escalation_level",
                "next_escalation_at",
                "on_hold_until",
                "closed_at",
            )
        ),
    }


@pytest.mark.django_db
def test_seed_demo_prints_a_working_login_per_role_and_is_idempotent(capsys):
    call_command("seed_demo")
    first = capsys.readouterr().out
    before = _fingerprint()
    call_command("seed_demo")
    capsys.readouterr()
    assert _fingerprint() == before
    assert DEMO_PASSWORD in first
    logins = _logins(first)
    assert len(logins) >= 6
    roles = set()
    for login in logins:
        user = authenticate(
            RequestFactory().post("/logg-inn/"), username=login, password=DEMO_PASSWORD
        )
        assert user is not None, login
        access = access_for(user)
        roles |= {
            name
            for name, present in [
                ("leader", access.is_leader),
                ("safety", access.is_safety_representative),
                ("amu", access.is_committee_member),
                ("specialist", access.is_specialist),
                ("admin", access.is_hms_admin),
            ]
            if present
        }
    assert roles == {"leader", "safety", "amu", "specialist", "admin"}
    assert OrgUnit.objects.filter(leader__isnull=True, is_active=True).exists(), "a vacant unit"


@pytest.mark.django_db
def test_the_printed_leader_has_cases_in_several_states_and_sees_the_stale_one(client, capsys):
    call_command("seed_demo")
    leader_line = next(
        line for line in capsys.readouterr().out.splitlines() if "1021@" in line
    )  # demo.organisation: the leader of Skjermet enhet is the "Leader" login
    leader = User.objects.get(email=_logins(leader_line)[0])
    now = timezone.now()

    states = Counter(
        Case.objects.filter(responsible_leader=leader).values_list("status", flat=True)
    )
    assert len(states) >= 3, states
    stale = Case.objects.get(responsible_leader=leader, status__in=OPEN, next_escalation_at__lt=now)
    client.force_login(leader)
    page = client.get(reverse("cases:dashboard")).content.decode()
    assert stale.deviation.reference in page


OPEN = (Case.Status.REPORTED, Case.Status.IN_PROGRESS, Case.Status.EVALUATING)


@pytest.mark.django_db
def test_demo_cases_have_believable_histories(capsys, mailoutbox):
    seed_organisation()
    filed = seed_deviations()
    now = timezone.now()
    assert filed == Case.objects.count() == 300

    statuses = Counter(Case.objects.values_list("status", flat=True))
    assert set(statuses) == set(Case.Status.values), statuses
    assert statuses[Case.Status.CLOSED] > 200, "old cases are mostly closed"
    assert statuses[Case.Status.REPORTED] >= 2, "the newest wait for their leader"
    assert set(Case.objects.values_list("closed_as", flat=True)) >= {
        Case.ClosedAs.RESOLVED,
        Case.ClosedAs.NOT_A_DEVIATION,
    }
    kinds = Counter(CaseEvent.objects.values_list("kind", flat=True))
    for kind in ("forwarded", "escalated", "reopened", "put_on_hold", "effect_evaluated"):
        assert kinds[kind] >= 2, kind
    assert Case.objects.filter(status__in=OPEN, on_hold_until__gt=timezone.localdate()).count() >= 2
    assert Case.objects.filter(status__in=OPEN, arrived_via=Case.ArrivedVia.FORWARDED).exists()

    for case in Case.objects.filter(closed_as=Case.ClosedAs.RESOLVED).select_related("deviation"):
        _assert_closed_by_the_routine(case)
    assert not Case.objects.filter(status=Case.Status.CLOSED, outcome_summary="").exists()

    for case in Case.objects.select_related("deviation"):
        times = list(case.events.order_by("pk").values_list("at", flat=True))
        assert times == sorted(times), case
        assert times[0] == case.deviation.reported_at == case.opened_at
        assert case.deviation.occurred_at < case.deviation.reported_at
    latest = [
        CaseEvent.objects.aggregate(m=Max("at"))["m"],
        Action.objects.aggregate(m=Max("created_at"))["m"],
        Action.objects.aggregate(m=Max("done_at"))["m"],
        RiskAssessment.objects.aggregate(m=Max("assessed_at"))["m"],
        EffectEvaluation.objects.aggregate(m=Max("evaluated_at"))["m"],
        Deviation.objects.aggregate(m=Max("reported_at"))["m"],
    ]
    assert max(latest) <= now, "nothing is dated in the future"

    # The demo starts calm: only the planted stale case is due, its deadline minutes past.
    due = Case.objects.filter(status__in=OPEN, next_escalation_at__lte=now)
    assert 1 <= due.count() <= 3
    stale = due.get(deviation__unit__code="HO-SH-SK")
    assert (now - stale.next_escalation_at).total_seconds() < 15 * 60

    # Nobody was told about the made-up history...
    assert Notification.objects.count() == 0
    assert mailoutbox == []
    # ...but the notices work again afterwards: the first sweep escalates the stale case
    # and tells both leaders.
    assert escalate_stale_cases().escalated >= 1
    stale.refresh_from_db()
    assert stale.escalation_level == 1
    assert stale.events.filter(kind=CaseEvent.Kind.ESCALATED).exists()
    assert Notification.objects.filter(url__contains=f"/saker/{stale.pk}/").count() == 2


def _assert_closed_by_the_routine(case: Case) -> None:
    occurred_at = case.deviation.occurred_at
    assert case.risk_assessments.filter(assessed_at__gt=occurred_at).exists(), case
    assert case.outcome_summary and case.routine_review and case.routine_review_note, case
    corrective = case.actions.filter(kind=Action.Kind.CORRECTIVE)
    assert corrective.exists(), case
    assert not corrective.filter(done_at__isnull=True).exists(), case
    last_done = corrective.aggregate(m=Max("done_at"))["m"]
    evaluation = case.effect_evaluations.order_by("-evaluated_at", "-pk").first()
    assert evaluation.effective and evaluation.evaluated_at > last_done, case
    assert last_done < case.closed_at, case


@pytest.mark.django_db
@pytest.mark.parametrize(
    "today",
    [
        "2026-04-06 10:00",  # Easter Monday: a public holiday after a long weekend
        "2026-12-26 05:30",  # Saturday, Boxing Day, before the morning sweep
        "2027-01-01 00:20",  # minutes into a new year: references restart per year
        "2026-10-25 02:30",  # the night summer time ends
    ],
)
def test_the_demo_can_be_seeded_on_any_day(today):
    moment = timezone.make_aware(datetime.fromisoformat(today))
    with time_machine.travel(moment, tick=True):
        seed_organisation()
        assert seed_deviations(count=100) == 100
        now = timezone.now()
        assert not CaseEvent.objects.filter(at__gt=now).exists()
        assert Case.objects.filter(status__in=OPEN, next_escalation_at__lte=now).exists()
        years = {timezone.localtime(d.reported_at).year for d in Deviation.objects.all()}
        for year in years:
            numbers = sorted(
                int(ref[-6:])
                for ref in Deviation.objects.filter(
                    reference__startswith=f"AV-{year}-"
                ).values_list("reference", flat=True)
            )
            assert numbers == list(range(1, len(numbers) + 1)), year


@pytest.mark.django_db
def test_everyone_a_demo_user_meets_logs_in_with_the_demo_password(capsys):
    """The leader a case was forwarded or escalated to, whoever acted on a case, was given
    an action, handles or reported a case, or sits on the committee."""
    call_command("seed_demo")
    out = capsys.readouterr().out
    # One summary queued (one committee): said in the singular.
    assert "1 AMU-oppsummeringer" not in out and "1 AMU summaries" not in out
    assert "1 AMU-oppsummering er satt i kø" in out or "1 AMU summary queued" in out
    met = set()
    met |= set(Case.objects.values_list("responsible_leader", flat=True))
    met |= set(Case.objects.values_list("deviation__reporter", flat=True))
    met |= set(CaseEvent.objects.values_list("actor", flat=True))
    met |= set(CaseReader.objects.values_list("user", flat=True))
    met |= set(Action.objects.values_list("assignee", flat=True))
    met |= set(User.objects.filter(committees__isnull=False).values_list("pk", flat=True))
    met |= set(OrgUnit.objects.values_list("leader", flat=True))
    met.discard(None)
    people = User.objects.filter(pk__in=met)
    assert people.count() > 20
    for person in people:
        assert person.check_password(DEMO_PASSWORD), person
        assert authenticate(
            RequestFactory().post("/logg-inn/"), username=person.email, password=DEMO_PASSWORD
        ), person
