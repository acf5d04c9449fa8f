"""The dashboard's filters: a FilterSet over the cases of one scope, sent with GET so that
every view of the list has its own link."""

from __future__ import annotations

import re
from datetime import datetime, time, timedelta

import django_filters
from django import forms
from django.db.models import Q
from django.http import QueryDict
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from avvik.form_fields import AnyCategoryField
from avvik.form_rendering.widgets import QuickSelect
from avvik.models import Category
from avvik.severity_names import severity_choices
from cases import dashboard
from cases.models import Case

STATUS_CHOICES = [
    ("open", _("Open (not closed)")),
    *Case.Status.choices,
    ("all", _("All, closed too")),
]
SORT_CHOICES = [(key, label) for key, (label, _fields) in dashboard.ORDERINGS.items()]
DEFAULT_STATUS = "open"
# A whole reference number is looked up by its unique index, not by a scan of titles.
REFERENCE_PATTERN = r"^[A-Z]{1,4}-\d{4}-\d{1,10}$"


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class CategoryFilter(django_filters.ModelChoiceFilter):
    """Every category, from the rows each process keeps (no query per visit)."""

    field_class = AnyCategoryField


class DashboardFilterForm(forms.Form):
    """The filter form (its fields come from the FilterSet). It is laid out by
    templates/cases/_dashboard_filters.html rather than crispy-forms: the dashboard is
    the page leaders open most, and crispy's templates for each field took twice as long
    as the whole list of cases. Each field carries its grid column; each widget its
    Bootstrap class."""

    COLUMNS = {
        "q": "col-12 col-lg-4",
        "status": "col-6 col-lg-2",
        "severity": "col-6 col-lg-2",
        "reported_from": "col-6 col-lg-2",
        "reported_to": "col-6 col-lg-2",
        "overdue": "col-12 col-sm-6 col-lg-3",
        "up_the_line": "col-12 col-sm-6 col-lg-5",
    }
    WIDGET_CLASSES = {"select": "form-select", "checkbox": "form-check-input"}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            if field.widget.is_hidden:
                continue
            field.column = self.COLUMNS.get(name, "col-12 col-sm-6 col-lg-4")
            kind = "select" if isinstance(field.widget, forms.Select) else field.widget.input_type
            field.widget.attrs.setdefault("class", self.WIDGET_CLASSES.get(kind, "form-control"))


class CaseFilter(django_filters.FilterSet):
    """The cases of one scope (``scope``), narrowed by the person's choices.

    Built from the person's request data with the defaults filled in (open cases, the
    first scope offered, the order from dashboard.default_ordering). ``qs`` is the ordered list;
    ``without_status`` is the same selection before the status filter, for the counts
    per status above the list.
    """

    scope = django_filters.ChoiceFilter(
        label=_("Scope"), method="filter_scope", empty_label=None, widget=forms.HiddenInput
    )
    q = django_filters.CharFilter(
        label=_("Search"),
        method="search",
        help_text=_("Reference number or words in the title"),
    )
    status = django_filters.ChoiceFilter(
        label=_("Status"),
        choices=STATUS_CHOICES,
        method="filter_status",
        empty_label=None,
        widget=QuickSelect,
    )
    severity = django_filters.ChoiceFilter(
        label=_("Severity"),
        choices=severity_choices,
        field_name="deviation__severity",
        empty_label=_("All severities"),
        widget=QuickSelect,
    )
    category = CategoryFilter(
        label=_("Category"),
        queryset=Category.objects.all(),
        field_name="deviation__category",
        empty_label=_("All categories"),
        widget=QuickSelect,
    )
    unit = django_filters.ChoiceFilter(
        label=_("Unit (with everything under it)"),
        method="filter_unit",
        empty_label=_("All units"),
        widget=QuickSelect,
    )
    reported_from = django_filters.DateFilter(
        label=_("Reported from"), method="filter_reported_from", widget=DateInput()
    )
    reported_to = django_filters.DateFilter(
        label=_("Reported to (inclusive)"), method="filter_reported_to", widget=DateInput()
    )
    sort = django_filters.ChoiceFilter(
        label=_("Sort"),
        choices=SORT_CHOICES,
        method="sort_by",
        empty_label=None,
        widget=QuickSelect,
    )
    overdue = django_filters.BooleanFilter(
        label=_("Only overdue"), method="filter_overdue", widget=forms.CheckboxInput
    )
    up_the_line = django_filters.BooleanFilter(
        label=_("Escalated or forwarded to me"),
        method="filter_up_the_line",
        widget=forms.CheckboxInput,
    )

    class Meta:
        model = Case
        fields: list[str] = []
        form = DashboardFilterForm

    def __init__(self, data: QueryDict | None, *, user, now: datetime | None = None):
        self.user = user
        self.now = now or timezone.now()
        self.scopes = dashboard.scopes_for(user)
        data = data.copy() if data is not None else QueryDict(mutable=True)
        if data.get("scope") not in self.scopes:
            data["scope"] = self.scopes[0] if self.scopes else ""
        if not data.get("status"):
            data["status"] = DEFAULT_STATUS
        self.scope = data["scope"]
        if not data.get("sort"):
            data["sort"] = dashboard.default_ordering(self.scope, data["status"])
        scoped = dashboard.cases_in_scope(user, self.scope)
        super().__init__(data, queryset=scoped)
        units = dashboard.unit_choices(
            dashboard.scope_roots(user, self.scope), data.get("unit", "")
        )
        self.unit_paths = units.paths
        self.filters["unit"].extra["choices"] = units.choices
        self.filters["scope"].extra["choices"] = [(s.value, s.label) for s in self.scopes]

    def filter_queryset(self, queryset):
        """The filters, then status and order (the queryset is already the scope's); the
        selection before the status filter is kept for the counts."""
        cleaned = self.form.cleaned_data
        for name, value in cleaned.items():
            if name not in {"scope", "status", "sort"}:
                queryset = self.filters[name].filter(queryset, value)
        self.without_status = queryset
        queryset = self.filter_status(queryset, "status", cleaned.get("status") or "open")
        order = cleaned.get("sort") or dashboard.DEFAULT_ORDERING
        listing = dashboard.for_listing(dashboard.with_urgency(queryset, self.now))
        # Whether the scope is small enough to sort whole matters only by date.
        bounded = order in dashboard.BY_DATE and dashboard.is_bounded(self.user, self.scope)
        return dashboard.ordered(listing, order, bounded=bounded)

    @property
    def chosen_status(self) -> str:
        return self.form.cleaned_data.get("status") or "open"

    # -- the filters ---------------------------------------------------------------------

    def filter_scope(self, queryset, name, value):
        return queryset  # the queryset given to the FilterSet is the scope's

    def sort_by(self, queryset, name, value):
        return queryset  # applied last, in filter_queryset

    def filter_status(self, queryset, name, value):
        if value == "all":
            return queryset
        if value == "open":
            return queryset.filter(status__in=dashboard.OPEN_STATUSES)
        return queryset.filter(status=value)

    def search(self, queryset, name, value):
        term = value.strip()
        if not term:
            return queryset
        if re.match(REFERENCE_PATTERN, term.upper()):
            return queryset.filter(deviation__reference=term.upper())
        return queryset.filter(
            Q(deviation__reference__icontains=term) | Q(deviation__title__icontains=term)
        )

    def filter_unit(self, queryset, name, value):
        path = self.unit_paths.get(value)
        if not path:
            return queryset
        return queryset.filter(deviation_unit__path__startswith=path)

    def filter_reported_from(self, queryset, name, value):
        return queryset.filter(deviation__reported_at__gte=_local_midnight(value))

    def filter_reported_to(self, queryset, name, value):
        return queryset.filter(deviation__reported_at__lt=_local_midnight(value + timedelta(1)))

    def filter_overdue(self, queryset, name, value):
        return queryset.filter(dashboard.overdue(self.now)) if value else queryset

    def filter_up_the_line(self, queryset, name, value):
        if not value:
            return queryset
        return queryset.filter(responsible_leader=self.user).exclude(
            arrived_via=Case.ArrivedVia.ROUTING
        )


def _local_midnight(day) -> datetime:
    """The start of a day in the site's time zone, so that a date filter compares the
    indexed column with a constant instead of converting every row's time to a date."""
    return timezone.make_aware(datetime.combine(day, time.min))
