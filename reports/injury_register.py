"""The injury register (arbeidsmiljøloven § 5-1): every personal injury at work and every
illness believed to come from the work, with when, where, what happened, the kind of
injury from a fixed list, whether it led to absence or treatment, and its case. No
medical detail beyond that list (the reporter's own words about the injury stay on the
case).

Who may read it, and whether they see the injured person's name:

| who | rows | name |
|---|---|---|
| HMS administrators | all | yes |
| leaders | their line (the units they lead, and everything under them) | yes |
| safety representatives | their area | only if the person agreed |
| the occupational health service | all | only if the person agreed |
| AMU members | their committee's subtree | only if the person agreed |
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from avvik.models import InjuryDetails, InjuryType
from cases.dashboard import unit_choices
from orgchart.access import access_for, path_is_under

ROW_LIMIT = 1000


@dataclass(frozen=True)
class RegisterAccess:
    """What of the register one person may read."""

    everything: bool = False
    # Units whose rows are shown with names (leaders' lines).
    named_roots: tuple[str, ...] = ()
    # Units whose rows are shown, names only with consent.
    other_roots: tuple[str, ...] = ()
    # Rows in the whole organisation, names only with consent (occupational health).
    everything_without_names: bool = False

    @property
    def any(self) -> bool:
        return bool(
            self.everything or self.named_roots or self.other_roots or self.everything_without_names
        )

    @property
    def roots(self) -> tuple[str, ...]:
        """The subtrees the unit filter offers; empty means the whole organisation."""
        if self.everything or self.everything_without_names:
            return ()
        return tuple(sorted(set(self.named_roots + self.other_roots)))

    def rows_condition(self) -> Q:
        if self.everything or self.everything_without_names:
            return Q()
        condition = Q(pk__in=[])
        for root in self.named_roots + self.other_roots:
            condition |= Q(deviation__unit__path__startswith=root)
        return condition

    def shows_name(self, injury: InjuryDetails) -> bool:
        return (
            self.everything
            or injury.name_in_register
            or path_is_under(injury.deviation.unit.path, self.named_roots)
        )


def register_access(user) -> RegisterAccess:
    access = access_for(user)
    if access.user_id is None:
        return RegisterAccess()
    if access.is_hms_admin:
        return RegisterAccess(everything=True)
    return RegisterAccess(
        named_roots=access.led_roots,
        other_roots=access.safety_roots + access.committee_roots,
        everything_without_names=access.is_occupational_health,
    )


class RegisterFilterForm(forms.Form):
    occurred_from = forms.DateField(
        label=gettext_lazy("Happened from"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    occurred_to = forms.DateField(
        label=gettext_lazy("Happened to (inclusive)"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    unit = forms.ChoiceField(label=gettext_lazy("Unit (with everything under it)"), required=False)
    injury_type = forms.ChoiceField(label=gettext_lazy("Type of injury"), required=False)
    absence = forms.ChoiceField(
        label=gettext_lazy("Absence"),
        required=False,
        choices=[
            ("", gettext_lazy("All")),
            ("yes", gettext_lazy("Led to absence")),
            ("no", gettext_lazy("No absence")),
        ],
    )

    def __init__(self, *args, roots: tuple[str, ...], **kwargs):
        super().__init__(*args, **kwargs)
        selected = self.data.get("unit", "") if self.is_bound else ""
        units = unit_choices(roots, selected)
        self.unit_paths = units.paths
        self.fields["unit"].choices = [("", _("All units")), *units.choices]
        self.fields["injury_type"].choices = [("", _("All types")), *InjuryType.choices]
        for field in self.fields.values():
            field.widget.attrs.setdefault("class", "form-select")
        for name in ("occurred_from", "occurred_to"):
            self.fields[name].widget.attrs["class"] = "form-control"


def _midnight(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


@dataclass
class RegisterRow:
    occurred_at: datetime
    unit: str
    location: str
    what_happened: str
    injury_type: str
    work_illness: bool
    absence: bool
    treatment: str
    reference: str
    case_id: int | None
    name: str  # empty when not shown


def register_rows(user, form: RegisterFilterForm) -> tuple[list[RegisterRow], bool]:
    """The rows this person may read, filtered; and whether there were more than the
    page shows."""
    scope = register_access(user)
    if not scope.any:
        return [], False
    injuries = (
        InjuryDetails.objects.filter(scope.rows_condition())
        .select_related("deviation__unit", "deviation__case")
        .order_by("-deviation__occurred_at", "-pk")
    )
    if form.is_valid():
        data = form.cleaned_data
        if data["occurred_from"]:
            injuries = injuries.filter(deviation__occurred_at__gte=_midnight(data["occurred_from"]))
        if data["occurred_to"]:
            injuries = injuries.filter(
                deviation__occurred_at__lt=_midnight(data["occurred_to"] + timedelta(days=1))
            )
        path = form.unit_paths.get(data["unit"])
        if path:
            injuries = injuries.filter(deviation__unit__path__startswith=path)
        if data["injury_type"]:
            injuries = injuries.filter(injury_type=data["injury_type"])
        if data["absence"]:
            injuries = injuries.filter(absence=data["absence"] == "yes")
    found = list(injuries[: ROW_LIMIT + 1])
    rows = [_row(injury, scope) for injury in found[:ROW_LIMIT]]
    return rows, len(found) > ROW_LIMIT


def _row(injury: InjuryDetails, scope: RegisterAccess) -> RegisterRow:
    deviation = injury.deviation
    case = getattr(deviation, "case", None)
    return RegisterRow(
        occurred_at=deviation.occurred_at,
        unit=deviation.unit.name,
        location=deviation.location,
        what_happened=deviation.title,
        injury_type=injury.get_injury_type_display() or str(InjuryType.OTHER.label),
        work_illness=injury.work_illness,
        absence=injury.absence,
        treatment=injury.get_treatment_display(),
        reference=deviation.reference,
        case_id=case.pk if case else None,
        name=injury.injured_person if scope.shows_name(injury) else "",
    )


FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _cell(value) -> str:
    value = str(value)
    return "'" + value if value.startswith(FORMULA_START) else value


def register_csv(rows: list[RegisterRow]) -> str:
    """The rows as Norwegian Excel opens them (BOM, ";"). The same columns as the page:
    no medical detail beyond the fixed list."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow(
        [
            _("When"),
            _("Unit"),
            _("Place"),
            _("What happened"),
            _("Type of injury"),
            _("Illness from the work"),
            _("Absence"),
            _("Treatment"),
            _("Injured person"),
            _("Case"),
        ]
    )
    for row in rows:
        writer.writerow(
            [
                timezone.localtime(row.occurred_at).strftime("%Y-%m-%d %H:%M"),
                _cell(row.unit),
                _cell(row.location),
                _cell(row.what_happened),
                row.injury_type,
                _("yes") if row.work_illness else _("no"),
                _("yes") if row.absence else _("no"),
                row.treatment,
                _cell(row.name),
                row.reference,
            ]
        )
    return "\ufeff" + out.getvalue()
