"""Reading an HR export into rows keyed by column name.

HR systems and spreadsheets write CSV in many dialects. This module absorbs the quirks
(encoding, byte order mark, separator, line endings, header spelling, column order, blank
lines, stray whitespace, a title above the header and a sum below the rows) so that the
parsers above it see one shape: a list of ``(line number, {column: value})``. It never
touches the database.
"""

from __future__ import annotations

import codecs
import csv
import io
import os
import re
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

# A file path, CSV text (a ``str`` with a line break in it), raw bytes, or an open file
# in text or binary mode. The management command passes paths; ``seed_demo`` and the
# tests pass text.
Source = str | os.PathLike | bytes | IO[str] | IO[bytes]

# Separators a Norwegian HR export may use: Excel writes ";" where the decimal mark is ",".
SEPARATORS = (";", ",", "\t")
# How many lines (a title, a date, a blank) an export may have above its header.
LINES_BEFORE_HEADER = 10
# A line at the end with at most this many values is a report's footer ("Sum: 523",
# "Antall rader: 523"), not a row.
VALUES_IN_A_FOOTER = 1
# The first bytes of an .xlsx or .ods (a zip archive) and of an old .xls (an OLE file): an
# administrator who picks the workbook instead of its CSV export should be told so, not
# shown a header of binary noise.
SPREADSHEET_SIGNATURES = (b"PK\x03\x04", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1")
# More problems of one kind than this are shown as the first ones and how many more.
PROBLEMS_LISTED = 10


@dataclass(frozen=True)
class Problem:
    """One error or warning, tied to a file and (when there is one) a line."""

    file: str
    line: int | None
    message: str

    def __str__(self) -> str:
        if self.line is None:
            return f"{self.file}: {self.message}"
        return f"{self.file}:{self.line}: {self.message}"


@dataclass
class Table:
    """The data rows of one CSV file, with the problems found while reading it."""

    name: str
    header_line: int = 1
    # The columns the header has.
    columns: frozenset[str] = frozenset()
    rows: list[tuple[int, dict[str, str]]] = field(default_factory=list)
    errors: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)

    @property
    def readable(self) -> bool:
        """Whether the header could be matched, so the rows mean something."""
        return bool(self.rows) or not self.errors


def listed(file: str, problems: list[Problem]) -> list[Problem]:
    """The first few of many problems of one kind, and a line saying how many more: an
    export where half the staff have no work e-mail, or that a spreadsheet stripped of
    its zeros, should not list 20,000 lines."""
    if len(problems) <= PROBLEMS_LISTED:
        return problems
    more = len(problems) - PROBLEMS_LISTED
    message = ngettext(
        "… and %(count)d more line like these", "… and %(count)d more lines like these", more
    )
    return [*problems[:PROBLEMS_LISTED], Problem(file, None, message % {"count": more})]


def header_key(name: str) -> str:
    """The comparable form of a column name: "Unit Code", "unit_code" and "UNIT-CODE"
    are all the same column."""
    return re.sub(r"[\W_]+", "", name.replace("\ufeff", "")).casefold()


def read_text(source: Source, default_name: str) -> tuple[str, str | None, list[Problem]]:
    """Return ``(file name, text, warnings)``; ``text`` is ``None`` when the file cannot
    be opened (the warnings then hold the error)."""
    name = default_name
    if isinstance(source, str) and ("\n" in source or "\r" in source):
        return name, source.removeprefix("\ufeff"), []
    if isinstance(source, bytes):
        raw: bytes | str = source
    elif isinstance(source, str | os.PathLike):
        name = Path(source).name
        try:
            raw = Path(source).read_bytes()
        except OSError as exc:
            message = _("cannot read the file: %(reason)s") % {"reason": exc.strerror or exc}
            return name, None, [Problem(name, None, message)]
    else:
        file_name = getattr(source, "name", None)
        if isinstance(file_name, str) and file_name:
            name = Path(file_name).name
        raw = source.read()
    if isinstance(raw, str):
        return name, raw.removeprefix("\ufeff"), []
    if raw.startswith(SPREADSHEET_SIGNATURES):
        message = _(
            "this is a spreadsheet (Excel) file, not CSV: open it in Excel and save it "
            'with "Save as" → "CSV UTF-8"'
        )
        return name, None, [Problem(name, None, message)]
    text, warnings = _decode(raw, name)
    return name, text, warnings


def _decode(raw: bytes, name: str) -> tuple[str, list[Problem]]:
    """UTF-8 (with or without BOM) as the format says; UTF-16 when a BOM says so (Excel's
    "Unicode text"); otherwise Windows-1252, which is what older HR systems and Excel on
    Windows write, with a warning so that the administrator checks æ, ø and å."""
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return raw.decode("utf-16"), []
    raw = raw.removeprefix(codecs.BOM_UTF8)
    try:
        return raw.decode("utf-8"), []
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
    message = _(
        "the file is not valid UTF-8 (first invalid character on line %(line)d); reading it as "
        "Windows-1252 – check that æ, ø and å look right"
    ) % {"line": line}
    try:
        text = raw.decode("cp1252")
    except UnicodeDecodeError:
        # Five byte values are undefined in Windows-1252; Latin-1 maps every byte.
        text = raw.decode("latin-1")
    return text, [Problem(name, None, message)]


def _layout(text: str, wanted: Collection[str]) -> tuple[str, int, bool]:
    """The separator, how many non-empty lines come before the header, and whether the
    first of them is Excel's ``sep=;`` line, which names the separator.

    The header is the line, among the first few, that names the most wanted columns when
    split by a separator: a report exported from an HR system may start with a title or a
    date above it. When no line names any, the first line is taken as the header (the
    separator then being the candidate it holds most of), and its check reports what is
    missing."""
    # As the reader counts them: a line of only separators (a spreadsheet's empty row) is
    # not one.
    lines = [line.strip() for line in text.splitlines() if line.strip(' \t;,"')]
    lines = lines[: LINES_BEFORE_HEADER + 1]
    named = bool(lines) and lines[0].casefold().startswith("sep=") and len(lines[0]) == 5
    separators = (lines[0][4],) if named else SEPARATORS
    best = (0, int(named), separators[0])
    for index, line in enumerate(lines[int(named) :], int(named)):
        for separator in separators:
            found = len({header_key(title) for title in line.split(separator)} & set(wanted))
            if found > best[0]:
                best = (found, index, separator)
    found, skip, separator = best
    if found or named or not lines:
        return separator, skip, named
    count, separator = max((lines[0].count(sep), sep) for sep in SEPARATORS)
    return (separator if count else ","), 0, False


def _clean(value: str) -> str:
    """Strip whitespace, and unwrap ``="00123"``: the formula spreadsheets are given to
    keep leading zeros."""
    value = value.strip()
    if value.startswith('="') and value.endswith('"') and len(value) >= 3:
        value = value[2:-1].strip()
    return value


def read_table(
    source: Source,
    default_name: str,
    columns: Sequence[str],
    aliases: Mapping[str, Sequence[str]] | None = None,
    may_lack: Mapping[str, str | None] | None = None,
) -> Table:
    """Read a CSV file whose header names ``columns`` (in any order, spelling or case),
    or the other names ``aliases`` gives a column.

    Unknown columns are ignored with a warning; missing or repeated columns are errors,
    and then no rows are returned. A column in ``may_lack`` may be left out, provided
    the column it names is there instead (``None``: none is needed).
    Each row maps every column the header has to its stripped value. Lines at the end
    that hold at most one value (a report's sum or footer) are skipped with a warning.
    """
    name, text, problems = read_text(source, default_name)
    table = Table(name=name)
    if text is None:
        table.errors.extend(problems)
        return table
    table.warnings.extend(problems)

    names = {**{column: () for column in columns}, **(aliases or {})}
    wanted = {header_key(name) for column, others in names.items() for name in (column, *others)}
    separator, skip, named = _layout(text, wanted)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=separator)
    positions: dict[str, int] | None = None
    width = 0
    records: list[tuple[int, list[str]]] = []
    end_of_previous = 0
    try:
        for record in reader:
            # csv counts physical lines; a quoted field may span several, and the line a
            # person looks for in the editor is the one where the record starts.
            line = end_of_previous + 1
            end_of_previous = reader.line_num
            values = [_clean(value) for value in record]
            if not any(values):
                continue
            if skip:
                if not named:
                    table.warnings.append(
                        Problem(
                            name,
                            line,
                            _("the line above the header is skipped: %(text)s")
                            % {"text": separator.join(values)},
                        )
                    )
                skip, named = skip - 1, False
                continue
            if positions is None:
                table.header_line = line
                positions = _match_header(values, columns, aliases or {}, may_lack or {}, table)
                if positions is None:
                    return table
                width = len(values)
                continue
            records.append((line, values))
    except csv.Error as exc:
        table.errors.append(
            Problem(name, reader.line_num, _("invalid CSV: %(reason)s") % {"reason": exc})
        )
        table.rows.clear()
        return table
    if positions is None:
        table.errors.append(Problem(name, 1, _("the file is empty (no header line)")))
        return table
    footer = len(records)
    while footer and sum(1 for value in records[footer - 1][1] if value) <= VALUES_IN_A_FOOTER:
        footer -= 1
    for line, values in records[footer:]:
        table.warnings.append(
            Problem(
                name,
                line,
                _("a line at the end is not a row (a sum or footer?) and is skipped: %(text)s")
                % {"text": " ".join(value for value in values if value)},
            )
        )
    del records[footer:]
    for line, values in records:
        row = _row(values, width, positions, line, table)
        if row is not None:
            table.rows.append((line, row))
    return table


def _match_header(
    header: list[str],
    columns: Sequence[str],
    aliases: Mapping[str, Sequence[str]],
    may_lack: Mapping[str, str | None],
    table: Table,
) -> dict[str, int] | None:
    """Each column's position in the header. A column's own name is its best match, then
    its aliases in their order: an export with both "Enhetskode" and "Enhet" reads the
    unit code from the first and ignores the second with a warning."""
    wanted = {
        header_key(name): (column, rank)
        for column in columns
        for rank, name in reversed(list(enumerate((column, *aliases.get(column, ())))))
    }
    best: dict[str, tuple[int, int]] = {}
    ignored: list[str] = []
    line = table.header_line
    for index, title in enumerate(header):
        if not title:
            # A trailing separator on every line gives a nameless last column.
            continue
        column, rank = wanted.get(header_key(title), (None, 0))
        if column is None:
            ignored.append(title)
        elif column not in best or rank < best[column][0]:
            if column in best:
                ignored.append(header[best[column][1]])
            best[column] = (rank, index)
        elif rank == best[column][0]:
            table.errors.append(
                Problem(
                    table.name,
                    line,
                    _("column '%(column)s' appears twice in the header") % {"column": column},
                )
            )
        else:
            ignored.append(title)
    positions = {column: index for column, (_rank, index) in best.items()}
    unknown = [
        Problem(table.name, line, _("unknown column '%(column)s' is ignored") % {"column": title})
        for title in ignored
    ]
    table.columns = frozenset(positions)
    missing = [
        column
        for column in columns
        if column not in positions
        and not (column in may_lack and (may_lack[column] is None or may_lack[column] in positions))
    ]
    if missing:
        table.errors.append(
            Problem(
                table.name,
                line,
                _("missing column(s): %(missing)s (the header has: %(found)s)")
                % {
                    "missing": ", ".join(missing),
                    "found": ", ".join(title for title in header if title) or "-",
                },
            )
        )
    if table.errors:
        # The message lists the header as found; a warning per column would only repeat it.
        return None
    table.warnings.extend(unknown)
    return positions


def _row(
    values: list[str], width: int, positions: dict[str, int], line: int, table: Table
) -> dict[str, str] | None:
    if len(values) > width and any(values[width:]):
        table.errors.append(
            Problem(
                table.name,
                line,
                _("the line has %(count)d fields, but the header has %(width)d")
                % {"count": len(values), "width": width},
            )
        )
        return None
    needed = max(positions.values()) + 1
    if len(values) < needed:
        table.errors.append(
            Problem(
                table.name,
                line,
                _("the line has %(count)d fields, but the header has %(width)d")
                % {"count": len(values), "width": width},
            )
        )
        return None
    return {column: values[index] for column, index in positions.items()}
