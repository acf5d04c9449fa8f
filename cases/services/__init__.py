"""Every change of a case's state is one function here: it checks permission and state,
locks the case row, writes the change and its timeline event in one transaction, and
queues notifications for when that transaction commits."""

from cases.services.actions import (
    add_corrective_action,
    complete_action,
    record_action_already_done,
    record_immediate_action,
)
from cases.services.closure import (
    RoutineReview,
    close_as_duplicate,
    close_as_not_a_deviation,
    close_case,
    closing_blockers,
    evaluate_effect,
    reopen,
)
from cases.services.escalation import escalate_stale_cases, put_on_hold
from cases.services.evaluation import assess_as_specialist
from cases.services.handling import (
    acknowledge,
    assess_risk,
    comment,
    default_closure_due,
    forward_up_the_line,
    request_assistance,
)
from cases.services.handover import hand_over_sideways
from cases.services.health_data import share_attachment
from cases.services.intake import add_information, file_deviation
from cases.services.reminders import send_deadline_reminders

__all__ = [
    "RoutineReview",
    "acknowledge",
    "assess_as_specialist",
    "hand_over_sideways",
    "record_action_already_done",
    "share_attachment",
    "add_corrective_action",
    "add_information",
    "assess_risk",
    "close_as_duplicate",
    "close_as_not_a_deviation",
    "close_case",
    "closing_blockers",
    "comment",
    "complete_action",
    "default_closure_due",
    "escalate_stale_cases",
    "evaluate_effect",
    "file_deviation",
    "forward_up_the_line",
    "put_on_hold",
    "record_immediate_action",
    "reopen",
    "request_assistance",
    "send_deadline_reminders",
]
