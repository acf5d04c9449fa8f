"""The names and help texts of the severities in the reader's language: as HMS
administrators worded them (SeverityName, in the admin), else in the municipality's
language, else as the catalogues word them (Severity's labels), never empty.

Every page shows severities, so the rows are read once per process and kept; a change
in the admin tells every process through the cache (a new version), and each process
looks at the version at most every few seconds, without asking the database."""

from __future__ import annotations

import time
import uuid

from django.conf import settings
from django.core.cache import cache
from django.utils import translation

VERSION_KEY = "avvik:severity-names:version"
RECHECK_SECONDS = 5.0

_kept: dict = {"rows": None, "version": None, "checked": 0.0}


def load() -> None:
    """Read the rows now (the first use in a process does it otherwise)."""
    from avvik.models import SeverityName

    _kept["version"] = _version()
    _kept["rows"] = {row.severity: row for row in SeverityName.objects.all()}
    _kept["checked"] = time.monotonic()


def _version() -> str | None:
    """The version in the cache; None when the cache is away (the rows kept are used
    until it is back: no page fails for want of it)."""
    try:
        return cache.get(VERSION_KEY)
    except Exception:  # noqa: BLE001 - any error of the cache backend
        return None


def is_loaded() -> bool:
    return _kept["rows"] is not None


def changed() -> None:
    """A row was saved or deleted: every process reads the rows again."""
    cache.set(VERSION_KEY, uuid.uuid4().hex, None)
    _kept["rows"] = None


def _rows() -> dict:
    now = time.monotonic()
    if _kept["rows"] is not None and now - _kept["checked"] > RECHECK_SECONDS:
        _kept["checked"] = now
        version = _version()
        if version is not None and version != _kept["version"]:
            _kept["rows"] = None
    if _kept["rows"] is None:
        load()
    return _kept["rows"]


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
