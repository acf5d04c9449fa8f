from django.contrib import admin

from avvik.models import (
    AttachmentDownload,
    Category,
    Deviation,
    HealthDataCaseOpening,
    InjuryDetailsAccess,
)


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin):
    list_display = [
        "name",
        "report_orally",
        "involves_health_data",
        "inform_safety_representative",
        "sort_order",
        "is_active",
    ]
    list_editable = ["sort_order", "is_active"]
    fields = [
        "code",
        "name",
        "description",
        "report_orally",
        "involves_health_data",
        "inform_safety_representative",
        "sort_order",
        "is_active",
    ]
    prepopulated_fields = {"code": ["name"]}


@admin.register(Deviation)
class DeviationAdmin(admin.ModelAdmin):
    """Read-only: reports change only through the case workflow. Injury details are not
    shown here; they are read on the case page, where each view is logged."""

    list_display = ["reference", "title", "category", "severity", "unit", "reported_at"]
    list_filter = ["severity", "category"]
    search_fields = ["reference", "title"]
    list_select_related = ["category", "unit"]
    fields = [
        "reference",
        "reporter",
        "unit",
        "occurred_at",
        "location",
        "category",
        "severity",
        "title",
        "description",
        "immediate_action",
        "suggested_measure",
    ]
    readonly_fields = fields
    show_full_result_count = False

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(InjuryDetailsAccess)
class InjuryDetailsAccessAdmin(admin.ModelAdmin):
    list_display = ["deviation", "user", "viewed_at"]
    list_select_related = ["deviation", "user"]
    readonly_fields = ["deviation", "user", "viewed_at"]
    fields = readonly_fields

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class _ReadOnlyLogAdmin(admin.ModelAdmin):
    """A log: read in the admin, never written or changed there."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(AttachmentDownload)
class AttachmentDownloadAdmin(_ReadOnlyLogAdmin):
    list_display = ["attachment", "user", "downloaded_at"]
    list_select_related = ["attachment", "user"]
    readonly_fields = ["attachment", "user", "downloaded_at"]
    fields = readonly_fields


@admin.register(HealthDataCaseOpening)
class HealthDataCaseOpeningAdmin(_ReadOnlyLogAdmin):
    list_display = ["deviation", "user", "opened_at"]
    list_select_related = ["deviation", "user"]
    readonly_fields = ["deviation", "user", "opened_at"]
    fields = readonly_fields
