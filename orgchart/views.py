from django.db.models import Q
from django.http import JsonResponse
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
