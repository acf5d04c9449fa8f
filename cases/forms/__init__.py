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
    HoldForm,
    RiskAssessmentForm,
)
from cases.forms.routine import (
    AlreadyDoneActionForm,
    HandOverForm,
    ShareAttachmentForm,
    SpecialistAssessmentForm,
)
from cases.models import Case

__all__ = [
    "AcknowledgeForm",
    "AlreadyDoneActionForm",
    "HandOverForm",
    "ShareAttachmentForm",
    "SpecialistAssessmentForm",
    "AssistanceForm",
    "CloseForm",
    "CommentForm",
    "CompleteActionForm",
    "CorrectiveActionForm",
    "DuplicateForm",
    "EffectEvaluationForm",
    "ForwardForm",
    "HoldForm",
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
        AlreadyDoneActionForm,
        RiskAssessmentForm,
        SpecialistAssessmentForm,
        EffectEvaluationForm,
        CloseForm,
        ReopenForm,
        ImmediateActionForm,
        AssistanceForm,
        HandOverForm,
        ForwardForm,
        HoldForm,
        CommentForm,
        NotADeviationForm,
        DuplicateForm,
        ShareAttachmentForm,
    )
}

# The steps the routine expects next in each state; the others are folded away.
EXPECTED_STEPS = {
    Case.Status.REPORTED: {"acknowledge"},
    Case.Status.IN_PROGRESS: {
        "add_corrective_action",
        "assess_risk",
        "assess_as_specialist",
        "comment",
    },
    Case.Status.EVALUATING: {
        "evaluate_effect",
        "assess_risk",
        "assess_as_specialist",
        "close_case",
        "comment",
    },
    Case.Status.CLOSED: {"reopen"},
}


@dataclass
class StepPanel:
    """A step offered on the case page: its form when shown, or only its title and a
    link that opens it when folded away (the rarely used ones: the page builds and
    renders no form for those until asked)."""

    step: str
    title: str
    form: StepForm | None = None

    @property
    def folded(self) -> bool:
        return self.form is None


def step_panels(
    case: Case,
    user,
    steps,
    *,
    may_write_to_reporter: bool,
    bound: StepForm | None = None,
    opened: str = "",
) -> list[StepPanel]:
    """A panel for each step this person may take now: with its form for the steps the
    routine expects next, the one asked for (``opened``) and the one just posted
    (``bound``, with its errors); folded for the rest."""
    panels = []
    for step, form_class in STEP_FORMS.items():
        if step not in steps:
            continue
        panel = StepPanel(step, form_class.title)
        if bound is not None and bound.step == step:
            panel.form = bound
        elif step in EXPECTED_STEPS.get(case.status, ()) or step == opened:
            if form_class is CommentForm:
                panel.form = CommentForm(
                    case=case, user=user, may_write_to_reporter=may_write_to_reporter
                )
            else:
                panel.form = form_class(case=case, user=user)
        panels.append(panel)
    return panels
