"""The names and help texts of the severities in the reader's language: as HMS
administrators worded them (SeverityName, in the admin), else in the municipality's
language, else as the catalogues word them (Severity's labels), never empty.

Every page shows severities, so the rows are read once per process and kept
(avvik.kept_rows)."""

from __future__ import annotations

from django.conf import settings
from django.utils import translation

from avvik.kept_rows import KeptRows


def _read() -> dict:
    from avvik.models import SeverityName

    return {row.severity: row for row in SeverityName.objects.all()}


kept = KeptRows("severity-names", _read, model="avvik.SeverityName")
load = kept.load
is_loaded = kept.is_loaded
changed = kept.changed


def _rows() -> dict:
    return kept.get()


def _worded(row, field: str) -> str:
    if row is None:
        return ""
    for language in (translation.get_language() or "", settings.LANGUAGE_CODE):
        value = getattr(row, f"{field}_{language.split('-')[0]}", "")
        if value:
            return value
    return ""


def severity_name(value: str) -> str:
    from avvik.models import Severity

    return _worded(_rows().get(value), "name") or str(Severity(value).label)


def severity_help(value: str) -> str:
    from avvik.models import Severity

    return _worded(_rows().get(value), "help") or str(Severity.catalogue_explanations()[value])


def severity_choices() -> list[tuple[str, str]]:
    from avvik.models import Severity

    return [(value, severity_name(value)) for value in Severity.values]
