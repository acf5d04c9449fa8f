"""What an import says about itself, in the reader's language: the same lines on the
command line and on the admin's import page."""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from orgchart.importing.write import ImportResult


def summary_lines(result: ImportResult) -> list[str]:
    """What changed, one line each for units, people and memberships."""
    return [
        _("Units: %(created)d created, %(updated)d changed, %(deactivated)d deactivated.")
        % {
            "created": result.units_created,
            "updated": result.units_updated,
            "deactivated": result.units_deactivated,
        },
        _("People: %(created)d created, %(updated)d changed, %(deactivated)d deactivated.")
        % {
            "created": result.people_created,
            "updated": result.people_updated,
            "deactivated": result.people_deactivated,
        },
        _("Memberships: %(created)d created, %(deactivated)d deactivated.")
        % {
            "created": result.memberships_created,
            "deactivated": result.memberships_deactivated,
        },
    ]


def errors_line(count: int) -> str:
    return ngettext(
        "%(count)d error in the files; nothing was changed.",
        "%(count)d errors in the files; nothing was changed.",
        count,
    ) % {"count": count}


def warnings_line(count: int) -> str:
    return ngettext("%(count)d warning.", "%(count)d warnings.", count) % {"count": count}
