"""The admin of the employer's legal duties: retention per category and the deadline of
serious-injury notices are kept by the HMS administrators; recorded notices are shown
only (they are written from the case page)."""

from django.contrib import admin

from avvik.models import Category
from cases.admin import ReadOnlyAdminMixin
from cases.legal_records import AuthorityNotice, RetentionRule, SeriousInjuryDeadline
from cases.retention import default_years


@admin.register(RetentionRule)
class RetentionRuleAdmin(admin.ModelAdmin):
    list_display = ["category", "years"]
    list_editable = ["years"]
    fields = ["category", "years"]

    def changelist_view(self, request, extra_context=None):
        extra_context = {
            **(extra_context or {}),
            "defaults": [(c, default_years(c)) for c in Category.objects.all()],
        }
        return super().changelist_view(request, extra_context)


@admin.register(SeriousInjuryDeadline)
class SeriousInjuryDeadlineAdmin(admin.ModelAdmin):
    list_display = ["hours_to_notify", "escalation_interval_hours"]
    fields = list_display

    def has_add_permission(self, request):
        return not SeriousInjuryDeadline.objects.exists()


@admin.register(AuthorityNotice)
class AuthorityNoticeAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["case", "recipient", "notified_at", "means", "recorded_by"]
    list_filter = ["recipient"]
    list_select_related = ["case__deviation", "recorded_by"]
    fields = ["case", "recipient", "notified_at", "means", "not_needed_reason", "recorded_by"]
    readonly_fields = fields
