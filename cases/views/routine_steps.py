"""The case page's steps added for the routine (issue 11): hand a case sideways, record a
corrective action already done, a specialist unit's assessment, share one attachment of a
health-data case. Each works as the steps in cases.views.handling do."""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cases import forms, rules, services
from cases.views.handling import _carried_out, _done, case_for_step, render_case_page


@require_POST
def hand_over_sideways(request, pk):
    case = case_for_step(request, pk, rules.may_handle)
    form = forms.HandOverForm(request.POST, case=case, user=request.user)
    if _carried_out(
        form,
        lambda data: services.hand_over_sideways(case, by=request.user, reason=data["reason"]),
    ):
        return _done(
            request,
            case,
            _("The case has been handed over. The new leader and the reporter have been told."),
        )
    return render_case_page(request, case, form)


@require_POST
def record_action_already_done(request, pk):
    case = case_for_step(request, pk, rules.may_handle)
    form = forms.AlreadyDoneActionForm(request.POST, case=case, user=request.user)
    if _carried_out(
        form,
        lambda data: services.record_action_already_done(
            case, by=request.user, description=data["description"]
        ),
    ):
        return _done(
            request, case, _("Recorded as a corrective action already done. Evaluate its effect.")
        )
    return render_case_page(request, case, form)


@require_POST
def assess_as_specialist(request, pk):
    case = case_for_step(request, pk, rules.is_asked_specialist)
    form = forms.SpecialistAssessmentForm(request.POST, case=case, user=request.user)
    if _carried_out(
        form, lambda data: services.assess_as_specialist(case, by=request.user, **data)
    ):
        return _done(request, case, _("Your assessment is saved. The leader has been told."))
    return render_case_page(request, case, form)


@require_POST
def share_attachment(request, pk):
    case = case_for_step(request, pk, rules.may_handle)
    form = forms.ShareAttachmentForm(request.POST, case=case, user=request.user)
    if _carried_out(
        form,
        lambda data: services.share_attachment(
            case, data["attachment"], by=request.user, reason=data["reason"]
        ),
    ):
        return _done(request, case, _("The attachment is shared. This is logged."))
    return render_case_page(request, case, form)
