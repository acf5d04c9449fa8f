"""Who is told what about a case. Each notice is an e-mail queued on commit; none carries
injury details."""

from __future__ import annotations

from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from orgchart.mail import queue_email
from orgchart.models import SafetyRepresentative


def _case_url(case) -> str:
    return settings.SITE_URL + reverse("cases:detail", args=[case.pk])


def _send(template: str, recipients, context: dict) -> None:
    addresses = sorted({person.email for person in recipients if person and person.email})
    if not addresses:
        return
    with translation.override(settings.LANGUAGE_CODE):
        context = {**context, "site_url": settings.SITE_URL}
        subject = render_to_string(f"cases/email/{template}_subject.txt", context)
        body = render_to_string(f"cases/email/{template}.txt", context)
        html = render_to_string(f"cases/email/{template}.html", context)
    queue_email(subject, body, addresses, html)


def new_case(case) -> None:
    deviation = case.deviation
    context = {"case": case, "deviation": deviation, "url": _case_url(case)}
    _send("new_case", [case.responsible_leader], context)
    if deviation.category.inform_safety_representative:
        reps = [
            rep.user
            for rep in SafetyRepresentative.objects.filter(is_active=True, user__is_active=True)
            .filter(units__in=deviation.unit.ancestors(include_self=True))
            .select_related("user")
            .distinct()
        ]
        _send("safety_representative_informed", reps, context)


def information_added(case, event) -> None:
    _send(
        "information_added",
        [case.responsible_leader],
        {"case": case, "deviation": case.deviation, "event": event, "url": _case_url(case)},
    )
