"""The timeline's sentences, written for the reader when the timeline is read.

A CaseEvent stores what happened: its ``kind`` and the values in ``data`` (ids of people
and units, ISO dates, scores, and what a person wrote under a named key such as
``reason``). ``message`` holds only text a person wrote themselves (a comment, a
summary), shown as written. The sentence around the values is made here, in the
language active while the page, PDF or e-mail is rendered, with dates in that locale.

To add a kind: add it to ``CaseEvent.Kind``, have its service write the values into
``data``, and write one function below decorated with ``@sentence(Kind.X)`` that returns
the sentence from ``event.data`` (and ``names`` for people and units). A kind without a
function shows its ``message`` only, as every kind did before.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime

from django.utils import formats, timezone
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.translation import gettext as _

from cases.models import CaseEvent, RiskLevel, risk_level
from orgchart.models import OrgUnit, User

Kind = CaseEvent.Kind

# Keys of ``data`` that hold the id of a person or of a unit.
PERSON_KEYS = ("leader", "from_leader", "to_leader", "assignee")
UNIT_KEYS = ("from_unit", "to_unit", "specialist_unit", "unit")


@dataclass
class Names:
    """The people and units an event's values point to, read once for a whole timeline."""

    people: dict[int, str] = field(default_factory=dict)
    units: dict[int, str] = field(default_factory=dict)
    # Whether the reader is in the leader line (False: the reporter's own page).
    internal: bool = True

    def person(self, data: dict, key: str) -> str:
        """The person's name, or the name stored when the row was migrated from a text."""
        return self.people.get(data.get(key)) or data.get(f"{key}_name") or _("someone")

    def unit(self, data: dict, key: str) -> str:
        return self.units.get(data.get(key)) or data.get(f"{key}_name") or _("a unit")

    @classmethod
    def for_events(cls, events: Iterable[CaseEvent], *, people=(), units=()) -> Names:
        """The names the events point to. The events' actors, when read with them, and
        the ``people`` and ``units`` the caller has read already are not read again."""
        known_people = {person.pk: person for person in people if person is not None}
        known_units = {unit.pk: unit.name for unit in units if unit is not None}
        wanted_people, wanted_units = set(), set()
        for event in events:
            data = event.data or {}
            if event.actor_id and CaseEvent.actor.is_cached(event):
                known_people[event.actor_id] = event.actor
            elif event.actor_id:
                wanted_people.add(event.actor_id)
            wanted_people.update(data[k] for k in PERSON_KEYS if isinstance(data.get(k), int))
            wanted_units.update(data[k] for k in UNIT_KEYS if isinstance(data.get(k), int))
        wanted_people -= known_people.keys()
        wanted_units -= known_units.keys()
        if wanted_people:
            known_people.update(User.objects.in_bulk(wanted_people))
        if wanted_units:
            known_units.update(
                OrgUnit.objects.filter(pk__in=wanted_units).values_list("pk", "name")
            )
        return cls(
            people={pk: person.display_name for pk, person in known_people.items()},
            units=known_units,
        )


_sentences: dict[str, Callable[[CaseEvent, dict, Names], str]] = {}


def sentence(kind: str):
    """Register the function that writes the sentence of one kind of event."""

    def register(function):
        _sentences[kind] = function
        return function

    return register


def describe(
    events: Iterable[CaseEvent], *, internal: bool = True, people=(), units=()
) -> list[CaseEvent]:
    """The events, each with ``sentence`` (what happened, in the active language; empty
    when the kind has none) and ``written`` (what a person wrote, shown as written).
    ``internal`` is False for the reporter, who is not shown the leader's reasons.
    ``people`` and ``units``: those the caller has read already (see Names.for_events)."""
    events = list(events)
    names = Names.for_events(events, people=people, units=units)
    names.internal = internal
    for event in events:
        event.sentence = event_sentence(event, names)
        event.written = event.message
    return events


def event_sentence(event: CaseEvent, names: Names | None = None) -> str:
    write = _sentences.get(event.kind)
    # "text_only": an old row whose text could not be read back into values.
    if write is None or (event.data or {}).get("text_only"):
        return ""
    return write(event, event.data or {}, names if names is not None else Names.for_events([event]))


def local_date(value: str | None) -> str:
    """An ISO date or date-time from ``data``, written as the reader's locale writes it."""
    if not value:
        return ""
    parsed: date | datetime | None = parse_datetime(value) if "T" in value else None
    if parsed is not None:
        day = timezone.localtime(parsed).date() if timezone.is_aware(parsed) else parsed.date()
        return formats.date_format(day, "DATE_FORMAT")
    parsed = parse_date(value)
    return formats.date_format(parsed, "DATE_FORMAT") if parsed else value


def _stage(data: dict) -> str:
    return _("receipt") if data.get("stage") == "receipt" else _("closure")


# -- one function per kind ----------------------------------------------------------------


@sentence(Kind.REPORTED)
def _reported(event, data, names):
    if "leader" not in data and "leader_name" not in data:
        return ""
    if data.get("leader") is None and not data.get("leader_name"):
        return _("Reported and sent to %(leader)s.") % {"leader": _("the HMS administrators")}
    return _("Reported and sent to %(leader)s.") % {"leader": names.person(data, "leader")}


@sentence(Kind.INFORMATION_ADDED)
def _information_added(event, data, names):
    files = data.get("attachments") or []
    return _("Attached: %(files)s") % {"files": ", ".join(files)} if files else ""


@sentence(Kind.ACKNOWLEDGED)
def _acknowledged(event, data, names):
    name = names.people.get(event.actor_id) or _("someone")
    text = _("%(name)s has received the report and is handling it.") % {"name": name}
    if data.get("closure_due"):
        text += " " + _("Deadline for closing: %(date)s.") % {
            "date": local_date(data["closure_due"])
        }
    return text


@sentence(Kind.FORWARDED)
def _forwarded(event, data, names):
    if "reason" not in data:
        return ""
    return _("Forwarded to %(leader)s (%(unit)s): %(reason)s") % {
        "leader": names.person(data, "to_leader"),
        "unit": names.unit(data, "to_unit"),
        "reason": data.get("reason", ""),
    }


@sentence(Kind.ESCALATED)
def _escalated(event, data, names):
    if "stage" not in data:
        return ""
    return _("The deadline for %(stage)s passed; the case went to %(leader)s (%(unit)s).") % {
        "stage": _stage(data),
        "leader": names.person(data, "to_leader"),
        "unit": names.unit(data, "to_unit"),
    }


@sentence(Kind.REMINDED)
def _reminded(event, data, names):
    if "stage" not in data:
        return ""
    return _("The deadline for %(stage)s has passed; the case is at the top of the line.") % {
        "stage": _stage(data)
    }


@sentence(Kind.ACTION_ADDED)
def _action_added(event, data, names):
    if "what" not in data:
        return ""
    who = (
        names.person(data, "assignee")
        if data.get("assignee") or data.get("assignee_name")
        else names.unit(data, "specialist_unit")
    )
    text = _("%(what)s — %(who)s, by %(due)s") % {
        "what": data["what"],
        "who": who,
        "due": local_date(data.get("due")),
    }
    return text


@sentence(Kind.ACTION_COMPLETED)
def _action_completed(event, data, names):
    # The action's description and the note are in ``message``, as written.
    if data.get("status_to") == "evaluating":
        return _("All corrective actions are done; their effect can be evaluated.")
    return ""


@sentence(Kind.ASSISTANCE_REQUESTED)
def _assistance_requested(event, data, names):
    if "help" not in data:
        return ""
    return _("%(unit)s asked for help: %(message)s") % {
        "unit": names.unit(data, "specialist_unit"),
        "message": data.get("help", ""),
    }


@sentence(Kind.RISK_ASSESSED)
def _risk_assessed(event, data, names):
    try:
        before = data["probability"] * data["consequence"]
        after = data["probability_after"] * data["consequence_after"]
        level = risk_level(data["probability"], data["consequence"])
        level_after = risk_level(data["probability_after"], data["consequence_after"])
    except (KeyError, TypeError):
        return ""
    text = _("Risk %(before)d (%(level)s), after measures %(after)d (%(level_after)s).") % {
        "before": before,
        "level": RiskLevel(level).label,
        "after": after,
        "level_after": RiskLevel(level_after).label,
    }
    return text  # the note is in ``message``


@sentence(Kind.EFFECT_EVALUATED)
def _effect_evaluated(event, data, names):
    if "effective" not in data:
        return ""
    if data["effective"]:
        return _("The corrective actions worked.")
    return _("The corrective actions did not work; the case is back in progress.")


@sentence(Kind.CLOSED_AS_DUPLICATE)
def _closed_as_duplicate(event, data, names):
    if "duplicate_of_ref" not in data:
        return ""
    return _("Duplicate of %(ref)s: %(reason)s") % {
        "ref": data["duplicate_of_ref"],
        "reason": data.get("reason", ""),
    }


@sentence(Kind.PUT_ON_HOLD)
def _put_on_hold(event, data, names):
    if "until" not in data:
        return ""
    return _("On hold until %(date)s: %(reason)s") % {
        "date": local_date(data.get("until")),
        "reason": data.get("reason", ""),
    }


def _legal_duty(event, data, names):
    # The employer's legal duties keep their sentences beside their own records.
    from cases.legal_events import sentence as legal_sentence

    return legal_sentence(event)


for _kind in (
    Kind.SERIOUS_INJURY,
    Kind.AUTHORITY_NOTIFIED,
    Kind.CONFIRMATION_COPIED,
    Kind.ANONYMISED,
    Kind.INJURY_REGISTERED,
):
    _sentences[_kind] = _legal_duty


def _routine_step(event, data, names):
    # The routine's own steps (hand-over, already-done action, the specialist unit's view,
    # a shared attachment, the review of work routines at closing).
    from cases.event_sentences import event_sentence as routine_sentence

    return routine_sentence(event, internal=names.internal, names=names)


for _kind in (
    Kind.HANDED_OVER,
    Kind.ACTION_ALREADY_DONE,
    Kind.SPECIALIST_ASSESSED,
    Kind.ATTACHMENT_SHARED,
    Kind.CLOSED,
):
    _sentences[_kind] = _routine_step
