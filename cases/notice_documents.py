"""The written confirmation to Arbeidstilsynet of a serious injury or death
(arbeidsmiljøloven § 5-2), prefilled from the case with only what Arbeidstilsynet's own
form asks for: the employer, where and when, who was hurt, how badly and the kind of
injury, what happened, and the notices already given. No treatment, no diagnosis, no
attachments."""

from __future__ import annotations

from django.template.loader import render_to_string
from django.utils import timezone, translation

from avvik.models import InjuryDetails
from avvik.pdf import render_pdf
from orgchart.models import OrgUnit, ids_in_path


def confirmation_context(case) -> dict:
    deviation = case.deviation
    injury = InjuryDetails.objects.filter(deviation=deviation).first()
    employer = OrgUnit.objects.filter(pk=ids_in_path(deviation.unit.path)[0]).first()
    return {
        "case": case,
        "deviation": deviation,
        "injury": injury,
        "employer": employer,
        "unit": deviation.unit,
        "notices": list(case.authority_notices.select_related("recorded_by")),
        "leader": case.responsible_leader,
        "made_at": timezone.now(),
        "language": translation.get_language(),
    }


def confirmation_pdf(case) -> bytes:
    return render_pdf(
        render_to_string("cases/notice_confirmation_pdf.html", confirmation_context(case))
    )
