from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.urls import path
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from orgchart.hr_upload import import_view
from orgchart.models import (
    Committee,
    Membership,
    Notification,
    OrgUnit,
    SafetyRepresentative,
    User,
)
from orgchart.outbox import retry_failed


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["unit"]
    fields = ["unit", "is_primary", "is_active"]


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    list_display = [
        "username",
        "employee_id",
        "first_name",
        "last_name",
        "email",
        "is_active",
        "password_login_allowed",
    ]
    search_fields = ["username", "employee_id", "first_name", "last_name", "email"]
    list_filter = ["is_active", "is_staff", "password_login_allowed", "groups"]
    readonly_fields = ["provisioned_by_sso"]
    inlines = [MembershipInline]
    fieldsets = (
        *BaseUserAdmin.fieldsets,
        (_("Employment"), {"fields": ("employee_id", "phone", "provisioned_by_sso")}),
        (_("Language and e-mail"), {"fields": ("language", "notification_mode")}),
        (_("Single sign-on"), {"fields": ("password_login_allowed",)}),
    )


@admin.register(OrgUnit)
class OrgUnitAdmin(admin.ModelAdmin):
    list_display = ["indented_name", "code", "leader", "deputy", "is_specialist_unit", "is_active"]
    list_filter = ["is_active", "is_specialist_unit", "depth"]
    search_fields = ["name", "code"]
    autocomplete_fields = ["parent", "leader", "deputy"]
    fields = [
        "code",
        "name",
        "parent",
        "leader",
        "deputy",
        "is_specialist_unit",
        "is_occupational_health_service",
        "is_active",
    ]
    list_select_related = ["leader", "deputy"]
    list_per_page = 100
    # The list's tools carry "Import from HR" beside "Add".
    change_list_template = "admin/orgchart/orgunit/change_list.html"

    def get_urls(self):
        page = self.admin_site.admin_view(lambda request: import_view(request, self))
        return [path("import/", page, name="orgchart_orgunit_import"), *super().get_urls()]

    @admin.display(description=_("name"), ordering="path")
    def indented_name(self, obj: OrgUnit) -> str:
        return "\u2003" * obj.depth + obj.name


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "unit", "is_primary", "is_active"]
    list_filter = ["is_primary", "is_active"]
    search_fields = ["user__first_name", "user__last_name", "user__employee_id", "unit__name"]
    autocomplete_fields = ["user", "unit"]
    list_select_related = ["user", "unit"]


@admin.register(SafetyRepresentative)
class SafetyRepresentativeAdmin(admin.ModelAdmin):
    list_display = ["user", "is_active"]
    search_fields = ["user__first_name", "user__last_name"]
    autocomplete_fields = ["user", "units"]
    list_select_related = ["user"]


@admin.register(Committee)
class CommitteeAdmin(admin.ModelAdmin):
    list_display = ["name", "unit", "period", "is_active"]
    search_fields = ["name"]
    autocomplete_fields = ["unit", "members"]
    list_select_related = ["unit"]


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    """The outbox as the HMS administrators see it: filter on "failed" for the notices
    that could not be e-mailed after every attempt, and send them again once the cause
    (an address, the mail server) is fixed. Read-only otherwise."""

    list_display = [
        "created_at",
        "recipient",
        "subject",
        "urgency",
        "delivery",
        "attempts",
        "emailed_at",
        "last_error",
    ]
    list_filter = ["delivery", "urgency"]
    search_fields = ["recipient__first_name", "recipient__last_name", "recipient__email"]
    list_select_related = ["recipient"]
    date_hierarchy = "created_at"
    fields = [
        "recipient",
        "subject",
        "url",
        "urgency",
        "created_at",
        "delivery",
        "attempts",
        "next_attempt_at",
        "emailed_at",
        "last_error",
    ]
    readonly_fields = fields
    actions = ["send_again"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.action(description=_("Send the selected failed notices again"))
    def send_again(self, request, queryset):
        count = retry_failed(queryset.values_list("pk", flat=True))
        self.message_user(
            request,
            ngettext(
                "%(count)d notice is being sent again.",
                "%(count)d notices are being sent again.",
                count,
            )
            % {"count": count},
        )
