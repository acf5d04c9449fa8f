"""The timeline's sentences for the events of the employer's legal duties, written in
the reader's language from the values each event stores (``CaseEvent.data``)."""

from __future__ import annotations

from django.utils import formats, timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from avvik.models import Harm, InjuryType
from cases.legal_records import AuthorityNotice
from cases.models import CaseEvent

LEGAL_KINDS = frozenset(
    {
        CaseEvent.Kind.SERIOUS_INJURY,
        CaseEvent.Kind.AUTHORITY_NOTIFIED,
        CaseEvent.Kind.CONFIRMATION_COPIED,
        CaseEvent.Kind.ANONYMISED,
        CaseEvent.Kind.INJURY_REGISTERED,
    }
)


def _when(value: str | None) -> str:
    moment = parse_datetime(value or "")
    if moment is None:
        return ""
    return formats.date_format(timezone.localtime(moment), "j. F Y H:i")


def sentence(event: CaseEvent) -> str:
    data = event.data or {}
    if event.kind == CaseEvent.Kind.SERIOUS_INJURY:
        harm = dict(Harm.choices).get(data.get("harm"), "")
        return _(
            "%(harm)s. Arbeidstilsynet and the police must be notified at once; the case "
            "climbs the line at %(due)s if the notices are not recorded."
        ) % {"harm": harm, "due": _when(data.get("notices_due"))}
    if event.kind == CaseEvent.Kind.AUTHORITY_NOTIFIED:
        recipient = dict(AuthorityNotice.Recipient.choices).get(data.get("recipient"), "")
        if data.get("not_needed"):
            return _("%(recipient)s: not needed.") % {"recipient": recipient}
        means = dict(AuthorityNotice.Means.choices).get(data.get("means"), "")
        return _("%(recipient)s: %(when)s, %(means)s.") % {
            "recipient": recipient,
            "when": _when(data.get("notified_at")),
            "means": str(means).lower(),
        }
    if event.kind == CaseEvent.Kind.CONFIRMATION_COPIED:
        count = len(data.get("recipients") or [])
        if not count:
            return _("There is no safety representative for the area to send the copy to.")
        return ngettext(
            "The copy was sent to %(count)d safety representative.",
            "The copy was sent to %(count)d safety representatives.",
            count,
        ) % {"count": count}
    if event.kind == CaseEvent.Kind.ANONYMISED:
        return _(
            "The retention period of %(years)d years after closing ran out: names, free "
            "texts, injury details and %(files)d file(s) were removed."
        ) % {"years": data.get("years", 0), "files": data.get("files", 0)}
    if event.kind == CaseEvent.Kind.INJURY_REGISTERED:
        kind = dict(InjuryType.choices).get(data.get("injury_type"), "")
        if data.get("work_illness"):
            return _("In the injury register as an illness from the work: %(kind)s.") % {
                "kind": kind
            }
        return _("In the injury register: %(kind)s.") % {"kind": kind}
    return ""
