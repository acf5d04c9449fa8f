"""People by role, and the rules that keep PostgreSQL, Redis and browser tests honest.

Tests that need PostgreSQL, Redis or Chromium carry a marker. On a machine without them
they are skipped, so a newcomer still gets a green run; with ``CI=true`` nothing may be
skipped, and a run with any skipped test fails.
"""

from __future__ import annotations

import os
import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.db import connection

from tests.factories import (
    CommitteeFactory,
    MembershipFactory,
    OrgUnitFactory,
    SafetyRepresentativeFactory,
    UserFactory,
    make_hms_admin,
)

IN_CI = os.environ.get("CI", "").lower() in {"1", "true", "yes"}


def _why_not_available(marker: str) -> str | None:
    if marker == "postgres":
        from django.conf import settings

        engine = settings.DATABASES["default"]["ENGINE"]
        if "postgresql" not in engine:
            return "needs PostgreSQL: set DATABASE_URL=postgres://..."
    if marker == "redis":
        from django.conf import settings

        if not settings.REDIS_URL:
            return "needs Redis: set REDIS_URL=redis://..."
    if marker == "browser":
        if not shutil.which(os.environ.get("CHROMIUM", "/usr/bin/chromium")):
            return "needs Chromium at /usr/bin/chromium"
    return None


def pytest_collection_modifyitems(config, items):
    for item in items:
        for marker in ("postgres", "redis", "browser"):
            if item.get_closest_marker(marker):
                reason = _why_not_available(marker)
                if reason:
                    item.add_marker(pytest.mark.skip(reason=reason))


def pytest_sessionfinish(session, exitstatus):
    """In CI a skipped test is a failed run: the real services must have been used."""
    if not IN_CI:
        return
    reporter = session.config.pluginmanager.get_plugin("terminalreporter")
    skipped = len(reporter.stats.get("skipped", [])) if reporter else 0
    if skipped:
        reporter.write_line(
            f"CI=true: {skipped} test(s) were skipped; that fails the run.", red=True
        )
        session.exitstatus = pytest.ExitCode.TESTS_FAILED


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    if not (Path(settings.STATIC_ROOT) / "staticfiles.json").exists():
        # A bare `pytest` before `make test` ran collectstatic: serve static files
        # unhashed rather than fail every page on the missing manifest.
        settings.STORAGES = {
            **settings.STORAGES,
            "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
        }
    settings.MEDIA_ROOT = tmp_path / "media"
    # Each test counts logins and reset e-mails from zero (orgchart.throttling).
    settings.CACHES = {
        **settings.CACHES,
        "throttle": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": f"throttle-{tmp_path.name}",
        },
    }
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    # The test client and live server speak plain HTTP; production keeps HTTPS on
    # (see tests/test_deploy_settings.py).
    settings.SECURE_SSL_REDIRECT = False
    settings.SESSION_COOKIE_SECURE = False
    settings.CSRF_COOKIE_SECURE = False
    # Figures computed afresh, so tests that change data see the change at once.
    settings.STATISTICS_CACHE_SECONDS = 0
    # Real hashing costs a quarter second per person; the tests make hundreds.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _kept_rows_read(request):
    """The severities' names and the deadlines are read once per process
    (avvik.kept_rows): read them before a test counts its queries, not during, and
    forget what a test read again inside its rolled-back transaction (after it changed
    them, or told the process they changed elsewhere)."""
    from avvik.kept_rows import KeptRows

    uses_db = request.node.get_closest_marker("django_db") or {
        "db",
        "transactional_db",
    } & set(request.fixturenames)
    unread = [kept for kept in KeptRows.every if not kept.is_loaded()]
    if unread and uses_db:
        request.getfixturevalue("django_db_setup")
        with request.getfixturevalue("django_db_blocker").unblock():
            for kept in unread:
                kept.load()
    reads = {kept: kept.reads for kept in KeptRows.every}
    yield
    for kept in KeptRows.every:
        if kept.reads != reads[kept]:
            kept.forget()


@pytest.fixture(autouse=True)
def _tasks_run_in_process():
    """Queued tasks run in the test process when their transaction commits; tests that
    need a real worker turn this off."""
    from avvik.celery import app

    app.conf.task_always_eager = True
    app.conf.task_eager_propagates = True
    yield
    app.conf.task_always_eager = False


@dataclass
class Org:
    """A small municipality with every role the permission rules talk about.

    kommune (rådmann)
    └── sektor Helse og omsorg (higher_leader)
        ├── enhet Solsiden sykehjem (leader)       ← safety_rep covers it
        │   └── avdeling Skjermet (vacant)         ← reporter works here
        └── enhet Hjemmetjenesten (sibling_leader)
    └── Eiendom (specialist unit, specialist is a member)
    AMU covers the whole kommune (amu_member).
    """

    kommune: object
    sector: object
    unit: object
    department: object
    sibling_unit: object
    specialist_unit: object
    top_leader: object
    higher_leader: object
    leader: object
    sibling_leader: object
    reporter: object
    colleague: object
    specialist: object
    safety_rep: object
    amu_member: object
    outsider: object
    hms_admin: object
    committee: object


@pytest.fixture
def org(db) -> Org:
    top_leader = UserFactory(username="radmann", first_name="Rita", last_name="Rådmann")
    higher_leader = UserFactory(username="sektorleder", first_name="Sara", last_name="Sektor")
    leader = UserFactory(username="leder", first_name="Lars", last_name="Leder")
    sibling_leader = UserFactory(username="naboleder", first_name="Nina", last_name="Nabo")
    reporter = UserFactory(username="ansatt", first_name="Åse", last_name="Ansatt")
    colleague = UserFactory(username="kollega", first_name="Kari", last_name="Kollega")
    specialist = UserFactory(username="eiendom", first_name="Per", last_name="Vaktmester")
    safety_rep = UserFactory(username="verneombud", first_name="Vera", last_name="Verneombud")
    amu_member = UserFactory(username="amu", first_name="Arne", last_name="Amu")
    outsider = UserFactory(username="utenfor", first_name="Ola", last_name="Utenfor")
    hms_admin = make_hms_admin(UserFactory(username="hmsadmin", first_name="Hilde"))

    kommune = OrgUnitFactory(code="K", name="Eksempel kommune", leader=top_leader)
    sector = OrgUnitFactory(code="HO", name="Helse og omsorg", parent=kommune, leader=higher_leader)
    unit = OrgUnitFactory(code="SOL", name="Solsiden sykehjem", parent=sector, leader=leader)
    department = OrgUnitFactory(code="SOL-SK", name="Skjermet avdeling", parent=unit)
    sibling_unit = OrgUnitFactory(
        code="HJT", name="Hjemmetjenesten", parent=sector, leader=sibling_leader
    )
    specialist_unit = OrgUnitFactory(
        code="EIE", name="Eiendom", parent=kommune, is_specialist_unit=True
    )
    for person, where in [
        (top_leader, kommune),
        (higher_leader, sector),
        (leader, unit),
        (sibling_leader, sibling_unit),
        (reporter, department),
        (colleague, department),
        (specialist, specialist_unit),
        (safety_rep, unit),
        (amu_member, kommune),
    ]:
        MembershipFactory(user=person, unit=where)
    SafetyRepresentativeFactory(user=safety_rep, units=[unit])
    committee = CommitteeFactory(name="Sentralt AMU", unit=kommune, members=[amu_member])
    return Org(
        kommune=kommune,
        sector=sector,
        unit=unit,
        department=department,
        sibling_unit=sibling_unit,
        specialist_unit=specialist_unit,
        top_leader=top_leader,
        higher_leader=higher_leader,
        leader=leader,
        sibling_leader=sibling_leader,
        reporter=reporter,
        colleague=colleague,
        specialist=specialist,
        safety_rep=safety_rep,
        amu_member=amu_member,
        outsider=outsider,
        hms_admin=hms_admin,
        committee=committee,
    )


@pytest.fixture
def on_postgres() -> bool:
    return connection.vendor == "postgresql"
