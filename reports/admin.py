from django.contrib import admin

from reports.models import AmuReport


@admin.register(AmuReport)
class AmuReportAdmin(admin.ModelAdmin):
    """Read-only: summaries are made by the application, and the files are downloaded
    from the committee's report page."""

    list_display = ["committee", "period_start", "period_end", "status", "scheduled", "created_at"]
    list_filter = ["status", "scheduled", "committee"]
    date_hierarchy = "period_end"
    fields = [
        "committee",
        "period_start",
        "period_end",
        "status",
        "scheduled",
        "requested_by",
        "language",
        "created_at",
        "finished_at",
    ]
    readonly_fields = fields

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
