from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.db.models import F, Q
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views import i18n
from django.views.decorators.http import require_POST

from orgchart.access import access_for
from orgchart.forms import NotificationSettingsForm
from orgchart.models import Committee, Membership, Notification, OrgUnit
from orgchart.notifications import subject_of


def my_roles(request):
    """Where the person works and what they are responsible for."""
    access = access_for(request.user)
    # Plain values, only those the page shows: model instances of the units cost the
    # page more than drawing it.
    memberships = (
        Membership.objects.filter(user=request.user, is_active=True)
        .order_by("-is_primary", "unit__name")
        .values("is_primary", unit_name=F("unit__name"))
    )
    led_units = [
        {**unit, "level_name": OrgUnit.level_name_at(unit["depth"])}
        for unit in OrgUnit.objects.active()
        .filter(path__in=access.led_roots)
        .values("name", "code", "depth", "is_specialist_unit")
    ]
    context = {
        "memberships": memberships,
        "led_units": led_units,
        "safety_units": OrgUnit.objects.active()
        .filter(path__in=access.safety_roots)
        .values_list("name", flat=True),
        "committees": Committee.objects.filter(pk__in=access.committee_ids).select_related("unit"),
    }
    return render(request, "orgchart/my_roles.html", context)


def unit_search(request):
    """Active units whose name or code matches, for the unit field's type-ahead."""
    term = request.GET.get("q", "").strip()
    units = []
    if len(term) >= 2:
        matches = (
            OrgUnit.objects.active()
            .filter(is_specialist_unit=False)
            .filter(Q(name__icontains=term) | Q(code__iexact=term))
            .select_related("parent")
            .order_by("depth", "name")[:20]
        )
        units = [
            {"id": unit.pk, "name": unit.name, "parent": unit.parent.name if unit.parent else ""}
            for unit in matches
        ]
    return JsonResponse({"units": units})


def notifications(request):
    """The person's recent notices."""
    recent = list(
        Notification.objects.filter(recipient=request.user).order_by("-created_at", "-pk")[:50]
    )
    for notification in recent:
        notification.title = subject_of(notification)  # in the reader's language
    return render(request, "orgchart/notifications.html", {"notifications": recent})


def notification_settings(request):
    form = NotificationSettingsForm(request.POST or None, instance=request.user)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Your notification settings are saved."))
        return redirect("orgchart:notifications")
    return render(request, "orgchart/notification_settings.html", {"form": form})


@login_not_required
@require_POST
def set_language(request):
    """The footer's language switch: a cookie for the browser (the login page can be read
    before logging in) and, for a person who is logged in, their profile, so that their
    e-mails and their other devices follow."""
    response = i18n.set_language(request)
    language = request.POST.get("language", "")
    user = request.user
    if user.is_authenticated and language in dict(settings.LANGUAGES):
        user.language = language
        user.save(update_fields=["language"])
    return response
