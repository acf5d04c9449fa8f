"""Releasing deviation reports to someone who asked under offentleglova (a journalist,
say). An HMS administrator (or a leader, for their line) selects cases with the
dashboard's filters, sees a preview with every redaction highlighted, adds terms to
redact by hand, and releases: the file is made, kept, and recorded with who, when, which
cases, to whom and its checksum.

Per case the release holds the reference, dates, unit, category, severity, status, what
happened and what was done. Names of people, injury details, the reporter's contact data
and the whole free text of a health-data category are withheld (see reports.redaction).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from avvik.models import InjuryDetails
from avvik.pdf import render_pdf
from cases.filters import CaseFilter
from cases.models import Action, Case
from orgchart.access import access_for
from reports.models import PublicRelease
from reports.redaction import LEGAL_BASIS, Part, Redactor, as_released, known_names

CASE_LIMIT = 200


def may_release(user) -> bool:
    access = access_for(user)
    return access.is_hms_admin or access.is_leader


def releasable_cases(user):
    """HMS administrators: every case; leaders: the cases of their line."""
    access = access_for(user)
    if access.is_hms_admin:
        return Case.objects.all()
    if not access.is_leader:
        return Case.objects.none()
    condition = Q(pk__in=[])
    for root in access.led_roots:
        condition |= Q(deviation_unit__path__startswith=root)
    return Case.objects.filter(condition)


def selected_cases(user, query) -> tuple[CaseFilter, list[Case]]:
    """The cases the dashboard's filters pick, within what the person may release."""
    filterset = CaseFilter(query, user=user)
    allowed = releasable_cases(user).values("pk")
    cases = list(
        Case.objects.filter(pk__in=filterset.qs.values("pk"))
        .filter(pk__in=allowed)
        .select_related("deviation__unit", "deviation__category")
        .prefetch_related("actions")
        .order_by("deviation__reported_at", "pk")[:CASE_LIMIT]
    )
    return filterset, cases


@dataclass
class RedactedCase:
    case: Case
    title: list[Part]
    description: list[Part]
    immediate_action: list[Part]
    outcome: list[Part]
    actions: list[tuple[str, list[Part]]] = field(default_factory=list)
    health_data: bool = False
    injury_withheld: bool = False

    def texts(self) -> list[list[Part]]:
        return [
            self.title,
            self.description,
            self.immediate_action,
            self.outcome,
            *[parts for _kind, parts in self.actions],
        ]

    @property
    def redaction_count(self) -> int:
        return sum(part.redacted for parts in self.texts() for part in parts)


def redact_cases(cases: list[Case], extra_terms: list[str]) -> list[RedactedCase]:
    injured = dict(
        InjuryDetails.objects.filter(deviation__case__in=cases).values_list(
            "deviation_id", "injured_person"
        )
    )
    redactor = Redactor(known_names(*injured.values()), extra_terms)
    withheld = _("health data")
    redacted = []
    for case in cases:
        deviation = case.deviation
        health = deviation.category.involves_health_data

        def text(value, *, health=health):
            return redactor.withhold(value, withheld) if health else redactor.redact(value)

        redacted.append(
            RedactedCase(
                case=case,
                title=text(deviation.title),
                description=text(deviation.description),
                immediate_action=text(deviation.immediate_action),
                outcome=text(case.outcome_summary),
                actions=[
                    (action.get_kind_display(), text(action.description))
                    for action in case.actions.all()
                    if action.kind in (Action.Kind.IMMEDIATE, Action.Kind.CORRECTIVE)
                ],
                health_data=health,
                injury_withheld=deviation.pk in injured,
            )
        )
    return redacted


def release_document(redacted: list[RedactedCase], *, recipient: str, language: str) -> bytes:
    with translation.override(language):
        html = render_to_string(
            "reports/public_release_pdf.html",
            {
                "cases": [
                    {
                        "case": item.case,
                        "deviation": item.case.deviation,
                        "title": as_released(item.title),
                        "description": as_released(item.description),
                        "immediate_action": as_released(item.immediate_action),
                        "outcome": as_released(item.outcome),
                        "actions": [(kind, as_released(parts)) for kind, parts in item.actions],
                        "injury_withheld": item.injury_withheld,
                    }
                    for item in redacted
                ],
                "recipient": recipient,
                "withheld": Part("", reason="x", basis=LEGAL_BASIS).marker(),
                "made_at": timezone.now(),
                "language": language,
            },
        )
        return render_pdf(html)


def release(user, query, *, recipient: str, extra_terms: list[str], language: str) -> PublicRelease:
    """Make, keep and record the release of the selected cases."""
    if not may_release(user):
        raise PermissionDenied
    recipient = (recipient or "").strip()
    if not recipient:
        raise ValidationError({"recipient": _("Say who the cases are released to.")})
    _filterset, cases = selected_cases(user, query)
    if not cases:
        raise ValidationError(_("No cases are selected."))
    content = release_document(
        redact_cases(cases, extra_terms), recipient=recipient, language=language
    )
    with transaction.atomic():
        record = PublicRelease(
            released_by=user,
            recipient=recipient[:200],
            references=[case.deviation.reference for case in cases],
            extra_terms="\n".join(extra_terms),
            sha256=hashlib.sha256(content).hexdigest(),
        )
        record.file.save("release.pdf", ContentFile(content), save=False)
        record.save()
    return record


def releases_visible_to(user):
    access = access_for(user)
    if access.is_hms_admin:
        return PublicRelease.objects.all()
    return PublicRelease.objects.filter(released_by_id=access.user_id)
