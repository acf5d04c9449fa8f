"""Timeline rows written before the timeline was rendered for the reader held finished
sentences ("Meldt og sendt til …", "Forwarded to … (…): …") in the writer's language.
This reads them back into values (``data``) and keeps in ``message`` only what a person
wrote, so that old timelines read the same in every language as new ones
(see cases/timeline.py). A text that cannot be read back stays as it is, marked
``text_only``: the timeline then shows it as written.

The sentences are matched in every language the app offers, as the catalogues translate
them; rows on PostgreSQL are rewritten with the append-only trigger paused inside this
migration's transaction."""

import re

from django.db import migrations
from django.utils import translation

LANGUAGES = ("en", "nb", "nn")
PLACEHOLDER = re.compile(r"%\((\w+)\)[sd]")


def _pattern(msgid: str, language: str) -> re.Pattern:
    with translation.override(language):
        text = translation.gettext(msgid)
    parts, last = [], 0
    for match in PLACEHOLDER.finditer(text):
        parts.append(re.escape(text[last : match.start()]))
        parts.append(f"(?P<{match.group(1)}>.+?)")
        last = match.end()
    parts.append(re.escape(text[last:]))
    return re.compile("".join(parts), re.DOTALL)


def _match(msgid: str, text: str, *, whole: bool = True):
    """The placeholders' values if ``text`` is ``msgid`` in one of the languages."""
    for language in LANGUAGES:
        pattern = _pattern(msgid, language)
        found = pattern.fullmatch(text) if whole else pattern.match(text)
        if found:
            return found.groupdict()
    return None


def _translations(msgid: str) -> set[str]:
    found = set()
    for language in LANGUAGES:
        with translation.override(language):
            found.add(translation.gettext(msgid))
    return found


def _stage(word: str) -> str | None:
    if word in _translations("receipt"):
        return "receipt"
    if word in _translations("closure"):
        return "closure"
    return None


def _first_line_and_rest(text: str) -> tuple[str, str]:
    first, _newline, rest = text.partition("\n")
    return first, rest.strip()


def _read_back(event, actions) -> tuple[str, dict] | None:
    """(message, values to add to data), or None when the text cannot be read."""
    text, kind = event.message, event.kind
    if kind == "reported":
        found = _match("Reported and sent to %(leader)s.", text)
        if found is None:
            return None
        if found["leader"] in _translations("the HMS administrators"):
            return "", {"leader": None}
        return "", {"leader_name": found["leader"]}
    if kind == "information_added":
        for attached in _translations("Attached: %(files)s"):
            head = attached.split("%(files)s")[0]
            where = text.rfind(head)
            if where != -1 and (where == 0 or text[:where].endswith("\n")):
                files = text[where + len(head) :].strip()
                return text[:where].strip(), {"attachments": files.split(", ")}
        return text, {}
    if kind == "acknowledged":
        found = _match("%(name)s has received the report and is handling it.", text)
        return None if found is None else ("", {})
    if kind == "forwarded":
        found = _match("Forwarded to %(leader)s (%(unit)s): %(reason)s", text)
        return None if found is None else ("", {"reason": found["reason"]})
    if kind == "escalated":
        msgid = "The deadline for %(stage)s passed; the case went to %(leader)s (%(unit)s)."
        found = _match(msgid, text)
        stage = found and _stage(found["stage"])
        return ("", {"stage": stage}) if stage else None
    if kind == "reminded":
        msgid = "The deadline for %(stage)s has passed; the case is at the top of the line."
        found = _match(msgid, text)
        stage = found and _stage(found["stage"])
        return ("", {"stage": stage}) if stage else None
    if kind == "action_added":
        action = actions.get(event.data.get("action"))
        if action is None:
            return None
        return "", {
            "what": action.description,
            "assignee": action.assignee_id,
            "specialist_unit": action.specialist_unit_id,
            "due": action.due_date.isoformat() if action.due_date else None,
        }
    if kind == "action_completed":
        first, _newline, last = text.rpartition("\n")
        evaluating = _translations(
            "All corrective actions are done; their effect can be evaluated."
        )
        return (first, {}) if last in evaluating else (text, {})
    if kind == "assistance_requested":
        found = _match("%(unit)s asked for help: %(message)s", text)
        return None if found is None else ("", {"help": found["message"]})
    if kind == "risk_assessed":
        first, rest = _first_line_and_rest(text)
        msgid = "Risk %(before)d (%(level)s), after measures %(after)d (%(level_after)s)."
        return None if _match(msgid, first) is None else (rest, {})
    if kind == "effect_evaluated":
        first, rest = _first_line_and_rest(text)
        verdicts = _translations("The corrective actions worked.") | _translations(
            "The corrective actions did not work; the case is back in progress."
        )
        return (rest, {}) if first in verdicts else None
    if kind == "closed_as_duplicate":
        found = _match("Duplicate of %(ref)s: %(reason)s", text)
        if found is None:
            return None
        return "", {"reason": found["reason"], "duplicate_of_ref": found["ref"]}
    if kind == "put_on_hold":
        found = _match("On hold until %(date)s: %(reason)s", text)
        return None if found is None else ("", {"reason": found["reason"]})
    return text, {}  # comments, summaries, reasons: what a person wrote


def read_texts_back(apps, schema_editor):
    CaseEvent = apps.get_model("cases", "CaseEvent")
    Action = apps.get_model("cases", "Action")
    postgres = schema_editor.connection.vendor == "postgresql"
    if postgres:
        schema_editor.execute(
            "ALTER TABLE cases_caseevent DISABLE TRIGGER cases_caseevent_append_only"
        )
    ids = list(CaseEvent.objects.exclude(message="").order_by("pk").values_list("pk", flat=True))
    for start in range(0, len(ids), 1000):
        batch = list(CaseEvent.objects.filter(pk__in=ids[start : start + 1000]))
        action_ids = [e.data.get("action") for e in batch if e.kind == "action_added"]
        actions = Action.objects.in_bulk([pk for pk in action_ids if pk])
        for event in batch:
            event.data = dict(event.data or {})
            result = _read_back(event, actions)
            if result is None:
                event.data["text_only"] = True
            else:
                event.message, values = result
                event.data.update(values)
        CaseEvent.objects.bulk_update(batch, ["message", "data"])
    if postgres:
        schema_editor.execute(
            "ALTER TABLE cases_caseevent ENABLE TRIGGER cases_caseevent_append_only"
        )


class Migration(migrations.Migration):
    dependencies = [("cases", "0012_case_received_at")]
    operations = [migrations.RunPython(read_texts_back, migrations.RunPython.noop)]
