"""The case page for those who handle or follow a case."""

from __future__ import annotations

from django.shortcuts import get_object_or_404, redirect, render

from avvik.models import InjuryDetails
from avvik.services import record_injury_view
from cases import rules
from cases.models import Case


def case_detail(request, pk):
    case = get_object_or_404(
        Case.objects.visible_to(request.user).select_related(
            "deviation__category", "deviation__unit", "deviation__reporter", "responsible_leader"
        ),
        pk=pk,
    )
    in_line = rules.is_in_leader_line(request.user, case)
    if case.deviation.reporter_id == request.user.pk and not in_line:
        return redirect("cases:my_report", pk=case.pk)
    injury = None
    if rules.may_see_injury_details(request.user, case):
        injury = InjuryDetails.objects.filter(deviation=case.deviation).first()
        if injury:
            record_injury_view(case.deviation, request.user)
    return render(
        request,
        "cases/case_detail.html",
        {
            "case": case,
            "deviation": case.deviation,
            "injury": injury,
            "attachments": case.deviation.attachments.all(),
            "events": case.events.select_related("actor"),
            "show_internal": True,
        },
    )
