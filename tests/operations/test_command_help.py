"""The operators' commands explain themselves in the language they run in."""

from __future__ import annotations

import pytest
from django.core.management import load_command_class
from django.utils import translation

COMMANDS = {
    ("orgchart", "import_orgchart"): ("Importerer organisasjonen", "CSV-fil med personer"),
    ("orgchart", "hms_admin"): ("Gjør en person til HMS-administrator", "ansattnummer"),
    ("avvik", "backup"): ("Tar sikkerhetskopi av databasen", "mappe sikkerhetskopien"),
    ("avvik", "restore"): ("Legger tilbake en sikkerhetskopi", "erstatt database og filer"),
}


@pytest.mark.parametrize("app, name", COMMANDS.keys(), ids=[name for _, name in COMMANDS])
def test_a_command_help_is_in_bokmal_by_default_and_english_on_request(app, name):
    command = load_command_class(app, name)
    with translation.override("nb"):
        bokmal = command.create_parser("manage.py", name).format_help()
    with translation.override("en"):
        english = command.create_parser("manage.py", name).format_help()

    for words in COMMANDS[(app, name)]:
        assert words in " ".join(bokmal.split())
    assert "Tar sikkerhetskopi" not in english
    assert "Importerer" not in english
    assert bokmal != english
