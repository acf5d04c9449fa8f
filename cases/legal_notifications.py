"""Notices about the employer's legal duties on a case. They are urgent (in the app and
by e-mail at once, whatever the person chose for routine notices) and written when they
are sent, by ``cases.notifications.render_notice`` from the templates named here."""

from __future__ import annotations

from django.conf import settings
from django.urls import reverse

from orgchart.notifications import Notice, notify_many


def _case_url(case) -> str:
    return settings.SITE_URL + reverse("cases:detail", args=[case.pk])


def _context(case) -> dict:
    return {"case": case.pk, "ref": case.deviation.reference, "title": case.deviation.title}


def serious_injury_reported(case, recipients) -> int:
    """The leader and the HMS administrators: a person was seriously injured or died;
    Arbeidstilsynet and the police must be notified at once."""
    people = {person.pk: person for person in recipients if person is not None}
    return notify_many(
        [
            Notice(
                person,
                "cases.serious_injury_reported",
                key=f"serious-injury:{case.pk}:{person.pk}",
                context={
                    "case": case.pk,
                    "ref": case.deviation.reference,
                    "title": case.deviation.title,
                },
                url=_case_url(case),
            )
            for person in people.values()
        ]
    )


def confirmation_copy(case, safety_representatives) -> int:
    """The copy of the written confirmation to Arbeidstilsynet, for the safety
    representatives of the area (arbeidsmiljøloven § 5-2)."""
    url = settings.SITE_URL + reverse("cases:notice_confirmation", args=[case.pk])
    return notify_many(
        [
            Notice(
                person,
                "cases.confirmation_copy",
                key=f"confirmation-copy:{case.pk}:{person.pk}",
                context={
                    "case": case.pk,
                    "ref": case.deviation.reference,
                    "title": case.deviation.title,
                },
                url=url,
            )
            for person in {p.pk: p for p in safety_representatives}.values()
        ]
    )
