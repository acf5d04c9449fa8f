"""The steps of the routine on the case page, described as data and served by one view,
as Django's admin serves its actions: for each step the form that reads the request, the
rule that says who may take it at all, the service that takes it and what the person is
told afterwards. The view finds the case among those the person can see (someone else's
case is a 404), refuses a step they may not take (403) before anything posted is read,
and goes back to the page; a service's refusal comes back on the page next to the field
it is about."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from avvik.models import InjuryDetails
from cases import forms, rules, services
from cases.forms.legal_notices import NavNotNeededForm, RecordNoticeForm, RegisterEntryForm
from cases.models import Action, Case
from cases.services import injury_register, legal_notices
from cases.views.handling import (
    case_for_step,
    render_case_page,
    sees_reporter_page_only,
    visible_case,
)


def carried_out(form: forms.StepForm, step) -> bool:
    """Run the step with the form's data if the form is valid; a refusal from the service
    goes onto the form. PermissionDenied is left to become a 403."""
    if not form.is_valid():
        return False
    try:
        step(form.cleaned_data)
    except ValidationError as error:
        form.add_service_error(error)
        return False
    return True


def done(request, case: Case, message: str):
    messages.success(request, message)
    return redirect("cases:detail", pk=case.pk)


def _no_form_kwargs(user, case: Case) -> dict:
    return {}


@dataclass(frozen=True)
class Step:
    """One step: its URL's last part, its form (which names the step), who may take it (a rule from
    cases.rules), the service call given the case, the person and the form's data, and
    the message afterwards."""

    path: str
    form: type[forms.StepForm]
    may_take: Callable[..., bool]
    take: Callable[[Case, object, dict], object]
    done: Promise
    # What else the form needs to know, from the person and the case.
    form_kwargs: Callable[..., dict] = field(default=_no_form_kwargs)


CLOSED_TOLD = _("The case is closed. The reporter has been told.")

_STEPS = (
    Step(
        "motta",
        forms.AcknowledgeForm,
        rules.may_handle,
        lambda case, by, data: services.acknowledge(case, by=by, closure_due=data["closure_due"]),
        _("Receipt acknowledged. The reporter has been told."),
    ),
    Step(
        "strakstiltak",
        forms.ImmediateActionForm,
        rules.may_handle,
        lambda case, by, data: services.record_immediate_action(
            case, by=by, description=data["description"]
        ),
        _("Immediate action recorded."),
    ),
    Step(
        "tiltak",
        forms.CorrectiveActionForm,
        rules.may_add_action,
        lambda case, by, data: services.add_corrective_action(
            case, by=by, description=data["description"], due_date=data["due_date"], **data["owner"]
        ),
        _("Corrective action added."),
    ),
    Step(
        "allerede-utfort",
        forms.AlreadyDoneActionForm,
        rules.may_handle,
        lambda case, by, data: services.record_action_already_done(
            case, by=by, description=data["description"]
        ),
        _("Recorded as a corrective action already done. Evaluate its effect."),
    ),
    Step(
        "faginstans",
        forms.AssistanceForm,
        rules.may_handle,
        lambda case, by, data: services.request_assistance(
            case, by=by, specialist_unit=data["specialist_unit"], message=data["message"]
        ),
        _("The specialist unit has been asked for help."),
    ),
    Step(
        "faginstans-vurdering",
        forms.SpecialistAssessmentForm,
        rules.is_asked_specialist,
        lambda case, by, data: services.assess_as_specialist(case, by=by, **data),
        _("Your assessment is saved. The leader has been told."),
    ),
    Step(
        "del-vedlegg",
        forms.ShareAttachmentForm,
        rules.may_handle,
        lambda case, by, data: services.share_attachment(
            case, data["attachment"], by=by, reason=data["reason"]
        ),
        _("The attachment is shared. This is logged."),
    ),
    Step(
        "videresend",
        forms.ForwardForm,
        rules.may_handle,
        lambda case, by, data: services.forward_up_the_line(case, by=by, reason=data["reason"]),
        _("The case has been forwarded up the line."),
    ),
    Step(
        "overfor",
        forms.HandOverForm,
        rules.may_handle,
        lambda case, by, data: services.hand_over_sideways(case, by=by, reason=data["reason"]),
        _("The case has been handed over. The new leader and the reporter have been told."),
    ),
    Step(
        "vent",
        forms.HoldForm,
        rules.may_handle,
        lambda case, by, data: services.put_on_hold(
            case, by=by, until=data["until"], reason=data["reason"]
        ),
        _("The case is on hold and will not climb the line before then."),
    ),
    Step(
        "risiko",
        forms.RiskAssessmentForm,
        rules.may_handle,
        lambda case, by, data: services.assess_risk(case, by=by, **data),
        _("Risk assessment saved."),
    ),
    Step(
        "effekt",
        forms.EffectEvaluationForm,
        rules.may_handle,
        lambda case, by, data: services.evaluate_effect(case, by=by, **data),
        _("Evaluation saved."),
    ),
    Step(
        "lukk",
        forms.CloseForm,
        rules.may_handle,
        lambda case, by, data: services.close_case(case, by=by, **data),
        CLOSED_TOLD,
    ),
    Step(
        "ikke-avvik",
        forms.NotADeviationForm,
        rules.may_handle,
        lambda case, by, data: services.close_as_not_a_deviation(
            case, by=by, reason=data["reason"]
        ),
        CLOSED_TOLD,
    ),
    Step(
        "duplikat",
        forms.DuplicateForm,
        rules.may_handle,
        lambda case, by, data: services.close_as_duplicate(
            case, by=by, duplicate_of=data["original"], reason=data["reason"]
        ),
        CLOSED_TOLD,
    ),
    Step(
        "gjenapne",
        forms.ReopenForm,
        rules.may_handle,
        lambda case, by, data: services.reopen(case, by=by, reason=data["reason"]),
        _("The case is reopened. The reporter has been told."),
    ),
    Step(
        "kommentar",
        forms.CommentForm,
        rules.may_comment,
        lambda case, by, data: services.comment(case, by=by, **data),
        _("Comment added."),
        form_kwargs=lambda user, case: {
            "may_write_to_reporter": rules.may_write_to_reporter(user, case)
        },
    ),
    # The employer's duties after an injury (cases.services.legal_notices).
    Step(
        "melding",
        RecordNoticeForm,
        rules.may_handle,
        lambda case, by, data: legal_notices.record_notice(
            case,
            by=by,
            recipient=data["recipient"],
            notified_at=data["notified_at"],
            means=data["means"],
        ),
        _("The notice is recorded."),
        form_kwargs=lambda user, case: {"outstanding": legal_notices.duties_for(case).outstanding},
    ),
    Step(
        "skaderegister",
        RegisterEntryForm,
        rules.may_handle,
        lambda case, by, data: injury_register.enter_in_register(
            case,
            by=by,
            injured_person=data.get("injured_person", ""),
            injury_type=data["injury_type"],
            treatment=data["treatment"],
            absence=data["absence"],
            work_illness=data["work_illness"],
        ),
        _("The injury register is updated."),
        form_kwargs=lambda user, case: {
            "injury": InjuryDetails.objects.filter(deviation_id=case.deviation_id).first()
        },
    ),
    Step(
        "nav-ikke-nodvendig",
        NavNotNeededForm,
        rules.may_handle,
        lambda case, by, data: legal_notices.record_nav_not_needed(
            case, by=by, reason=data["reason"]
        ),
        _("Recorded that no report to NAV is needed."),
    ),
)
# By the step's name, which its form carries (cases.forms.STEP_FORMS names them too).
STEPS: dict[str, Step] = {step.form.step: step for step in _STEPS}


@require_POST
def take_step(request, pk, step: str):
    """Take one of STEPS on the case, or show the page again with the form's errors."""
    try:
        chosen = STEPS[step]
    except KeyError:
        raise Http404 from None
    case = case_for_step(request, pk, chosen.may_take)
    form = chosen.form(
        request.POST, case=case, user=request.user, **chosen.form_kwargs(request.user, case)
    )
    if carried_out(form, lambda data: chosen.take(case, request.user, data)):
        return done(request, case, str(chosen.done))
    return render_case_page(request, case, form)


@require_POST
def complete_action(request, pk, action_pk):
    """Mark one corrective action done: by the leader, or by the person it was given to
    (a reporter among them, who is sent back to their own page)."""
    case = visible_case(request, pk)
    action = get_object_or_404(case.actions.filter(kind=Action.Kind.CORRECTIVE), pk=action_pk)
    action.case = case
    if not rules.may_complete_action(request.user, action):
        raise PermissionDenied
    form = forms.CompleteActionForm(request.POST, case=case, user=request.user, action=action)
    if carried_out(
        form, lambda data: services.complete_action(action, by=request.user, note=data["note"])
    ):
        return done(request, case, str(_("The action is marked done.")))
    if sees_reporter_page_only(request.user, case):
        # A reporter given an action marks it done from their own page, and is told there.
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        return redirect("cases:my_report", pk=case.pk)
    return render_case_page(request, case, form)
