from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _

from orgchart.models import Committee, Membership, OrgUnit, SafetyRepresentative, User


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["unit"]
    fields = ["unit", "is_primary", "is_active"]


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    list_display = ["username", "employee_id", "first_name", "last_name", "email", "is_active"]
    search_fields = ["username", "employee_id", "first_name", "last_name", "email"]
    list_filter = ["is_active", "is_staff", "groups"]
    inlines = [MembershipInline]
    fieldsets = (
        *BaseUserAdmin.fieldsets,
        (_("Employment"), {"fields": ("employee_id", "phone")}),
        (_("Language and e-mail"), {"fields": ("language", "notification_mode")}),
    )


@admin.register(OrgUnit)
class OrgUnitAdmin(admin.ModelAdmin):
    list_display = ["indented_name", "code", "leader", "deputy", "is_specialist_unit", "is_active"]
    list_filter = ["is_active", "is_specialist_unit", "depth"]
    search_fields = ["name", "code"]
    autocomplete_fields = ["parent", "leader", "deputy"]
    fields = ["code", "name", "parent", "leader", "deputy", "is_specialist_unit", "is_active"]
    list_select_related = ["leader", "deputy"]
    list_per_page = 100

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
