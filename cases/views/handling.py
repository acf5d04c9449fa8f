"""The case page for those who handle or follow a case: what they may see of it, and
the forms for the steps they may take now (the steps themselves are served by
cases/views/steps.py, which shows this page again with a refused step's errors)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef, Prefetch, prefetch_related_objects
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone

from avvik.models import kept_category
from avvik.services import record_health_case_opening, record_injury_view
from cases import forms, rules, services, timeline
from cases.forms.legal_notices import legal_panel, register_entry_form
from cases.models import (
    Action,
    AssistanceRequest,
    Case,
    EffectEvaluation,
    RiskAssessment,
    RiskLevel,
    SpecialistAssessment,
    risk_level,
)
from cases.services.legal_notices import legal_blockers
from orgchart.access import own_leader_id

# "?steg=forward_up_the_line" opens a folded step on the case page.
OPEN_STEP_PARAMETER = "steg"


def visible_case(request, pk) -> Case:
    case = get_object_or_404(
        # All that the rules and the page read of the report, in the one row: the
        # injury details (None when there are none) with it, whoever may see them.
        Case.objects.visible_to(request.user)
        .select_related(
            "deviation__reported_from",
            "deviation__reporter",
            "deviation__injury_details",
            "deviation_unit",
            "responsible_unit",
        )
        .annotate(
            # Whether the case can be handed sideways (cases.rules.has_sideways_leader).
            sideways_leader_id=own_leader_id(
                OuterRef("deviation__reporter_id"), OuterRef("deviation_unit__path")
            ),
            # Few cases have any: the page reads them only then.
            has_specialist_assessments=Exists(
                SpecialistAssessment.objects.filter(case_id=OuterRef("pk"))
            ),
        ),
        pk=pk,
    )
    # The deviation's unit (the case's copy of it) and its category (kept in the process)
    # are not joined again: PostgreSQL planned the join of nine tables in some 8 ms, plans
    # the seven in 3 ms, on every view of the page and every step posted.
    deviation = case.deviation
    if deviation.unit_id == case.deviation_unit_id:
        deviation.unit = case.deviation_unit
    deviation.category = kept_category(deviation.category_id)
    if case.responsible_leader_id == request.user.pk:
        # The leader reading their own case: no need to read them again.
        case.responsible_leader = request.user
    return case


def case_for_step(request, pk, may_take) -> Case:
    """The case, if the person can see it (else 404) and may take the step at all
    (``may_take``, from cases.rules; else 403), before anything posted is read. The
    service checks again, together with the case's state."""
    case = visible_case(request, pk)
    if not may_take(request.user, case):
        raise PermissionDenied
    return case


def sees_reporter_page_only(user, case) -> bool:
    """A reporter follows their own case on "Mine avvik", unless they are also in the
    leader line of it."""
    return case.deviation.reporter_id == user.pk and not rules.is_in_leader_line(user, case)


# -- what the page (and the PDF) show ---------------------------------------------------


def risk_matrix(assessment) -> list[list[dict]]:
    """The 5 × 5 matrix of one assessment, highest probability on top, each cell with its
    score, colour band and whether the assessment puts the risk there now or after the
    measures."""
    return [
        [
            {
                "probability": probability,
                "consequence": consequence,
                "score": probability * consequence,
                "level": risk_level(probability, consequence),
                "before": (assessment.probability, assessment.consequence)
                == (probability, consequence),
                "after": (assessment.probability_after, assessment.consequence_after)
                == (probability, consequence),
            }
            for consequence in range(1, 6)
        ]
        for probability in range(5, 0, -1)
    ]


def case_record(case: Case, user) -> dict:
    """Everything the person may see about the case: the report, injury details where
    permitted (each viewing logged), actions, risk, evaluations, help asked and the
    timeline with its internal entries."""
    deviation = case.deviation
    if deviation.category.involves_health_data:
        record_health_case_opening(deviation, user)
    injury = None
    if rules.may_see_injury_details(user, case):
        injury = deviation.injury
        if injury:
            record_injury_view(deviation, user)
    today = timezone.localdate()
    # Each read once here, and from these lists again by the rules, the forms and the
    # closing checks (cases.services.closing_blockers).
    prefetch_related_objects(
        [case],
        Prefetch(
            "actions", Action.objects.select_related("assignee", "specialist_unit", "done_by")
        ),
        Prefetch(
            "assistance_requests",
            AssistanceRequest.objects.select_related("specialist_unit", "requested_by"),
        ),
        Prefetch("risk_assessments", RiskAssessment.objects.select_related("assessed_by")),
        Prefetch("effect_evaluations", EffectEvaluation.objects.select_related("evaluated_by")),
        "deviation__attachments",
    )
    actions = list(case.actions.all())
    for action in actions:
        action.case = case
        action.is_overdue = bool(not action.is_done and action.due_date and action.due_date < today)
    assistance_requests = list(case.assistance_requests.all())
    assessments = list(case.risk_assessments.all())
    evaluations = list(case.effect_evaluations.all())
    events = case.events.select_related("actor")
    return {
        "case": case,
        "deviation": deviation,
        "case_is_overdue": bool(
            case.is_open and case.closure_due and case.closure_due < timezone.now()
        ),
        "on_hold": bool(case.is_open and case.on_hold_until and case.on_hold_until > today),
        "injury": injury,
        "attachments": [
            attachment
            for attachment in deviation.attachments.all()
            if rules.may_see_attachment(user, case, attachment)
        ],
        "health_data_attachments_hidden": bool(
            deviation.category.involves_health_data and not rules.may_see_health_data(user, case)
        ),
        "immediate_actions": [a for a in actions if a.kind == Action.Kind.IMMEDIATE],
        "corrective_actions": [a for a in actions if a.kind == Action.Kind.CORRECTIVE],
        "assessments": [(assessment, risk_matrix(assessment)) for assessment in assessments],
        "risk_levels": RiskLevel,
        "evaluations": evaluations,
        "specialist_assessments": list(
            case.specialist_assessments.select_related("specialist_unit", "assessed_by")
        )
        if getattr(case, "has_specialist_assessments", True)
        else [],
        "assistance_requests": assistance_requests,
        "events": timeline.describe(
            events,
            # The people and units the timeline names, as far as the page has read them.
            people=[
                user,
                deviation.reporter,
                *(a.assignee for a in actions),
                *(a.done_by for a in actions),
                *(r.requested_by for r in assistance_requests),
                *(a.assessed_by for a in assessments),
                *(e.evaluated_by for e in evaluations),
            ],
            units=[
                deviation.unit,
                deviation.reported_from,
                case.responsible_unit,
                *(a.specialist_unit for a in actions),
                *(r.specialist_unit for r in assistance_requests),
            ],
        ),
        "show_internal": True,
    }


def render_case_page(request, case: Case, bound: forms.StepForm | None = None):
    """The page, with the forms for the steps this person may take now."""
    user = request.user
    if sees_reporter_page_only(user, case):
        # A reporter's own step (say, a form posted with nothing in it) must not show
        # them the leaders' page.
        raise PermissionDenied
    record = case_record(case, user)
    steps = rules.steps_for(user, case)
    done_forms = {}
    if case.is_open:
        for action in record["corrective_actions"]:
            if not action.is_done and rules.may_complete_action(user, action):
                if isinstance(bound, forms.CompleteActionForm) and bound.action.pk == action.pk:
                    done_forms[action.pk] = bound
                else:
                    done_forms[action.pk] = forms.CompleteActionForm(
                        case=case, user=user, action=action
                    )
    for action in record["corrective_actions"]:
        action.done_form = done_forms.get(action.pk)
    panels = forms.step_panels(
        case,
        user,
        steps,
        may_write_to_reporter=rules.may_write_to_reporter(user, case),
        bound=bound if not isinstance(bound, forms.CompleteActionForm) else None,
        opened=request.GET.get(OPEN_STEP_PARAMETER, ""),
    )
    legal = legal_panel(case, user, bound)
    register_form = register_entry_form(case, user, bound)
    shown = [panel.form for panel in panels if panel.form] + list(done_forms.values())
    shown += (legal.forms if legal else []) + [register_form]
    if bound is not None and bound not in shown:
        # The step is no longer offered (someone else was quicker, say): its form has
        # no place on the page, so its errors are told as messages.
        for errors in bound.errors.values():
            for error in errors:
                messages.error(request, error)
    blockers = []
    if any(panel.step == "close_case" and not panel.folded for panel in panels):
        missing = services.closing_blockers(case)
        missing += legal_blockers(case, legal.duties if legal else None)
        blockers = [error.messages[0] for error in missing]
    return render(
        request,
        "cases/case_detail.html",
        {
            **record,
            "panels": [panel for panel in panels if not panel.folded],
            "folded_panels": [panel for panel in panels if panel.folded],
            "open_step_parameter": OPEN_STEP_PARAMETER,
            "closing_blockers": blockers,
            "legal": legal,
            "register_form": register_form,
        },
    )


def case_detail(request, pk):
    case = visible_case(request, pk)
    if sees_reporter_page_only(request.user, case):
        return redirect("cases:my_report", pk=case.pk)
    return render_case_page(request, case)
