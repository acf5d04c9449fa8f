"""Bokmål, nynorsk and English: the municipality's standard, each person's own choice
(kept in their profile, used for their pages and their e-mails), Django's own strings and
date formats in nynorsk, and categories named in the reader's language."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import formats, translation

from avvik.models import Category
from cases import services
from orgchart.models import Notification
from tests.cases.workflow import open_case
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

BASE_DIR = Path(settings.BASE_DIR)


def _lang_of(page: str) -> str:
    return page.split('<html lang="', 1)[1].split('"', 1)[0]


def test_the_language_switch_offers_bokmal_nynorsk_and_english(client):
    page = client.get(reverse("login")).content.decode()
    for code in ("nb", "nn", "en"):
        assert f'<option value="{code}"' in page


def test_pages_follow_the_municipalitys_standard_when_nobody_chose(client, settings):
    settings.LANGUAGE_CODE = "nn"
    assert _lang_of(client.get(reverse("login")).content.decode()) == "nn"


def test_a_persons_own_language_is_used_for_their_pages_on_any_device(client):
    person = UserFactory(language="en")
    client.force_login(person)
    assert _lang_of(client.get(reverse("home")).content.decode()) == "en"


def test_the_language_switch_keeps_the_choice_in_the_profile(client):
    person = UserFactory()
    client.force_login(person)
    response = client.post(reverse("set_language"), {"language": "nn", "next": "/"})
    assert response.status_code == 302
    person.refresh_from_db()
    assert person.language == "nn"
    client.cookies.clear()
    client.force_login(person)
    assert _lang_of(client.get(reverse("home")).content.decode()) == "nn"


def test_the_language_is_chosen_on_the_settings_page(client):
    person = UserFactory()
    client.force_login(person)
    response = client.post(
        reverse("orgchart:notification_settings"),
        {"language": "en", "notification_mode": "immediate"},
    )
    assert response.status_code == 302
    person.refresh_from_db()
    assert person.language == "en"


@pytest.mark.parametrize("value", ["en", "sv", "nb-no"])
def test_the_municipalitys_standard_must_be_bokmal_or_nynorsk(value):
    env = {**os.environ, "LANGUAGE_CODE": value, "DJANGO_SETTINGS_MODULE": "avvik.settings"}
    result = subprocess.run(
        [sys.executable, "-c", "import django; django.setup()"],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
    )
    assert result.returncode != 0
    assert "LANGUAGE_CODE must be nb (bokmål) or nn (nynorsk)" in result.stderr


def test_each_recipient_gets_the_e_mail_in_their_own_language(
    org, mailoutbox, django_capture_on_commit_callbacks
):
    org.leader.language = "en"
    org.leader.save(update_fields=["language"])
    org.reporter.language = "nb"
    org.reporter.save(update_fields=["language"])
    with django_capture_on_commit_callbacks(execute=True):
        case = open_case(org)
    with django_capture_on_commit_callbacks(execute=True):
        services.acknowledge(case, by=org.leader)

    by_recipient = {message.to[0]: message for message in mailoutbox}
    to_leader, to_reporter = by_recipient[org.leader.email], by_recipient[org.reporter.email]
    ref = case.deviation.reference
    assert to_leader.subject == f"New deviation {ref}: Glatt gulv ved inngangen"
    assert ref in to_reporter.subject and "Your deviation" not in to_reporter.subject


def test_a_notice_is_read_in_the_readers_language_of_today(client, org):
    case = open_case(org)
    notice = Notification.objects.get(recipient=org.leader)
    assert notice.subject == "" and notice.context["case"] == case.pk
    client.force_login(org.leader)
    for language, words in (("en", "New deviation"), ("nb", "Nytt avvik")):
        org.leader.language = language
        org.leader.save(update_fields=["language"])
        page = client.get(reverse("orgchart:notifications")).content.decode()
        assert f"{words} {case.deviation.reference}" in page


def test_djangos_own_strings_and_dates_come_in_nynorsk():
    with translation.override("nn"):
        assert translation.gettext("Log out") == "Logg ut"
        assert formats.date_format(date(2026, 12, 10), "DATE_FORMAT") == "10. desember 2026"


def test_a_category_is_named_in_the_readers_language_or_else_the_municipalitys(settings):
    category = Category.objects.create(
        code="glatt", name_nb="Glatt føre", name_nn="Glatt føre (nn)", name_en=""
    )
    settings.LANGUAGE_CODE = "nn"
    with translation.override("en"):
        assert category.name == "Glatt føre (nn)"
    with translation.override("nb"):
        assert category.name == "Glatt føre"
    category.name_nn = ""
    with translation.override("nn"):
        assert category.name == "Glatt føre"


def test_the_default_categories_have_nynorsk_and_english_names():
    category = Category.objects.get(code="miljoutslipp")
    assert (category.name_nb, category.name_nn) == ("Miljøutslipp", "Miljøutslepp")
    with translation.override("en"):
        assert category.name == "Discharge to the environment"


@pytest.mark.parametrize("language", ["nb", "nn"])
def test_the_project_supplies_djangos_strings_that_django_lacks(language):
    """Django 5.2 ships these without bokmål or nynorsk (see avvik/django_strings.py)."""
    with translation.override(language):
        assert translation.gettext("Password-based authentication") == "Innlogging med passord"
        too_short = translation.ngettext(
            "This password is too short. It must contain at least %d character.",
            "This password is too short. It must contain at least %d characters.",
            8,
        )
        assert too_short.startswith("Passordet er for kort.")


def test_an_e_mail_is_written_when_it_is_sent_in_the_language_chosen_by_then(
    org, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as queued:
        case = open_case(org)
    org.leader.language = "en"
    org.leader.save(update_fields=["language"])
    for callback in queued:
        callback()
    (to_leader,) = [m for m in mailoutbox if m.to == [org.leader.email]]
    assert to_leader.subject.startswith(f"New deviation {case.deviation.reference}")
    assert "You are responsible for handling it." in to_leader.body


def test_the_daily_digest_lists_the_notices_in_the_recipients_language(org, mailoutbox):
    from orgchart.notifications import send_daily_digests

    org.leader.notification_mode = "digest"
    org.leader.language = "en"
    org.leader.save(update_fields=["notification_mode", "language"])
    case = open_case(org)
    assert send_daily_digests() >= 1
    (digest,) = [m for m in mailoutbox if m.to == [org.leader.email]]
    assert f"New deviation {case.deviation.reference}" in digest.body
    assert "Nytt avvik" not in digest.body


def test_severities_are_named_as_the_administrators_worded_them_in_each_language():
    from avvik import severity_names
    from avvik.models import SeverityName

    with translation.override("nn"):
        assert severity_names.severity_name("high") == "Høg"
        assert severity_names.severity_help("low").startswith("Liten eller ingen skade")
    row = SeverityName.objects.get(severity="high")
    original = row.name_en
    row.name_en = ""
    row.save()
    try:
        with translation.override("en"):
            # Not worded in English: the municipality's language.
            assert severity_names.severity_name("high") == "Høy"
    finally:
        row.name_en = original
        row.save()
        severity_names.load()
