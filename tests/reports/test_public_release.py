"""A release under offentleglova: no name of anyone in the organisation, no injury
detail, no phone or national identity number; every redaction names its legal basis;
the preview highlights them; the release is recorded with its file and checksum."""

from __future__ import annotations

import hashlib
import io
import re
from datetime import timedelta

import pytest
from django.utils import timezone
from pypdf import PdfReader

from cases import services
from orgchart.models import User
from reports.models import PublicRelease
from tests.avvik.filing import ensure_categories
from tests.cases.legal import INJURED, INJURY_KIND, injury_case

pytestmark = pytest.mark.django_db

URL = "/rapporter/offentlig-innsyn/"
CREATE_URL = "/rapporter/offentlig-innsyn/utlever/"
PHONE = "912 34 567"
NATIONAL_ID = "01017012345"


@pytest.fixture(autouse=True)
def english(settings):
    settings.LANGUAGE_CODE = "en"


@pytest.fixture
def seeded(org):
    categories = ensure_categories()

    def report(title, description, *, reporter=None, category="nestenulykke", unit=None):
        return services.file_deviation(
            reporter or org.reporter,
            fields={
                "unit": unit or org.department,
                "category": categories[category],
                "severity": "high",
                "title": title,
                "description": description,
                "immediate_action": f"Ringte Lars Leder på {PHONE}",
                "occurred_at": timezone.now() - timedelta(hours=3),
            },
        ).case

    falls = report(
        "Kari Kollega skled i gangen",
        f"Kari Kollega (fnr {NATIONAL_ID}) skled. Vera Verneombud ble varslet på "
        f"+47 22334455 og kari@kommune.example. Vannet kom fra en lekkasje.",
    )
    services.acknowledge(falls, by=org.leader)
    services.add_corrective_action(
        falls,
        by=org.leader,
        description="Åse Ansatt setter ut skilt",
        assignee=org.reporter,
        due_date=timezone.localdate() + timedelta(days=3),
    )
    injury = injury_case(org)
    other = report("Brannalarm uten grunn", "Alarmen gikk i kjøkkenet.", unit=org.sibling_unit)
    return falls, injury, other


def release_text(record: PublicRelease) -> str:
    with record.file.open("rb") as handle:
        content = handle.read()
    assert hashlib.sha256(content).hexdigest() == record.sha256
    reader = PdfReader(io.BytesIO(content))
    return re.sub(r"\s+", " ", " ".join(page.extract_text() for page in reader.pages))


def test_a_release_contains_no_names_injury_details_phones_or_id_numbers(client, org, seeded):
    falls, injury, other = seeded
    client.force_login(org.hms_admin)

    response = client.post(CREATE_URL, {"status": "all", "recipient": "Avisa, sak 2026/77"})

    assert response.status_code == 302
    record = PublicRelease.objects.get()
    assert record.released_by == org.hms_admin
    assert record.recipient == "Avisa, sak 2026/77"
    assert sorted(record.references) == sorted(
        c.deviation.reference for c in (falls, injury, other)
    )
    text = release_text(record)
    for reference in record.references:
        assert reference in text
    for first, last in User.objects.values_list("first_name", "last_name"):
        for name in (first, last):
            if len(name) > 1:
                assert not re.search(rf"\b{re.escape(name)}\b", text), name
    for secret in (
        INJURED,
        "Pasientsen",
        INJURY_KIND,
        PHONE,
        NATIONAL_ID,
        "22334455",
        "kari@kommune.example",
        "Hospital",
        "Stigen skled",
        "Fall fra stige",  # a health-data category's title is withheld too
    ):
        assert secret not in text, secret
    # What stays: the facts of each case and the parts of the text that name no one.
    assert "Vannet kom fra en lekkasje." in text
    assert "Skjermet avdeling" in text and "Hjemmetjenesten" in text
    # Every redaction names its legal basis.
    markers = re.findall(r"\[withheld, ([^\]]*)\]", text)
    assert len(markers) >= 8
    assert all(m.startswith("offentleglova § 13") for m in markers)
    assert text.count("[withheld") == len(markers)


def test_the_preview_highlights_each_redaction_and_more_can_be_redacted_by_hand(
    client, org, seeded
):
    client.force_login(org.hms_admin)

    html = client.get(URL, {"status": "all"}).content.decode()
    assert '<mark class="redaction" title="name of a person: offentleglova § 13' in html
    assert "lekkasje" in html

    html = client.get(URL, {"status": "all", "extra_terms": "lekkasje"}).content.decode()
    assert '<mark class="redaction" title="redacted by hand: offentleglova § 13' in html

    client.post(CREATE_URL, {"status": "all", "extra_terms": "lekkasje", "recipient": "NRK"})
    record = PublicRelease.objects.get()
    assert "lekkasje" not in release_text(record)
    assert record.extra_terms == "lekkasje"


def test_a_release_needs_a_recipient_and_keeps_the_filters(client, org, seeded):
    client.force_login(org.hms_admin)
    page = client.post(CREATE_URL, {"status": "all", "severity": "high", "recipient": ""})
    assert page.status_code == 200
    assert "Say who the cases are released to." in page.content.decode()
    assert not PublicRelease.objects.exists()


def test_a_leader_releases_only_cases_of_their_line(client, org, seeded):
    falls, injury, other = seeded
    client.force_login(org.leader)
    client.post(CREATE_URL, {"status": "all", "recipient": "Lokalavisa"})
    record = PublicRelease.objects.get()
    assert other.deviation.reference not in record.references
    assert falls.deviation.reference in record.references

    client.force_login(org.sibling_leader)
    assert client.get(f"{URL}{record.pk}/").status_code == 404
    client.force_login(org.hms_admin)
    assert client.get(f"{URL}{record.pk}/").status_code == 200


@pytest.mark.parametrize("role", ["reporter", "safety_rep", "amu_member", "specialist"])
def test_others_cannot_release(client, org, role):
    client.force_login(getattr(org, role))
    assert client.get(URL).status_code == 403
    assert client.post(CREATE_URL, {"recipient": "x"}).status_code == 403


def test_a_higher_leader_releases_their_whole_subtree(client, org, seeded):
    falls, injury, other = seeded
    client.force_login(org.higher_leader)
    page = client.get(URL, {"status": "all", "scope": "subtree"}).content.decode()
    assert 'name="scope"' in page
    assert other.deviation.reference in page and falls.deviation.reference in page

    client.post(CREATE_URL, {"status": "all", "scope": "subtree", "recipient": "Avisa"})
    assert len(PublicRelease.objects.get().references) == 3
