"""The forms of the case page, one per step of the routine, and which of them a person
is offered now."""

from __future__ import annotations

from dataclasses import dataclass

from cases.forms.actions import CompleteActionForm, CorrectiveActionForm, ImmediateActionForm
from cases.forms.base import StepForm
from cases.forms.closure import (
    CloseForm,
    DuplicateForm,
    EffectEvaluationForm,
    NotADeviationForm,
    ReopenForm,
)
from cases.forms.handling import (
    AcknowledgeForm,
    AssistanceForm,
    CommentForm,
    ForwardForm,
    RiskAssessmentForm,
)
from cases.models import Case

__all__ = [
    "AcknowledgeForm",
    "AssistanceForm",
    "CloseForm",
    "CommentForm",
    "CompleteActionForm",
    "CorrectiveActionForm",
    "DuplicateForm",
    "EffectEvaluationForm",
    "ForwardForm",
    "ImmediateActionForm",
    "NotADeviationForm",
    "ReopenForm",
    "RiskAssessmentForm",
    "StepForm",
    "StepPanel",
    "step_panels",
]


# The steps in the order the page offers them, with the forms that carry them out.
STEP_FORMS: dict[str, type[StepForm]] = {
    form.step: form
    for form in (
        AcknowledgeForm,
        CorrectiveActionForm,
        RiskAssessmentForm,
        EffectEvaluationForm,
        CloseForm,
        ReopenForm,
        ImmediateActionForm,
        AssistanceForm,
        ForwardForm,
        CommentForm,
        NotADeviationForm,
        DuplicateForm,
    )
}

# The steps the routine expects next in each state; the others are folded away.
EXPECTED_STEPS = {
    Case.Status.REPORTED: {"acknowledge"},
    Case.Status.IN_PROGRESS: {"add_corrective_action", "assess_risk", "comment"},
    Case.Status.EVALUATING: {"evaluate_effect", "assess_risk", "close_case", "comment"},
    Case.Status.CLOSED: {"reopen"},
}


@dataclass
class StepPanel:
    form: StepForm
    folded: bool


def step_panels(
    case: Case, user, steps, *, may_write_to_reporter: bool, bound: StepForm | None = None
) -> list[StepPanel]:
    """A form for each step this person may take now; the one just posted (``bound``)
    comes back with its errors, unfolded."""
    panels = []
    for step, form_class in STEP_FORMS.items():
        if step not in steps:
            continue
        if bound is not None and bound.step == step:
            form = bound
        elif form_class is CommentForm:
            form = CommentForm(case=case, user=user, may_write_to_reporter=may_write_to_reporter)
        else:
            form = form_class(case=case, user=user)
        expected = step in EXPECTED_STEPS.get(case.status, ())
        panels.append(StepPanel(form, folded=not (expected or form.is_bound)))
    return panels
