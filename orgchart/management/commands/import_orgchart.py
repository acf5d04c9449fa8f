"""``manage.py import_orgchart UNITS.csv PEOPLE.csv``: the HR export into the org chart."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from orgchart.importing import ImportResult, InvalidOrgchart, import_orgchart
from orgchart.importing.report import errors_line, summary_lines, warnings_line


class Command(BaseCommand):
    @property
    def help(self) -> str:
        return _(
            "Import the organisation from two CSV files from HR: units "
            "(unit_code, name, parent_code, leader_employee_id, deputy_employee_id, "
            "is_specialist_unit) and people (employee_id, first_name, last_name, email, "
            "unit_code, phone). Leaders, deputies, the specialist flag, e-mail and phone may "
            "be left out: each then keeps what it has. The files are checked in full before "
            "anything is saved."
        )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("units_file", type=Path, help=_("CSV file of units"))
        parser.add_argument("people_file", type=Path, help=_("CSV file of people"))
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help=_("check, and show what would change, without saving anything"),
        )

    def handle(self, *args, units_file: Path, people_file: Path, dry_run: bool, **options):
        show_warnings = options["verbosity"] >= 1
        try:
            result = import_orgchart(units_file, people_file, dry_run=dry_run)
        except InvalidOrgchart as invalid:
            if show_warnings:
                self._write_warnings(invalid.warnings)
            for error in invalid.errors:
                self.stderr.write(self.style.ERROR(str(error)))
            raise CommandError(errors_line(len(invalid.errors))) from None
        if show_warnings:
            self._write_warnings(result.warnings)
            self.stdout.write(self._summary(result, dry_run))

    def _write_warnings(self, warnings) -> None:
        for warning in warnings:
            line = warning.file if warning.line is None else f"{warning.file}:{warning.line}"
            self.stderr.write(
                self.style.WARNING(
                    _("%(where)s: warning: %(message)s")
                    % {"where": line, "message": warning.message}
                )
            )

    def _summary(self, result: ImportResult, dry_run: bool) -> str:
        lines = summary_lines(result)
        if result.warnings:
            lines.append(warnings_line(len(result.warnings)))
        if dry_run:
            lines.append(_("Dry run: nothing was saved."))
        return "\n".join(lines)
