"""Every page, the e-mails and the PDFs of one case taken through its handling, in
bokmål, nynorsk and English, hold none of the words that betray the wrong language:
bokmål-only forms on a nynorsk page, nynorsk-only forms on a bokmål page, English words
left untranslated on a Norwegian page, and Norwegian letters on an English page. Names
and what people wrote are left out of the check: they are shown as written.

(With the nynorsk catalogue still empty, a nynorsk page falls back to English and fails
on the English words: that is the point.)"""

from __future__ import annotations

import io
import re
from datetime import timedelta
from html.parser import HTMLParser

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from avvik.models import Category, Deviation
from cases import services
from cases.models import Action, CaseEvent, RiskAssessment
from orgchart.models import Committee, Notification, OrgUnit, User
from orgchart.notifications import written
from reports.documents import committee_summary_pdf
from reports.periods import period_containing
from tests.cases.workflow import assess, due

pytestmark = pytest.mark.django_db

# Whole words, compared in lower case.
BETRAYING = {
    "nn": {
        # bokmål forms a nynorsk writer would not use
        "ikke",
        "hvordan",
        "hva",
        "hvem",
        "hvis",
        "hvor",
        "leder",
        "lederen",
        "ledere",
        "utvalg",
        "utvalget",
        "bare",
        "fremdeles",
        "enhet",
        "enheten",
        "enheter",
        "noen",
        "verneombud",
        "tjenestelinjen",
        "meldingen",
        "jeg",
        "dere",
        "deres",
        "mye",
        # English left untranslated
        "the",
        "and",
        "your",
        "with",
        "deviation",
        "deviations",
        "case",
        "cases",
    },
    "nb": {
        # nynorsk forms
        "ikkje",
        "korleis",
        "kva",
        "kven",
        "leiar",
        "leiaren",
        "leiarar",
        "utval",
        "berre",
        "framleis",
        "eining",
        "eininga",
        "nokon",
        "verneombod",
        "tenestelinja",
        "eg",
        "dykk",
        "dykkar",
        "ein",
        "eit",
        # English left untranslated
        "the",
        "and",
        "your",
        "with",
        "deviation",
        "deviations",
        "case",
        "cases",
    },
}
NORWEGIAN_LETTERS = re.compile(r"[æøåÆØÅ]")
# The language switch names each language in its own language.
LANGUAGE_NAMES = [
    *("norsk (bokmål)", "norsk (nynorsk)", "Norsk (bokmål)", "Norsk (nynorsk)", "bokmål")
]
SHOWN_ATTRIBUTES = {"placeholder", "title", "aria-label", "alt"}


class _Text(HTMLParser):
    """The text a reader sees or hears: element text and the labelling attributes."""

    def __init__(self):
        super().__init__()
        self.parts: list[str] = []
        self._hidden = 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style"):
            self._hidden += 1
        attrs = dict(attrs)
        self.parts += [value for name, value in attrs.items() if name in SHOWN_ATTRIBUTES and value]
        if tag == "input" and attrs.get("type") in ("submit", "button") and attrs.get("value"):
            self.parts.append(attrs["value"])

    def handle_endtag(self, tag):
        if tag in ("script", "style"):
            self._hidden -= 1

    def handle_data(self, data):
        if not self._hidden:
            self.parts.append(data)


def visible_text(html: str) -> str:
    parser = _Text()
    parser.feed(html)
    return "\n".join(parser.parts)


def pdf_text(content: bytes) -> str:
    return "\n".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(content)).pages)


def as_written() -> list[str]:
    """Names and what people wrote, longest first so that a name inside a text goes with
    the text."""
    texts: set[str] = set()
    for user in User.objects.all():
        texts |= {user.get_full_name(), user.first_name, user.last_name, user.username}
    texts |= set(OrgUnit.objects.values_list("name", flat=True))
    texts |= set(Committee.objects.values_list("name", flat=True))
    for deviation in Deviation.objects.all():
        texts |= {deviation.title, deviation.description, deviation.location, deviation.reference}
        texts |= {deviation.immediate_action, deviation.suggested_measure}
    texts |= set(Action.objects.values_list("description", flat=True))
    texts |= set(Action.objects.values_list("done_note", flat=True))
    texts |= set(RiskAssessment.objects.values_list("note", flat=True))
    for event in CaseEvent.objects.all():
        texts.add(event.message)
        texts |= {v for v in (event.data or {}).values() if isinstance(v, str)}
    # Django stores its permissions' names in English (the admin's user page lists them).
    texts |= set(Permission.objects.values_list("name", flat=True))
    texts |= set(LANGUAGE_NAMES)
    return sorted((t for t in texts if t and t.strip()), key=len, reverse=True)


# Addresses are the same in every language (their paths are bokmål words).
ADDRESS = re.compile(r"https?://\S+|/[\w\-/.?=&%]+")


def betraying(text: str, language: str, exempt: list[str]) -> list[str]:
    for written_text in exempt:
        text = text.replace(written_text, " ")
    text = ADDRESS.sub(" ", text)
    if language == "en":
        return sorted(
            {line.strip() for line in text.splitlines() if NORWEGIAN_LETTERS.search(line)}
        )
    words = set(re.findall(r"[a-zæøå]+", text.lower()))
    return sorted(words & BETRAYING[language])


@pytest.fixture
def handled(org, file_report, django_capture_on_commit_callbacks):
    """One case taken through most of its handling, with e-mails to most roles."""
    org.hms_admin.is_superuser = True  # every admin page, whatever the group grants
    org.hms_admin.save(update_fields=["is_superuser"])
    with django_capture_on_commit_callbacks(execute=True):
        case = file_report(title="Glatt gulv")
        services.acknowledge(case, by=org.leader)
        services.record_immediate_action(case, by=org.leader, description="Satte ut skilt")
        services.request_assistance(
            case, by=org.leader, specialist_unit=org.specialist_unit, message="Sjekk sluket"
        )
        action = services.add_corrective_action(
            case, by=org.leader, description="Nytt sluk", due_date=due(), assignee=org.colleague
        )
        assess(case, org.leader)
        services.comment(case, by=org.leader, text="Takk", visible_to_reporter=True)
        services.comment(case, by=org.safety_rep, text="Sett")
        services.add_information(case, by=org.reporter, text="Mer vatn")
        services.complete_action(action, by=org.colleague, note="Ferdig")
        services.put_on_hold(
            case, by=org.leader, until=timezone.localdate() + timedelta(days=5), reason="Deler"
        )
    case.refresh_from_db()
    return case


def _pages(org, case) -> list[tuple[User | None, str]]:
    unit_code = org.unit.code
    return [
        (None, reverse("login")),
        (None, reverse("password_reset")),
        (org.reporter, reverse("home")),
        (org.reporter, reverse("cases:report")),
        (org.reporter, reverse("cases:receipt", args=[case.pk])),
        (org.reporter, reverse("cases:my_reports")),
        (org.reporter, reverse("cases:my_report", args=[case.pk])),
        (org.leader, reverse("home")),
        (org.leader, reverse("cases:dashboard")),
        (org.leader, reverse("cases:detail", args=[case.pk])),
        (org.leader, reverse("orgchart:notifications")),
        (org.leader, reverse("orgchart:notification_settings")),
        (org.leader, reverse("orgchart:my_roles")),
        (org.leader, reverse("cases:unit_qr", args=[unit_code])),
        (org.leader, reverse("reports:statistics")),
        (org.leader, reverse("reports:statistics_csv")),
        (org.specialist, reverse("cases:detail", args=[case.pk])),
        (org.amu_member, reverse("reports:committees")),
        (org.amu_member, reverse("reports:committee", args=[org.committee.pk])),
        (org.leader, reverse("password_change")),
        (org.hms_admin, reverse("admin:index")),
        (org.hms_admin, reverse("admin:avvik_category_changelist")),
        (org.hms_admin, reverse("admin:avvik_category_change", args=[case.deviation.category_id])),
        (org.hms_admin, reverse("admin:cases_case_change", args=[case.pk])),
        (org.hms_admin, reverse("admin:orgchart_user_change", args=[org.reporter.pk])),
    ]


def _read_everything(client, org, case, language: str) -> dict[str, str]:
    """What each page, PDF and e-mail says, read by people who chose ``language``."""
    User.objects.update(language=language)
    said = {}
    for person, url in _pages(org, case):
        client.logout()
        client.cookies.clear()
        if person is not None:
            client.force_login(person)
        else:
            client.cookies["django_language"] = language
        response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)
        body = response.content.decode("utf-8-sig")
        is_html = response["Content-Type"].startswith("text/html")
        text = visible_text(body) if is_html else body
        if url.startswith("/admin/"):
            # The admin shows each category's names in all languages, as entered.
            for category in Category.objects.all():
                for name in (category.name_nb, category.name_nn, category.name_en):
                    text = text.replace(name, " ") if name else text
        said[f"{person} {url}"] = text
    client.force_login(org.leader)
    for url in (reverse("cases:pdf", args=[case.pk]), reverse("reports:statistics_pdf")):
        said[f"PDF {url}"] = pdf_text(client.get(url).content)
    period = period_containing("quarter", timezone.localdate())
    said["AMU summary PDF"] = pdf_text(
        committee_summary_pdf(org.committee, period, language=language)
    )
    for notification in Notification.objects.select_related("recipient"):
        mail = written(notification)
        said[f"e-mail {notification.template}"] = "\n".join(
            [mail.subject, mail.body, visible_text(mail.html)]
        )
    return said


@pytest.mark.parametrize("language", ["nb", "nn", "en"])
def test_no_page_e_mail_or_pdf_betrays_the_wrong_language(client, org, handled, language, settings):
    settings.LANGUAGE_CODE = "nb" if language == "en" else language
    said = _read_everything(client, org, handled, language)
    exempt = as_written()
    found = {}
    for where, text in said.items():
        if words := betraying(text, language, exempt):
            found[where] = [line.strip()[:120] for line in text.splitlines() if _has(line, words)]
    assert not found, "\n".join(f"{where}: {lines}" for where, lines in found.items())


def _has(line: str, words: list[str]) -> bool:
    return bool(set(re.findall(r"[a-zæøå]+", line.lower())) & set(words)) or any(
        word in line for word in words
    )


def test_the_check_finds_a_bokmal_word_on_a_nynorsk_page():
    assert betraying("Saka er ikke lukka", "nn", []) == ["ikke"]
    assert betraying("Saka er ikkje lukka", "nn", []) == []
    assert betraying("Your case", "nb", []) == ["case", "your"]
    assert betraying("Closed by Åse Ansatt", "en", ["Åse Ansatt"]) == []
    assert betraying("Lukket", "en", []) == []
    assert betraying("Lukka på måndag", "en", []) == ["Lukka på måndag"]


def test_categories_in_each_language_are_named():
    assert all(c.name_nb and c.name_nn and c.name_en for c in Category.objects.all())
