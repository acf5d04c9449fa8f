"""The statistics page's chooser and the committee's order form."""

from __future__ import annotations

from datetime import date, timedelta

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Div, Field, Layout, Submit
from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from reports.periods import (
    Period,
    add_months,
    last_completed_period,
    oslo_today,
    recent_calendar_periods,
)
from reports.services import validate_period

CUSTOM = "custom"


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


def default_statistics_period(today: date | None = None) -> Period:
    """The last twelve months: from the first of the month eleven months back to today."""
    today = today or oslo_today()
    return Period(add_months(today.replace(day=1), -11), today)


def preset_periods(today: date | None = None) -> list[tuple[str, Period]]:
    """Quick choices offered as links above the figures."""
    today = today or oslo_today()
    quarter_start = date(today.year, (today.month - 1) // 3 * 3 + 1, 1)
    last_quarter_end = quarter_start - timedelta(days=1)
    return [
        (_("Last 12 months"), default_statistics_period(today)),
        (_("This quarter so far"), Period(quarter_start, today)),
        (
            _("Last quarter"),
            Period(
                date(last_quarter_end.year, (last_quarter_end.month - 1) // 3 * 3 + 1, 1),
                last_quarter_end,
            ),
        ),  # fmt: skip
        (_("This year so far"), Period(date(today.year, 1, 1), today)),
        (_("Last year"), Period(date(today.year - 1, 1, 1), date(today.year - 1, 12, 31))),
    ]


class StatisticsForm(forms.Form):
    """Which subtree and which days; sent with GET so every view has its own link."""

    unit = forms.ChoiceField(label=_("Units"), required=False)
    start = forms.DateField(label=_("From"), required=False, widget=DateInput())
    end = forms.DateField(label=_("To (inclusive)"), required=False, widget=DateInput())

    def __init__(self, *args, unit_choices, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].choices = unit_choices
        self.helper = FormHelper()
        self.helper.form_method = "get"
        self.helper.disable_csrf = True
        self.helper.form_class = "statistics-filter"
        self.helper.layout = Layout(
            Div(
                Field("unit", wrapper_class="col-12 col-md-5"),
                Field("start", wrapper_class="col-6 col-md-3"),
                Field("end", wrapper_class="col-6 col-md-3"),
                Div(
                    Submit("", _("Show"), css_class="w-100"),
                    css_class="col-12 col-md-1 d-flex align-items-end mb-3",
                ),
                css_class="row g-2",
            )
        )

    def clean(self):
        cleaned = super().clean()
        default = default_statistics_period()
        start, end = cleaned.get("start"), cleaned.get("end")
        if start and not end:
            end = max(start, oslo_today())
        if end and not start:
            start = add_months(end, -12) + timedelta(days=1)
        start, end = start or default.start, end or default.end
        if end < start:
            raise ValidationError(_("The period must end on or after the day it starts."))
        period = Period(start, end)
        validate_period(period)
        cleaned["period"] = period
        return cleaned


def period_choices(today: date | None = None) -> list:
    """Recent years, tertials and quarters grouped by year, newest first, then "other
    dates"."""
    groups: dict[int, list[tuple[str, str]]] = {}
    for _kind, period in recent_calendar_periods(today):
        groups.setdefault(period.start.year, []).append((period.slug(), period.label()))
    return [(str(year), items) for year, items in groups.items()] + [
        (CUSTOM, _("Other dates (fill in below)"))
    ]


class OrderSummaryForm(forms.Form):
    period = forms.ChoiceField(label=_("Period"))
    start = forms.DateField(label=_("From"), required=False, widget=DateInput())
    end = forms.DateField(label=_("To (inclusive)"), required=False, widget=DateInput())

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["period"].choices = period_choices()
        self.fields["period"].initial = last_completed_period("quarter", oslo_today()).slug()
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.layout = Layout(
            "period",
            Div(
                Field("start", wrapper_class="col-6"),
                Field("end", wrapper_class="col-6"),
                css_class="row g-2",
            ),
        )

    def clean(self):
        cleaned = super().clean()
        choice = cleaned.get("period")
        if not choice:
            return cleaned
        if choice == CUSTOM:
            start, end = cleaned.get("start"), cleaned.get("end")
            if not start:
                self.add_error("start", _("Give the first day of the period."))
            if not end:
                self.add_error("end", _("Give the last day of the period."))
            if not (start and end):
                return cleaned
            if end < start:
                raise ValidationError(_("The period must end on or after the day it starts."))
            period = Period(start, end)
        else:
            first, last = choice.split("_")
            period = Period(date.fromisoformat(first), date.fromisoformat(last))
        validate_period(period)
        cleaned["chosen_period"] = period
        return cleaned
