"""Cases in the admin are for looking only: every change goes through cases.services,
which checks permission and writes the timeline. Case events can never be changed."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from cases import timeline
from cases.models import (
    Action,
    AssistanceRequest,
    Case,
    CaseEvent,
    DeadlinePolicy,
    EffectEvaluation,
    RiskAssessment,
)


class ReadOnlyAdminMixin:
    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class EventTextMixin:
    @admin.display(description=_("what happened"))
    def what_happened(self, event: CaseEvent) -> str:
        """The event's sentence in the reader's language, and what a person wrote."""
        return "\n".join(filter(None, [timeline.event_sentence(event), event.message]))


class CaseEventInline(EventTextMixin, ReadOnlyAdminMixin, admin.TabularInline):
    model = CaseEvent
    fields = ["at", "kind", "actor", "visible_to_reporter", "what_happened"]
    readonly_fields = fields
    extra = 0
    show_change_link = True


class ActionInline(ReadOnlyAdminMixin, admin.TabularInline):
    model = Action
    fields = ["kind", "description", "assignee", "specialist_unit", "due_date", "done_at"]
    readonly_fields = fields
    extra = 0


class RiskAssessmentInline(ReadOnlyAdminMixin, admin.TabularInline):
    model = RiskAssessment
    fields = [
        "assessed_at",
        "assessed_by",
        "probability",
        "consequence",
        "probability_after",
        "consequence_after",
    ]
    readonly_fields = fields
    extra = 0


class EffectEvaluationInline(ReadOnlyAdminMixin, admin.TabularInline):
    model = EffectEvaluation
    fields = ["evaluated_at", "evaluated_by", "effective", "note"]
    readonly_fields = fields
    extra = 0


class AssistanceRequestInline(ReadOnlyAdminMixin, admin.TabularInline):
    model = AssistanceRequest
    fields = ["requested_at", "requested_by", "specialist_unit", "message"]
    readonly_fields = fields
    extra = 0


@admin.register(Case)
class CaseAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["deviation", "status", "responsible_unit", "responsible_leader", "closure_due"]
    list_filter = ["status", "closed_as"]
    search_fields = ["deviation__reference", "deviation__title"]
    list_select_related = ["deviation", "responsible_unit", "responsible_leader"]
    show_full_result_count = False
    fields = [
        "deviation",
        "status",
        "responsible_unit",
        "responsible_leader",
        "escalation_level",
        "opened_at",
        "receipt_due",
        "closure_due",
        "closed_at",
        "closed_as",
        "duplicate_of",
        "outcome_summary",
        "no_actions_reason",
        "routines_reviewed",
        "routine_review",
        "routine_reviewed",
        "routine_review_note",
        "routine_next_review",
        "arrived_via",
        "injured_employees_leader",
    ]
    readonly_fields = fields
    inlines = [
        ActionInline,
        RiskAssessmentInline,
        EffectEvaluationInline,
        AssistanceRequestInline,
        CaseEventInline,
    ]


@admin.register(CaseEvent)
class CaseEventAdmin(EventTextMixin, ReadOnlyAdminMixin, admin.ModelAdmin):
    """The append-only timeline: shown, never added to, changed or deleted here."""

    list_display = ["at", "case", "kind", "actor", "visible_to_reporter"]
    list_filter = ["kind", "visible_to_reporter"]
    search_fields = ["case__deviation__reference"]
    list_select_related = ["case__deviation", "actor"]
    show_full_result_count = False
    fields = ["case", "kind", "actor", "at", "visible_to_reporter", "what_happened", "data"]
    readonly_fields = fields


@admin.register(DeadlinePolicy)
class DeadlinePolicyAdmin(admin.ModelAdmin):
    """Deadlines per severity; changes apply to cases filed or acknowledged afterwards."""

    list_display = [
        "severity",
        "receipt_working_days",
        "closure_days",
        "escalation_interval_working_days",
    ]
    list_editable = ["receipt_working_days", "closure_days", "escalation_interval_working_days"]
    fields = list_display

    def has_delete_permission(self, request, obj=None):
        return False


# The legal duties keep their admin in their own module.
from cases import legal_admin  # noqa: E402, F401
