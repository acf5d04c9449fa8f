"""The sentences of the timeline kinds added for the routine (issue 11), written at
display time from the values in ``CaseEvent.data`` so each reader gets them in their own
language. (``message`` holds only what a person wrote.)"""

from __future__ import annotations

from django.utils.translation import gettext as _

from cases.models import Case, CaseEvent
from orgchart.models import OrgUnit, User


def _name(model, pk, names=None) -> str:
    known = (names.people if model is User else names.units) if names is not None else {}
    if pk in known:
        return known[pk]
    found = model.objects.filter(pk=pk).first() if pk else None
    if found is None:
        return _("someone")
    return found.display_name if isinstance(found, User) else found.name


def event_sentence(event: CaseEvent, *, internal: bool, names=None) -> str:
    """The sentence for ``event``, or "" for kinds whose text is their message."""
    data = event.data or {}
    if event.kind == CaseEvent.Kind.HANDED_OVER:
        params = {
            "leader": _name(User, data.get("to_leader"), names),
            "unit": _name(OrgUnit, data.get("to_unit"), names),
        }
        sentence = _("Handed over to %(leader)s (%(unit)s), where it happened.") % params
        if internal and data.get("reason"):
            sentence += " " + _("Reason: %(reason)s") % {"reason": data["reason"]}
        return sentence
    if event.kind == CaseEvent.Kind.ACTION_ALREADY_DONE:
        return _("Recorded as a corrective action already done:")
    if event.kind == CaseEvent.Kind.SPECIALIST_ASSESSED:
        params = {"unit": _name(OrgUnit, data.get("specialist_unit"), names)}
        if data.get("effective"):
            return _("%(unit)s: in their view the corrective actions worked.") % params
        return _("%(unit)s: in their view the corrective actions did not work.") % params
    if event.kind == CaseEvent.Kind.ATTACHMENT_SHARED:
        return _(
            "%(file)s shared with the safety representative and the specialist units. "
            "Reason: %(reason)s"
        ) % {"file": data.get("file_name", ""), "reason": data.get("reason", "")}
    if event.kind == CaseEvent.Kind.CLOSED and internal and data.get("routine_review"):
        label = Case.RoutineReview(data["routine_review"]).label
        routine = data.get("routine") or ""
        return _("Review of work routines: %(outcome)s%(routine)s") % {
            "outcome": label,
            "routine": f" – {routine}" if routine else "",
        }
    return ""
