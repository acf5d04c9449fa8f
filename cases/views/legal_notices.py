"""The written confirmation to Arbeidstilsynet as a PDF, and the reporter's consent to
be named in the injury register. Recording the notices to Arbeidstilsynet, the police
and NAV, and the register entry, are steps of the case page (cases/views/steps.py)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cases import rules
from cases.models import Case
from cases.notice_documents import confirmation_pdf
from cases.services import legal_notices
from cases.services.register_consent import set_name_in_register
from cases.views.handling import visible_case
from orgchart.access import access_for


def may_read_confirmation(user, case) -> bool:
    """Those who handle the case, and the safety representatives of the area, who are
    sent a copy by law."""
    return rules.may_handle(user, case) or access_for(user).covers_as_safety_representative(
        case.deviation.unit
    )


def notice_confirmation(request, pk):
    """The written confirmation to Arbeidstilsynet, prefilled from the case."""
    case = visible_case(request, pk)
    if not may_read_confirmation(request.user, case):
        raise PermissionDenied
    if not legal_notices.duties_for(case).serious:
        raise PermissionDenied
    response = HttpResponse(confirmation_pdf(case), content_type="application/pdf")
    response["Content-Disposition"] = (
        f'inline; filename="{case.deviation.reference}-arbeidstilsynet.pdf"'
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response


@require_POST
def register_consent(request, pk):
    """The reporter says whether the injured person may be named in the injury register."""
    case = get_object_or_404(Case.objects.reported_by(request.user), pk=pk)
    agreed = request.POST.get("name_in_register") == "yes"
    try:
        set_name_in_register(case, by=request.user, agreed=agreed)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _("The name is shown in the injury register.")
            if agreed
            else _("The name is no longer shown in the injury register outside the leader line."),
        )
    return redirect("cases:my_report", pk=case.pk)
