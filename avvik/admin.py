from django.contrib import admin

from avvik.models import Category, Deviation, InjuryDetailsAccess, Poster


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
        "is_anonymous",
        "reporter_name",
        "reporter_contact",
        "poster",
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


@admin.register(Poster)
class PosterAdmin(admin.ModelAdmin):
    """Posters are printed (and replaced) by leaders from the unit's QR page; here they
    are only looked up."""

    list_display = ["unit", "location", "allows_reporting_without_account", "created_at"]
    list_filter = ["allows_reporting_without_account"]
    search_fields = ["unit__name", "unit__code", "location"]
    list_select_related = ["unit"]
    fields = [
        "unit",
        "location",
        "allows_reporting_without_account",
        "created_by",
        "created_at",
        "replaced_at",
    ]
    readonly_fields = fields

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
