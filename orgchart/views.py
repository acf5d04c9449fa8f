from django.shortcuts import render

from orgchart.access import access_for
from orgchart.models import Committee, Membership, OrgUnit


def my_roles(request):
    """Where the person works and what they are responsible for."""
    access = access_for(request.user)
    context = {
        "memberships": Membership.objects.filter(user=request.user, is_active=True)
        .select_related("unit")
        .order_by("-is_primary", "unit__name"),
        "led_units": OrgUnit.objects.active()
        .filter(path__in=access.led_roots)
        .select_related("leader", "deputy"),
        "safety_units": OrgUnit.objects.active().filter(path__in=access.safety_roots),
        "committees": Committee.objects.filter(pk__in=access.committee_ids).select_related("unit"),
    }
    return render(request, "orgchart/my_roles.html", context)
