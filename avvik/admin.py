from django.conf import settings
from django.contrib import admin
from django.utils import translation

from avvik.legal import default_text
from avvik.models import (
    AttachmentDownload,
    Category,
    Deviation,
    HealthDataCaseOpening,
    InjuryDetailsAccess,
    LegalText,
    Poster,
    SeverityName,
)


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin):
    list_display = [
        "name_nb",
        "name_nn",
        "name_en",
        "report_orally",
        "involves_health_data",
        "inform_safety_representative",
        "is_near_miss",
        "sort_order",
        "is_active",
    ]
    list_editable = ["sort_order", "is_active"]
    fields = [
        "code",
        ("name_nb", "name_nn", "name_en"),
        "description_nb",
        "description_nn",
        "description_en",
        "report_orally",
        "involves_health_data",
        "inform_safety_representative",
        "is_near_miss",
        "sort_order",
        "is_active",
    ]
    prepopulated_fields = {"code": ["name_nb"]}


@admin.register(SeverityName)
class SeverityNameAdmin(admin.ModelAdmin):
    """The severities' names and help texts per language; the four severities themselves
    are fixed (the deadlines and the escalation depend on them)."""

    list_display = ["severity", "name_nb", "name_nn", "name_en"]
    fields = [
        "severity",
        ("name_nb", "name_nn", "name_en"),
        "help_nb",
        "help_nn",
        "help_en",
    ]

    def get_readonly_fields(self, request, obj=None):
        return ["severity"] if obj else []

    def has_delete_permission(self, request, obj=None):
        return False


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


@admin.register(LegalText)
class LegalTextAdmin(admin.ModelAdmin):
    """The municipality's own privacy notice and accessibility statement, one per
    language; without one the page shows the default."""

    list_display = ["kind", "language", "updated_at"]
    fields = ["kind", "language", "text"]

    def get_changeform_initial_data(self, request):
        # A new text starts from the default, in the language asked for.
        initial = super().get_changeform_initial_data(request)
        kind = initial.get("kind") or LegalText.Kind.PRIVACY
        language = initial.get("language") or settings.LANGUAGE_CODE
        if kind in LegalText.Kind.values and language in dict(settings.LANGUAGES):
            with translation.override(language):
                initial.setdefault("text", default_text(kind))
        return initial


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
