"""The printable case summary for the case file: what the case page shows, as a PDF."""

from __future__ import annotations

from django.http import HttpResponse
from django.shortcuts import redirect
from django.template.loader import render_to_string
from django.utils import timezone, translation

from avvik.pdf import render_pdf
from cases.views.handling import case_record, sees_reporter_page_only, visible_case


def case_pdf(request, pk):
    """Report, actions, risk, evaluations and the whole timeline (internal entries
    marked), with injury details only for those who may see them, and that viewing
    logged as on the page. A reporter follows their case on their own page instead."""
    case = visible_case(request, pk)
    if sees_reporter_page_only(request.user, case):
        return redirect("cases:my_report", pk=case.pk)
    html = render_to_string(
        "cases/case_summary_pdf.html",
        {
            **case_record(case, request.user),
            "authority_notices": list(case.authority_notices.select_related("recorded_by")),
            "made_at": timezone.now(),
            "made_by": request.user,
            "language": translation.get_language(),
        },
    )
    # "?arkiv=1": PDF/A for the municipality's archive (still tagged).
    archive = request.GET.get("arkiv") == "1"
    response = HttpResponse(render_pdf(html, archive=archive), content_type="application/pdf")
    # Inline, so the browser's viewer opens it ready to print; the name is the reference.
    name = f"{case.deviation.reference}{'-pdfa' if archive else ''}.pdf"
    response["Content-Disposition"] = f'inline; filename="{name}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response
