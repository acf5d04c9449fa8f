"""A closed case is kept for its category's retention period and then anonymised: no
name, free text or file remains, the statistics stay, the leader line can still open
the skeleton, and the HMS administrators were told a month before."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.core import serializers
from django.db import connection, transaction
from django.utils import timezone, translation
from django.utils.formats import date_format

from avvik.models import Attachment, Deviation, InjuryDetails
from cases import services
from cases.legal_records import RetentionRule
from cases.models import (
    Action,
    AssistanceRequest,
    Case,
    CaseEvent,
    EffectEvaluation,
    RiskAssessment,
)
from cases.retention import anonymise_expired_cases, list_cases_running_out, retention_ends
from cases.services import legal_notices
from orgchart.models import Notification
from orgchart.notifications import written
from reports.periods import Period
from reports.scopes import Scope
from reports.statistics import compute_figures
from tests.cases.workflow import REVIEWED, due

pytestmark = pytest.mark.django_db

SECRETS = [
    "Per Pasientsen",
    "Brukket håndledd",
    "Glatt gulv ved inngangen",
    "Vann på gulvet",
    "Kari Kollega sa ifra",
    "Belegg lagt av Kari",
    "Intern: kostnad",
    "Gulvet er sklisikret",
    "Åse",
]


@pytest.fixture
def old_case(org, file_report):
    """A personal injury with a photo, handled and closed 21 years ago."""
    case = file_report(injury=True, photo=True)
    services.acknowledge(case, by=org.leader)
    services.request_assistance(
        case, by=org.leader, specialist_unit=org.specialist_unit, message="Se på gulvet"
    )
    services.add_information(case, by=org.reporter, text="Kari Kollega sa ifra")
    action = services.add_corrective_action(
        case, by=org.leader, description="Sklisikre gulvet", assignee=org.colleague, due_date=due()
    )
    services.complete_action(action, by=org.colleague, note="Belegg lagt av Kari")
    services.assess_risk(
        case,
        by=org.leader,
        probability=3,
        consequence=3,
        probability_after=1,
        consequence_after=3,
        note="Risiko ved Åse sin inngang",
    )
    services.evaluate_effect(case, by=org.leader, effective=True, note="Ingen nye fall")
    services.comment(case, by=org.leader, text="Intern: kostnad 12 000 kr")
    legal_notices.record_nav_not_needed(case, by=org.leader, reason="Meldt av HR")
    services.close_case(
        case,
        by=org.leader,
        summary="Gulvet er sklisikret.",
        routine_review=REVIEWED,
        committee_summary="Sklisikring",
    )
    Case.objects.filter(pk=case.pk).update(closed_at=timezone.now() - timedelta(days=21 * 366))
    case.refresh_from_db()
    return case


def rows_of(case) -> str:
    """Every database row that belongs to the case, as text."""
    deviation = Deviation.objects.get(pk=case.deviation_id)
    groups = [
        [deviation],
        [Case.objects.get(pk=case.pk)],
        InjuryDetails.objects.filter(deviation=deviation),
        Attachment.objects.filter(deviation=deviation),
        CaseEvent.objects.filter(case=case),
        Action.objects.filter(case=case),
        RiskAssessment.objects.filter(case=case),
        EffectEvaluation.objects.filter(case=case),
        AssistanceRequest.objects.filter(case=case),
        Notification.objects.all(),
    ]
    return "".join(
        serializers.serialize("json", list(group), ensure_ascii=False) for group in groups
    )


def figures(org):
    today = timezone.localdate()
    period = Period(date(today.year - 1, 1, 1), today)
    result = compute_figures(Scope(roots=(org.kommune,), whole_organisation=True), period)
    return (
        result.total,
        result.serious,
        result.closed,
        result.by_category,
        result.by_severity,
        result.by_unit,
        result.by_status,
        result.by_month,
    )


def test_after_the_retention_period_no_name_text_or_file_remains(
    org, old_case, django_capture_on_commit_callbacks
):
    before = rows_of(old_case)
    assert all(secret in before for secret in SECRETS[:3])
    attachment = Attachment.objects.get(deviation=old_case.deviation)
    storage, name = attachment.file.storage, attachment.file.name
    assert storage.exists(name)
    stats_before = figures(org)

    with django_capture_on_commit_callbacks(execute=True):
        result = anonymise_expired_cases()

    assert result.anonymised == 1
    after = rows_of(old_case)
    for secret in SECRETS:
        assert secret not in after, secret
    deviation = Deviation.objects.get(pk=old_case.deviation_id)
    assert deviation.reporter != org.reporter
    assert not storage.exists(name)
    assert not Attachment.objects.filter(deviation=deviation).exists()
    assert figures(org) == stats_before
    # What stays: the reference, unit, category, severity, action kinds and risk scores.
    old_case.refresh_from_db()
    assert deviation.reference and deviation.unit == org.department
    assert deviation.category.code == "personskade" and deviation.severity == "medium"
    assert list(old_case.actions.values_list("kind", flat=True)) == ["corrective"]
    assert old_case.risk_assessments.get().score == 9
    event = old_case.events.get(kind=CaseEvent.Kind.ANONYMISED)
    assert event.data == {"years": 20, "files": 1}


def test_search_no_longer_finds_the_case_by_its_words(client, org, old_case):
    anonymise_expired_cases()
    client.force_login(org.leader)
    html = client.get("/avvik/saker/", {"q": "Glatt gulv", "status": "all"}).content.decode()
    assert old_case.deviation.reference not in html


def test_the_leader_line_still_opens_the_skeleton(client, org, old_case):
    anonymise_expired_cases()
    client.force_login(org.higher_leader)

    html = client.get(f"/avvik/saker/{old_case.pk}/").content.decode()

    assert old_case.deviation.reference in html
    assert "Anonymised after the retention period" in html or "Anonymisert" in html
    assert "Per Pasientsen" not in html
    client.force_login(org.sibling_leader)
    assert client.get(f"/avvik/saker/{old_case.pk}/").status_code == 404


def test_a_case_within_its_period_is_left_alone_and_nothing_happens_twice(org, old_case):
    RetentionRule.objects.create(category=old_case.deviation.category, years=30)
    assert anonymise_expired_cases().anonymised == 0
    assert Deviation.objects.get(pk=old_case.deviation_id).title

    RetentionRule.objects.filter(category=old_case.deviation.category).update(years=5)
    assert anonymise_expired_cases().anonymised == 1
    assert anonymise_expired_cases().anonymised == 0
    assert old_case.events.filter(kind=CaseEvent.Kind.ANONYMISED).count() == 1


def test_the_hms_administrators_get_the_list_a_month_before(org, old_case):
    # Twenty years (personal injury) minus twenty days since closing.
    Case.objects.filter(pk=old_case.pk).update(
        closed_at=timezone.now() - timedelta(days=20 * 365 + 5 - 20)
    )

    assert list_cases_running_out() == 1
    notice = Notification.objects.get(recipient=org.hms_admin, key__startswith="retention-list:")
    # Stored as references and dates, written for each reader in their own language.
    assert (notice.subject, notice.body) == ("", "")
    ends = timezone.localdate(retention_ends(Case.objects.get(pk=old_case.pk), 20))
    for language, heading in [("nb", "anonymisert"), ("nn", "anonymisert"), ("en", "anonymised")]:
        org.hms_admin.language = language
        org.hms_admin.save(update_fields=["language"])
        notice.refresh_from_db()
        text = written(notice)
        assert heading in text.subject
        assert old_case.deviation.reference in text.body
        with translation.override(language):
            assert date_format(ends, "SHORT_DATE_FORMAT") in text.body, text.body
        assert ends.isoformat() not in text.body
    assert list_cases_running_out() == 0
    assert anonymise_expired_cases().anonymised == 0


@pytest.mark.postgres
def test_the_timeline_is_still_append_only_outside_the_anonymisation(org, old_case):
    from django.db import DatabaseError

    with pytest.raises(DatabaseError), transaction.atomic():
        CaseEvent.objects.filter(case=old_case).update(message="")
    with pytest.raises(DatabaseError), transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL avvik.anonymising = 'on'")
        CaseEvent.objects.filter(case=old_case).delete()
