"""How long a case is kept, and its anonymisation when that time has run out.

A closed case is kept for its category's retention period (``RetentionRule``, years
after closing, set by the HMS administrators; ``default_years`` otherwise: see the
README for the reasoning). Then a nightly task anonymises it: the names of the people
in it, every free text, the injury details and the attachments go; the reference, the
dates, the unit, the category, the severity, the status, the kinds of the actions and
the risk scores stay, so that the statistics do not change. Nothing goes silently: each
anonymisation is a timeline event, and the HMS administrators are sent the list of the
cases whose time runs out a month before.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import connection, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from avvik.models import Attachment, Category, Deviation, InjuryDetails
from cases.legal_records import AuthorityNotice, RetentionRule
from cases.models import (
    Action,
    AssistanceRequest,
    Case,
    CaseEvent,
    EffectEvaluation,
    RiskAssessment,
)
from orgchart.models import Notification
from orgchart.notifications import notify

logger = logging.getLogger(__name__)

# Years after closing. Personal injury and other health-data categories: 20 years, the
# longest limitation period for a claim for personal injury (foreldelsesloven § 9 nr. 2),
# since an occupational injury or illness may show long after. Other categories: 10
# years (foreldelsesloven § 9 nr. 2 for other damage, and the time most municipal
# archive plans keep HMS documentation). The municipality's archive plan decides.
DEFAULT_YEARS = 10
DEFAULT_YEARS_HEALTH_DATA = 20
WARNING_DAYS = 30
ANONYMISED_USERNAME = "anonymisert"


def default_years(category: Category) -> int:
    return DEFAULT_YEARS_HEALTH_DATA if category.involves_health_data else DEFAULT_YEARS


def years_by_category() -> dict[int, int]:
    rules = dict(RetentionRule.objects.values_list("category_id", "years"))
    return {
        category.pk: rules.get(category.pk, default_years(category))
        for category in Category.objects.all()
    }


def years_before(moment: datetime, years: int) -> datetime:
    try:
        return moment.replace(year=moment.year - years)
    except ValueError:  # 29 February
        return moment.replace(year=moment.year - years, day=28)


def retention_ends(case: Case, years: int) -> datetime | None:
    if case.closed_at is None:
        return None
    try:
        return case.closed_at.replace(year=case.closed_at.year + years)
    except ValueError:
        return case.closed_at.replace(year=case.closed_at.year + years, day=28)


def _closed_before(now: datetime) -> Q:
    """Closed cases whose category's retention period ends before ``now``."""
    condition = Q(pk__in=[])
    for category_id, years in years_by_category().items():
        condition |= Q(deviation__category_id=category_id, closed_at__lt=years_before(now, years))
    return condition


def due_for_anonymisation(now: datetime | None = None):
    now = now or timezone.now()
    return Case.objects.filter(
        _closed_before(now), status=Case.Status.CLOSED, anonymised_at__isnull=True
    )


def anonymised_person():
    """Stands in for every person a case named once it is anonymised."""
    person, _created = get_user_model().objects.get_or_create(
        username=ANONYMISED_USERNAME,
        defaults={"first_name": "–", "is_active": False, "employee_id": None},
    )
    return person


@dataclass
class Result:
    anonymised: int = 0
    listed: int = 0


def anonymise_expired_cases(*, now: datetime | None = None) -> Result:
    """The nightly task: list what runs out within a month, then anonymise what ran out.
    Safe to run twice: an anonymised case is not picked again."""
    now = now or timezone.now()
    result = Result(listed=list_cases_running_out(now=now))
    for pk in list(due_for_anonymisation(now).values_list("pk", flat=True)):
        if anonymise_case(Case(pk=pk), now=now):
            result.anonymised += 1
    return result


def anonymise_case(case: Case, *, now: datetime | None = None) -> bool:
    """Remove names, free texts, injury details and files from one case whose retention
    period ran out. Returns False if it was not (or no longer) due."""
    now = now or timezone.now()
    with transaction.atomic():
        case = (
            due_for_anonymisation(now)
            .select_for_update(of=("self",))
            .select_related("deviation__category")
            .filter(pk=case.pk)
            .first()
        )
        if case is None:
            return False
        years = years_by_category()[case.deviation.category_id]
        nobody = anonymised_person()
        deviation = case.deviation
        files = _remove_attachments(deviation)
        InjuryDetails.objects.filter(deviation=deviation).delete()
        Deviation.objects.filter(pk=deviation.pk).update(
            reporter=nobody,
            title="",
            description="",
            immediate_action="",
            suggested_measure="",
            location="",
            submission_token=None,
        )
        Case.objects.filter(pk=case.pk).update(
            responsible_leader=None,
            outcome_summary="",
            committee_summary="",
            no_actions_reason="",
            hold_reason="",
            anonymised_at=now,
        )
        Action.objects.filter(case=case).update(description="", done_note="", created_by=nobody)
        Action.objects.filter(case=case, assignee__isnull=False).update(assignee=nobody)
        Action.objects.filter(case=case, done_by__isnull=False).update(done_by=nobody)
        RiskAssessment.objects.filter(case=case).update(note="", assessed_by=nobody)
        EffectEvaluation.objects.filter(case=case).update(note="", evaluated_by=nobody)
        AssistanceRequest.objects.filter(case=case).update(message="", requested_by=nobody)
        AuthorityNotice.objects.filter(case=case).update(recorded_by=nobody)
        # A reason must stay (the record says NAV was not needed); its words go.
        AuthorityNotice.objects.filter(case=case).exclude(not_needed_reason="").update(
            not_needed_reason="–"
        )
        _blank_timeline(case)
        _blank_notifications(case, deviation)
        CaseEvent.objects.create(
            case=case,
            kind=CaseEvent.Kind.ANONYMISED,
            at=now,
            data={"years": years, "files": files},
        )
    logger.info("Anonymised case %s after %s years", case.pk, years)
    return True


def _remove_attachments(deviation: Deviation) -> int:
    attachments = list(Attachment.objects.filter(deviation=deviation))
    names = [attachment.file.name for attachment in attachments]
    Attachment.objects.filter(pk__in=[a.pk for a in attachments]).delete()
    storage = Attachment._meta.get_field("file").storage

    def delete_files():
        for name in names:
            storage.delete(name)

    transaction.on_commit(delete_files)
    return len(names)


def _blank_timeline(case: Case) -> None:
    """The timeline is append-only; the one change allowed is this one (see migration
    cases 0014): texts and people blanked, kinds and times kept."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL avvik.anonymising = 'on'")
    CaseEvent.objects.filter(case=case).update(message="", actor=None)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL avvik.anonymising = 'off'")


def _blank_notifications(case: Case, deviation: Deviation) -> None:
    """Notices about the case carried its title and texts: only the reference stays."""
    paths = [
        reverse("cases:detail", args=[case.pk]),
        reverse("cases:my_report", args=[case.pk]),
        reverse("cases:notice_confirmation", args=[case.pk]),
    ]
    condition = Q(context__case=case.pk)
    for path in paths:
        condition |= Q(url__endswith=path)
    Notification.objects.filter(condition).update(
        subject=deviation.reference, body="", html="", context={}, template=""
    )


def list_cases_running_out(*, now: datetime | None = None) -> int:
    """Tell the HMS administrators, a month ahead, which cases will be anonymised. Each
    case is listed once. Returns how many cases were listed."""
    now = now or timezone.now()
    soon = (
        Case.objects.filter(
            _closed_before(now + timedelta(days=WARNING_DAYS)),
            status=Case.Status.CLOSED,
            anonymised_at__isnull=True,
            retention_listed_at__isnull=True,
        )
        .select_related("deviation")
        .order_by("closed_at")
    )
    cases = list(soon[:1000])
    if not cases:
        return 0
    from cases.services.legal_notices import hms_administrators

    years = years_by_category()
    # Reference numbers and dates, written for each administrator in their own language
    # when the notice is read or e-mailed.
    rows = [
        [
            case.deviation.reference,
            timezone.localdate(retention_ends(case, years[case.deviation.category_id])).isoformat(),
        ]
        for case in cases
    ]
    for admin in hms_administrators():
        notify(
            admin,
            template="cases.retention_list",
            context={"count": len(cases), "rows": rows},
            url=settings.SITE_URL + reverse("admin:cases_retentionrule_changelist"),
            urgent=False,
            key=f"retention-list:{now.date().isoformat()}:{admin.pk}",
        )
    Case.objects.filter(pk__in=[case.pk for case in cases]).update(retention_listed_at=now)
    return len(cases)
