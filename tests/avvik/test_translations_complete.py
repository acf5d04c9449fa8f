"""Every msgid the project uses has a translation in bokmål, nynorsk and English, none of
them fuzzy, and the compiled catalogues are those translations.

The msgids are English, and the English catalogue is the msgids themselves: ``make
messages`` copies a new msgid into its English msgstr (``msgen``). English wording is
changed in the code, so that a msgid written in Norwegian shows as an English "translation"
that differs from it.

The msgids in use are found as ``make messages`` finds them: ``makemessages`` runs on a
copy of the project, so the catalogues in the tree are not changed by the test."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import polib
import pytest
from django.conf import settings

from tests.conftest import IN_CI

LANGUAGES = ("nb", "nn", "en")
# Every app of the project (a new one counts at once), the templates and the catalogues.
NOT_SOURCES = {"tests", "bench", "static", "staticfiles", "node_modules", "var", "bin"}


def _sources(base: Path) -> list[Path]:
    return [base / "manage.py"] + [
        path
        for path in sorted(base.iterdir())
        if path.is_dir()
        and not path.name.startswith(".")
        and path.name not in NOT_SOURCES
        and ((path / "__init__.py").exists() or path.name in {"templates", "locale"})
    ]


@pytest.fixture(scope="module")
def fresh_catalogues(tmp_path_factory) -> Path:
    """The tree's catalogues merged with the msgids the code uses today."""
    if not shutil.which("msgmerge") and not IN_CI:
        pytest.skip("needs gettext (msgmerge)")
    base = Path(settings.BASE_DIR)
    root = tmp_path_factory.mktemp("project")
    for source in _sources(base):
        if source.is_dir():
            shutil.copytree(
                source, root / source.name, ignore=shutil.ignore_patterns("__pycache__")
            )
        else:
            shutil.copy2(source, root / source.name)
    env = {
        **os.environ,
        "AVVIK_VAR_DIR": str(root / "var"),
        "DATABASE_URL": f"sqlite:///{root / 'var' / 'unused.sqlite3'}",
        "SECRET_KEY": "only-for-makemessages",
        "LANGUAGE_CODE": "nb",
    }
    command = [sys.executable, "manage.py", "makemessages", "--no-location"]
    command += [arg for code in LANGUAGES for arg in ("-l", code)]
    command += ["--ignore", "var/*"]
    subprocess.run(command, cwd=root, env=env, check=True, capture_output=True)
    return root / "locale"


def _catalogue(locale: Path, code: str) -> polib.POFile:
    return polib.pofile(str(locale / code / "LC_MESSAGES" / "django.po"))


def _describe(entries) -> str:
    return "\n".join(f"  {entry.msgid!r}" for entry in entries[:40]) + (
        f"\n  … and {len(entries) - 40} more" if len(entries) > 40 else ""
    )


@pytest.mark.parametrize("code", LANGUAGES)
def test_every_msgid_has_a_translation_that_is_not_fuzzy(fresh_catalogues, code):
    catalogue = _catalogue(fresh_catalogues, code)
    missing = [e for e in catalogue if not e.obsolete and not e.translated()]
    fuzzy = [e for e in catalogue if not e.obsolete and "fuzzy" in e.flags]
    assert not missing, f"{len(missing)} msgid(s) without a {code} translation:\n" + _describe(
        missing
    )
    assert not fuzzy, f"{len(fuzzy)} fuzzy {code} translation(s):\n" + _describe(fuzzy)


def test_the_msgids_are_the_english_text():
    """A msgid in Norwegian (as the HR import's messages once were) has an English msgstr
    that differs from it: the code would then speak Norwegian to a translator's tools and
    to any language the catalogues do not cover."""
    tree = Path(settings.BASE_DIR) / "locale"
    different = [
        entry
        for entry in _catalogue(tree, "en")
        if not entry.obsolete
        and (
            (entry.msgstr_plural.get(0), entry.msgstr_plural.get(1))
            != (entry.msgid, entry.msgid_plural)
            if entry.msgid_plural
            else entry.msgstr != entry.msgid
        )
    ]
    assert not different, f"{len(different)} msgid(s) not in English:\n" + _describe(different)


@pytest.mark.parametrize("code", LANGUAGES)
def test_the_catalogue_in_the_tree_is_up_to_date_with_the_code(fresh_catalogues, code):
    """`make messages` was run after the last change of a user-visible string."""
    used = {(e.msgctxt, e.msgid) for e in _catalogue(fresh_catalogues, code) if not e.obsolete}
    tree = Path(settings.BASE_DIR) / "locale"
    kept = {(e.msgctxt, e.msgid) for e in _catalogue(tree, code) if not e.obsolete}
    assert sorted(used - kept, key=str) == [], "run `make messages`"


@pytest.mark.parametrize("code", LANGUAGES)
def test_the_compiled_catalogue_holds_the_translations(code):
    folder = Path(settings.BASE_DIR) / "locale" / code / "LC_MESSAGES"
    if not (folder / "django.po").exists():
        pytest.fail(f"locale/{code}/LC_MESSAGES/django.po is missing")
    written = {
        (e.msgctxt, e.msgid): e.msgstr or e.msgstr_plural.get(0, "")
        for e in polib.pofile(str(folder / "django.po"))
        if e.translated() and not e.obsolete
    }
    compiled = {
        (e.msgctxt, e.msgid): e.msgstr or e.msgstr_plural.get(0, "")
        for e in polib.mofile(str(folder / "django.mo"))
        if e.msgid
    }
    assert written == compiled, "run `make messages` (compilemessages)"
