"""The HR import from the admin: an HMS administrator uploads the two CSV files, checks
them and imports them, without the command line.

The same ``import_orgchart`` as ``manage.py import_orgchart`` does the work, so the files
are checked in full before anything is written, and the page shows what the command
prints: every error and warning with its file and line, and what changed."""

from __future__ import annotations

import io
import secrets
from dataclasses import dataclass, field

from django import forms
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.template.response import TemplateResponse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from orgchart.importing import ImportResult, InvalidOrgchart, Problem, import_orgchart
from orgchart.importing.parse import PEOPLE_COLUMNS, PEOPLE_OPTIONAL, UNIT_COLUMNS, UNIT_OPTIONAL
from orgchart.importing.report import errors_line, summary_lines, warnings_line

# 50,000 people are some 4 MB of CSV.
MAX_FILE_BYTES = 25 * 1024 * 1024
# How long files that passed the check wait for "Import these files". They hold people's
# names and addresses, so not long, and they are removed once imported.
KEEP_CHECKED_SECONDS = 30 * 60
# What the import writes: whoever may import may also make and change each by hand.
IMPORT_PERMISSIONS = tuple(
    f"orgchart.{action}_{model}"
    for model in ("orgunit", "user", "membership")
    for action in ("add", "change")
)


class HrFilesForm(forms.Form):
    units_file = forms.FileField(label=_("Units (CSV)"))
    people_file = forms.FileField(label=_("People (CSV)"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, columns, optional in (
            ("units_file", UNIT_COLUMNS, UNIT_OPTIONAL),
            ("people_file", PEOPLE_COLUMNS, PEOPLE_OPTIONAL),
        ):
            self.fields[name].help_text = gettext(
                "Columns: %(columns)s. May be left out (what is set here is then kept): "
                "%(optional)s."
            ) % {
                "columns": ", ".join(columns),
                "optional": ", ".join(
                    # Those that may go without another column in their place.
                    column
                    for column in columns
                    if column in optional and optional[column] is None
                ),
            }
        self.fields["people_file"].help_text += " " + gettext(
            'Instead of first_name and last_name, one name column ("Nordmann, Ola" or '
            '"Ola Nordmann").'
        )

    def _checked(self, name: str):
        upload = self.cleaned_data[name]
        if upload.size > MAX_FILE_BYTES:
            raise forms.ValidationError(
                _("The file is %(size).1f MB; an HR file may be at most %(limit)d MB."),
                params={"size": upload.size / 1024 / 1024, "limit": MAX_FILE_BYTES // 1024**2},
            )
        return upload

    def clean_units_file(self):
        return self._checked("units_file")

    def clean_people_file(self):
        return self._checked("people_file")


@dataclass
class Outcome:
    """What one run found and did, for the page, in the words the command uses."""

    dry_run: bool
    errors: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    result: ImportResult | None = None
    # Under which the checked files are kept for "Import these files".
    token: str = ""

    @property
    def summary(self) -> list[str]:
        return summary_lines(self.result) if self.result else []

    @property
    def errors_line(self) -> str:
        return errors_line(len(self.errors))

    @property
    def warnings_line(self) -> str:
        return warnings_line(len(self.warnings))


def _kept_key(user, token: str) -> str:
    return f"hr-upload:{user.pk}:{token}"


def _run(units, people, *, dry_run: bool) -> Outcome:
    try:
        result = import_orgchart(units, people, dry_run=dry_run)
    except InvalidOrgchart as invalid:
        return Outcome(dry_run, errors=invalid.errors, warnings=invalid.warnings)
    return Outcome(dry_run, warnings=result.warnings, result=result)


def run_import(form: HrFilesForm, *, dry_run: bool, by) -> Outcome:
    """Check (``dry_run``) or import the form's two files. Files that pass the check are
    kept for ``by`` for a while, so that "Import these files" needs no second upload."""
    units, people = form.cleaned_data["units_file"], form.cleaned_data["people_file"]
    kept = [(upload.name, upload.read()) for upload in (units, people)]
    outcome = _run(*(_named(*file) for file in kept), dry_run=dry_run)
    if dry_run and not outcome.errors:
        outcome.token = secrets.token_urlsafe(16)
        cache.set(_kept_key(by, outcome.token), kept, KEEP_CHECKED_SECONDS)
    return outcome


def import_checked(token: str, *, by) -> Outcome | None:
    """Import the files ``by`` checked under ``token``; None when they are no longer kept
    (too long ago, already imported, or the cache was emptied)."""
    key = _kept_key(by, token)
    kept = cache.get(key)
    if not kept:
        return None
    outcome = _run(*(_named(*file) for file in kept), dry_run=False)
    cache.delete(key)
    return outcome


def _named(name: str, content: bytes) -> io.BytesIO:
    # The import names each problem by the file's own name.
    file = io.BytesIO(content)
    file.name = name
    return file


def import_view(request, model_admin):
    """The admin page (``admin:orgchart_orgunit_import``). "Check the files" runs the
    import and rolls it back; "Import" keeps it; "Import these files" imports the files
    just checked."""
    if not request.user.has_perms(IMPORT_PERMISSIONS):
        raise PermissionDenied
    outcome, gone = None, False
    form = HrFilesForm()
    if request.method == "POST" and "checked" in request.POST:
        outcome = import_checked(request.POST["checked"], by=request.user)
        gone = outcome is None
    elif request.method == "POST":
        form = HrFilesForm(request.POST, request.FILES)
        if form.is_valid():
            outcome = run_import(form, dry_run="import" not in request.POST, by=request.user)
    context = {
        **model_admin.admin_site.each_context(request),
        "opts": model_admin.model._meta,
        "title": _("Import from HR"),
        "form": form,
        "outcome": outcome,
        "gone": gone,
    }
    status = 400 if outcome and outcome.errors else 200
    return TemplateResponse(request, "admin/orgchart/orgunit/import.html", context, status=status)
