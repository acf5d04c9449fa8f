"""The rows of the lists of cases (the dashboard, "Mine avvik") written out for the
template: what each row shows, in the reader's language, as the plain values of a dict.
The template engine finds a dict's keys at its first try, where a case's
``deviation.unit.name`` costs it a failed lookup per step, and a filter or a
``{% url %}`` per cell adds up over 25 rows; the choices a row makes (which deadline,
which badge) are made here, and the template only displays."""

from __future__ import annotations

from django.urls import reverse
from django.utils import timezone
from django.utils.dates import MONTHS_3
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _

from avvik.models import kept_categories
from avvik.severity_names import severity_name
from cases.models import Case
from cases.templatetags.case_list import short_date
from orgchart.models import display_name_of

# Short labels for the badges: how a case reached the leader who has it.
ARRIVED_LABELS = {
    Case.ArrivedVia.FORWARDED: _("Forwarded"),
    Case.ArrivedVia.ESCALATED: _("Escalated"),
    Case.ArrivedVia.HANDED_OVER: _("Handed over"),
}


def _address_before_id(url_name: str) -> str:
    """The address of ``url_name`` up to its id: reversed once per list, not per row."""
    first = reverse(url_name, args=[1])
    return first[: first.rindex("/1/") + 1]


def _day_month(moment) -> str:
    """``|date:"j. b"`` in local time, without the template filter's machinery."""
    local = timezone.localtime(moment)
    return f"{local.day}. {MONTHS_3[local.month]}"


def _status_labels() -> dict[str, str]:
    """Each status's name in the reader's language, looked up once per list."""
    return {value: str(label) for value, label in Case.Status.choices}


def _leader_name(case: dict) -> str:
    """The responsible leader's name from the row's values; empty while there is none."""
    username = case["responsible_leader__username"]
    if not username:
        return ""
    return display_name_of(
        case["responsible_leader__first_name"], case["responsible_leader__last_name"], username
    )


def case_rows(cases) -> list[dict]:
    """One dict per case of ``cases``: the values ``cases.dashboard.for_listing`` reads."""
    before_id = _address_before_id("cases:detail")
    category_names = {category.pk: category.name for category in kept_categories.get()}
    status_labels = _status_labels()
    severity_labels = {}
    rows = []
    for case in cases:
        status = case["status"]
        if case["closure_due"]:
            due, due_is_receipt = short_date(case["closure_due"]), False
        elif case["receipt_due"] and status == Case.Status.REPORTED:
            due, due_is_receipt = short_date(case["receipt_due"]), True
        else:
            due, due_is_receipt = "", False
        arrived = "" if case["arrived_via"] == Case.ArrivedVia.ROUTING else case["arrived_via"]
        severity = case["deviation__severity"]
        if severity not in severity_labels:
            severity_labels[severity] = severity_name(severity)
        rows.append(
            {
                "url": f"{before_id}{case['pk']}/",
                "reference": case["deviation__reference"],
                "is_overdue": case["is_overdue"],
                "arrived_via": arrived,
                "arrived_label": str(ARRIVED_LABELS.get(arrived, "")),
                "title": case["deviation__title"],
                "unit": case["deviation__unit__name"],
                "category": category_names.get(case["deviation__category_id"], ""),
                "reported": short_date(case["deviation__reported_at"]),
                "severity": severity,
                "severity_label": severity_labels[severity],
                "status": status,
                "status_label": status_labels[status],
                "due": due,
                "due_is_receipt": due_is_receipt,
                "leader": _leader_name(case),
                "is_closed": status == Case.Status.CLOSED,
            }
        )
    return rows


def my_report_rows(cases) -> list[dict]:
    """One dict per case of "Mine avvik" (``cases.selectors.with_latest_update``)."""
    before_id = _address_before_id("cases:my_report")
    status_labels = _status_labels()
    rows = []
    for case in cases:
        reported = timezone.localtime(case["deviation__reported_at"])
        rows.append(
            {
                "url": f"{before_id}{case['pk']}/",
                "reference": case["deviation__reference"],
                "title": case["deviation__title"],
                "status": case["status"],
                "status_label": status_labels[case["status"]],
                "reported": f"{_day_month(reported)} {reported.year}",
                "leader": _leader_name(case),
                "is_open": case["status"] != Case.Status.CLOSED,
                "latest_update": Truncator(case["latest_update"]).chars(140),
                "latest_update_at": (
                    f"{_day_month(case['latest_update_at'])} "
                    f"{timezone.localtime(case['latest_update_at']):%H:%M}"
                    if case["latest_update"]
                    else ""
                ),
            }
        )
    return rows
