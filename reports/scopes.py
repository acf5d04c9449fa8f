"""Whose deviations a set of figures covers: one subtree, several, or the whole
organisation, and who may ask for which."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Q
from django.http import Http404
from django.utils.translation import gettext as _

from orgchart.access import access_for
from orgchart.models import OrgUnit, OrgUnitQuerySet, ids_in_path


@dataclass(frozen=True)
class Scope:
    """The subtrees under ``roots``; ``whole_organisation`` when they are all the roots
    there are, so no path filter is needed at all."""

    roots: tuple[OrgUnit, ...]
    whole_organisation: bool = False

    @property
    def label(self) -> str:
        if self.whole_organisation and len(self.roots) != 1:
            return _("The whole organisation")
        return ", ".join(unit.name for unit in self.roots)

    @property
    def paths(self) -> tuple[str, ...]:
        return tuple(unit.path for unit in self.roots)

    @property
    def code(self) -> str:
        """The unit code to put in a link back to this scope ("" for the default)."""
        return self.roots[0].code if len(self.roots) == 1 and not self.whole_organisation else ""

    def unit_condition(self, prefix: str = "unit__") -> Q:
        if self.whole_organisation:
            return Q()
        condition = Q()
        for path in self.paths:
            condition |= Q(**{f"{prefix}path__startswith": path})
        return condition


def statistics_units(user) -> OrgUnitQuerySet:
    """Units whose statistics this person may see: HMS administrators all of them,
    leaders (and deputies) their subtrees, anyone else none."""
    access = access_for(user)
    if access.is_hms_admin or access.is_leader:
        return access.led_units()
    return OrgUnit.objects.none()


def statistics_scope(user, code: str = "") -> Scope:
    """The scope a leader or HMS administrator asked for: a unit of their own subtree by
    its code, or by default everything they lead (HMS administrators: the whole
    organisation). Anything else is a 404."""
    if code:
        unit = statistics_units(user).filter(code=code).first()
        if unit is None:
            raise Http404
        return Scope(roots=(unit,))
    access = access_for(user)
    if access.is_hms_admin:
        return Scope(
            roots=tuple(OrgUnit.objects.filter(parent__isnull=True).order_by("path")),
            whole_organisation=True,
        )
    if access.is_leader:
        return Scope(roots=tuple(OrgUnit.objects.filter(path__in=access.led_roots)))
    raise Http404


def scope_choices(user, scope: Scope) -> list[tuple[str, str]]:
    """(code, label) for the subtree chooser: the person's own roots, the units directly
    under them, and the chosen unit with its line up to those roots. Deeper units are
    reached through the figures by unit, each linking one level down."""
    access = access_for(user)
    if access.is_hms_admin:
        roots = Q(parent__isnull=True)
        top = Q(parent__parent__isnull=True, parent__isnull=False, is_active=True)
        choices = [("", _("The whole organisation"))]
    else:
        roots = Q(path__in=access.led_roots)
        top = Q(parent__path__in=access.led_roots, is_active=True)
        choices = [("", _("Everything I lead"))] if len(access.led_roots) > 1 else []
    line = Q(pk__in=ids_in_path(scope.roots[0].path)) if scope.code else Q(pk__in=[])
    units = statistics_units(user).filter(roots | top | line).order_by("path")
    base_depth = min((unit.depth for unit in units), default=0)
    for unit in units:
        indent = "\u2003" * (unit.depth - base_depth)
        choices.append((unit.code, f"{indent}{unit.name}"))
    return choices
