"""Everything the system holds about one person (GDPR art. 15), as a ZIP of a JSON file
and a PDF: who they are here, their reports, the cases they handled (their own entries
and the actions given to them, not other people's reports), the injury records about
them and who viewed those, and the injury details they viewed themselves.

Nothing about other people goes in: a report's timeline is given with the person's own
entries in full and the others' only as what kind of step it was and when; a case they
handled is given by its reference and their part in it; an injury record is theirs when
it names them as the injured person. The people who viewed their injury details are
named, since art. 15 gives the right to know the recipients.
"""

from __future__ import annotations

import io
import json
import zipfile
from datetime import datetime

from django.db.models import Q
from django.template.loader import render_to_string
from django.utils import timezone, translation

from avvik.models import Deviation, InjuryDetails, InjuryDetailsAccess
from avvik.pdf import render_pdf
from cases.models import Action, Case, CaseEvent
from orgchart.models import Committee, Membership, OrgUnit, SafetyRepresentative


def _when(moment: datetime | None) -> str | None:
    return timezone.localtime(moment).isoformat() if moment else None


def _person(person) -> dict:
    return {
        "username": person.username,
        "name": person.get_full_name(),
        "email": person.email,
        "phone": person.phone,
        "employee_id": person.employee_id,
        "notification_mode": person.notification_mode,
        "units": [
            {"unit": m.unit.name, "primary": m.is_primary, "active": m.is_active}
            for m in Membership.objects.filter(user=person).select_related("unit")
        ],
        "leads": list(
            OrgUnit.objects.filter(Q(leader=person) | Q(deputy=person)).values_list(
                "name", flat=True
            )
        ),
        "safety_representative_for": list(
            SafetyRepresentative.objects.filter(user=person).values_list("units__name", flat=True)
        ),
        "committees": list(Committee.objects.filter(members=person).values_list("name", flat=True)),
    }


def _timeline(case: Case, person) -> list[dict]:
    """The reporter's view of their case: their own entries in full, the others' as the
    kind of step and when."""
    entries = []
    for event in case.events.filter(visible_to_reporter=True).order_by("at", "pk"):
        own = event.actor_id == person.pk
        entries.append(
            {
                "at": _when(event.at),
                "kind": str(event.get_kind_display()),
                "by_you": own,
                "text": event.message if own else "",
            }
        )
    return entries


def _reports(person) -> list[dict]:
    deviations = (
        Deviation.objects.filter(reporter=person)
        .select_related("unit", "category", "case")
        .prefetch_related("attachments")
        .order_by("reported_at")
    )
    reports = []
    for deviation in deviations:
        case = getattr(deviation, "case", None)
        reports.append(
            {
                "reference": deviation.reference,
                "reported_at": _when(deviation.reported_at),
                "occurred_at": _when(deviation.occurred_at),
                "unit": deviation.unit.name,
                "location": deviation.location,
                "category": deviation.category.name,
                "severity": str(deviation.get_severity_display()),
                "title": deviation.title,
                "description": deviation.description,
                "immediate_action": deviation.immediate_action,
                "suggested_measure": deviation.suggested_measure,
                "attachments": [a.original_name for a in deviation.attachments.all()],
                "status": str(case.get_status_display()) if case else "",
                "outcome_summary": case.outcome_summary if case else "",
                "timeline": _timeline(case, person) if case else [],
            }
        )
    return reports


def _handled_cases(person) -> list[dict]:
    case_ids = set(CaseEvent.objects.filter(actor=person).values_list("case_id", flat=True)) | set(
        Action.objects.filter(Q(assignee=person) | Q(done_by=person)).values_list(
            "case_id", flat=True
        )
    )
    case_ids |= set(Case.objects.filter(responsible_leader=person).values_list("pk", flat=True))
    own_reports = set(Case.objects.filter(deviation__reporter=person).values_list("pk", flat=True))
    handled = []
    for case in (
        Case.objects.filter(pk__in=case_ids - own_reports)
        .select_related("deviation")
        .order_by("opened_at")
    ):
        handled.append(
            {
                "reference": case.deviation.reference,
                "responsible_now": case.responsible_leader_id == person.pk,
                "your_entries": [
                    {
                        "at": _when(event.at),
                        "kind": str(event.get_kind_display()),
                        "text": event.message,
                    }
                    for event in case.events.filter(actor=person).order_by("at", "pk")
                ],
                "actions_given_to_you": [
                    {
                        "what": action.description,
                        "due": action.due_date.isoformat() if action.due_date else None,
                        "done_at": _when(action.done_at),
                    }
                    for action in case.actions.filter(assignee=person)
                ],
            }
        )
    return handled


def injury_records_about(person):
    name = person.get_full_name().strip()
    if not name:
        return InjuryDetails.objects.none()
    return InjuryDetails.objects.filter(injured_person__iexact=name).select_related(
        "deviation__unit"
    )


def _injury_records(person) -> tuple[list[dict], list[dict]]:
    records, views = [], []
    injuries = list(injury_records_about(person))
    for injury in injuries:
        records.append(
            {
                "reference": injury.deviation.reference,
                "occurred_at": _when(injury.deviation.occurred_at),
                "unit": injury.deviation.unit.name,
                "injured_person": injury.injured_person,
                "type": str(injury.get_injury_type_display()),
                "injury": injury.injury_kind,
                "treatment": str(injury.get_treatment_display()),
                "absence": injury.absence,
                "serious": str(injury.get_harm_display()),
                "name_in_register": injury.name_in_register,
            }
        )
    for access in (
        InjuryDetailsAccess.objects.filter(deviation_id__in=[i.deviation_id for i in injuries])
        .select_related("user", "deviation")
        .order_by("viewed_at")
    ):
        views.append(
            {
                "reference": access.deviation.reference,
                "viewed_by": access.user.display_name,
                "viewed_at": _when(access.viewed_at),
            }
        )
    return records, views


def personal_data(person) -> dict:
    records, views = _injury_records(person)
    return {
        "made_at": _when(timezone.now()),
        "person": _person(person),
        "reports": _reports(person),
        "handled_cases": _handled_cases(person),
        "injury_records": records,
        "injury_record_views": views,
        "injury_details_you_viewed": [
            {"reference": ref, "viewed_at": _when(at)}
            for ref, at in InjuryDetailsAccess.objects.filter(user=person)
            .order_by("viewed_at")
            .values_list("deviation__reference", "viewed_at")
        ],
    }


def personal_data_zip(person, *, language: str) -> bytes:
    with translation.override(language):
        data = personal_data(person)
        pdf = render_pdf(
            render_to_string(
                "reports/access_request_pdf.html", {"data": data, "language": language}
            )
        )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("data.json", json.dumps(data, ensure_ascii=False, indent=2))
        archive.writestr("data.pdf", pdf)
    return buffer.getvalue()
