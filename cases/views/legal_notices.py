"""Recording the notices to Arbeidstilsynet, the police and NAV from the case page, and
the written confirmation to Arbeidstilsynet as a PDF."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from avvik.models import InjuryDetails
from cases import rules
from cases.forms.legal_notices import NavNotNeededForm, RecordNoticeForm, RegisterEntryForm
from cases.models import Case
from cases.notice_documents import confirmation_pdf
from cases.services import injury_register, legal_notices
from cases.services.register_consent import set_name_in_register
from cases.views.handling import _carried_out, _done, case_for_step, render_case_page, visible_case
from orgchart.access import access_for


@require_POST
def record_notice(request, pk):
    case = case_for_step(request, pk, rules.may_handle)
    form = RecordNoticeForm(
        request.POST,
        case=case,
        user=request.user,
        outstanding=legal_notices.duties_for(case).outstanding,
    )
    if _carried_out(
        form,
        lambda data: legal_notices.record_notice(
            case,
            by=request.user,
            recipient=data["recipient"],
            notified_at=data["notified_at"],
            means=data["means"],
        ),
    ):
        return _done(request, case, _("The notice is recorded."))
    return render_case_page(request, case, form)


@require_POST
def enter_in_register(request, pk):
    case = case_for_step(request, pk, rules.may_handle)
    form = RegisterEntryForm(
        request.POST,
        case=case,
        user=request.user,
        injury=InjuryDetails.objects.filter(deviation_id=case.deviation_id).first(),
    )
    if _carried_out(
        form,
        lambda data: injury_register.enter_in_register(
            case,
            by=request.user,
            injured_person=data.get("injured_person", ""),
            injury_type=data["injury_type"],
            treatment=data["treatment"],
            absence=data["absence"],
            work_illness=data["work_illness"],
        ),
    ):
        return _done(request, case, _("The injury register is updated."))
    return render_case_page(request, case, form)


@require_POST
def record_nav_not_needed(request, pk):
    case = case_for_step(request, pk, rules.may_handle)
    form = NavNotNeededForm(request.POST, case=case, user=request.user)
    if _carried_out(
        form,
        lambda data: legal_notices.record_nav_not_needed(
            case, by=request.user, reason=data["reason"]
        ),
    ):
        return _done(request, case, _("Recorded that no report to NAV is needed."))
    return render_case_page(request, case, form)


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
