"""GDPR art. 15: a person downloads everything the system holds about them, and nothing
about other people; an HMS administrator can do it on their behalf."""

from __future__ import annotations

import io
import json
import zipfile
from datetime import timedelta

import pytest
from django.utils import timezone
from pypdf import PdfReader

from cases import services
from cases.views.handling import case_record
from tests.avvik.filing import ensure_categories
from tests.cases.legal import injury_case
from tests.cases.workflow import due

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english(settings):
    settings.LANGUAGE_CODE = "en"


def unzip(response) -> tuple[dict, str]:
    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    assert sorted(archive.namelist()) == ["data.json", "data.pdf"]
    data = json.loads(archive.read("data.json"))
    pdf = PdfReader(io.BytesIO(archive.read("data.pdf")))
    text = " ".join(page.extract_text() for page in pdf.pages)
    return data, text


@pytest.fixture
def file_report(org):
    categories = ensure_categories()

    def file(reporter=None, *, title):
        return services.file_deviation(
            reporter or org.reporter,
            fields={
                "unit": org.department,
                "category": categories["nestenulykke"],
                "severity": "medium",
                "title": title,
                "description": "Vann på gulvet.",
                "occurred_at": timezone.now() - timedelta(hours=2),
            },
        ).case

    return file


@pytest.fixture
def history(org, file_report):
    """Åse's own report with her comment; a colleague's report on which Åse was given an
    action; an injury to Kari reported by Åse, viewed by the leader; and an injury to
    Åse herself, reported by Kari."""
    own = file_report(title="Åses egen melding")
    services.add_information(own, by=org.reporter, text="Åse legger til: mer vann")
    services.acknowledge(own, by=org.leader)
    services.comment(
        own, by=org.leader, text="Lars: internt notat om Kari", visible_to_reporter=False
    )

    colleagues = file_report(org.colleague, title="Karis hemmelige melding")
    services.acknowledge(colleagues, by=org.leader)
    services.add_corrective_action(
        colleagues,
        by=org.leader,
        description="Åse setter opp skilt",
        assignee=org.reporter,
        due_date=due(),
    )

    about_ase = injury_case(
        org,
        harm="not_serious",
        reporter=org.colleague,
        injured_person="Åse Ansatt",
        injury_kind="Forstuet ankel",
    )
    case_record(about_ase, org.leader)  # the leader views the injury details (logged)
    about_kari = injury_case(
        org, harm="not_serious", injured_person="Kari Kollega", injury_kind="Kutt i hånden"
    )
    return own, colleagues, about_ase, about_kari


def test_a_person_downloads_what_the_system_holds_about_them(client, org, history):
    own, colleagues, about_ase, about_kari = history
    client.force_login(org.reporter)

    data, text = unzip(client.get("/rapporter/mine-data/zip/"))

    assert data["person"]["username"] == "ansatt"
    references = {r["reference"] for r in data["reports"]}
    assert own.deviation.reference in references and about_kari.deviation.reference in references
    own_report = next(r for r in data["reports"] if r["reference"] == own.deviation.reference)
    assert any(e["text"] == "Åse legger til: mer vann" for e in own_report["timeline"])
    handled = {c["reference"]: c for c in data["handled_cases"]}
    assert handled[colleagues.deviation.reference]["actions_given_to_you"][0]["what"] == (
        "Åse setter opp skilt"
    )
    assert [r["reference"] for r in data["injury_records"]] == [about_ase.deviation.reference]
    assert data["injury_records"][0]["injury"] == "Forstuet ankel"
    assert [v["viewed_by"] for v in data["injury_record_views"]] == ["Lars Leder"]
    assert "Åses egen melding" in text and "Forstuet ankel" in text


def test_the_export_holds_nothing_about_other_people(client, org, history):
    client.force_login(org.reporter)

    data, text = unzip(client.get("/rapporter/mine-data/zip/"))

    dumped = json.dumps(data, ensure_ascii=False)
    for other in (
        "Karis hemmelige melding",  # a colleague's report
        "Kutt i hånden",  # the injury to Kari, which Åse reported
        "internt notat",  # the leader's internal note on Åse's report
        "kollega@",  # anyone else's contact data
    ):
        assert other not in dumped, other
        assert other not in text, other
    # Another person's injury record is not one "about" Åse, though she reported it.
    assert all(r["injured_person"] == "Åse Ansatt" for r in data["injury_records"])


def test_an_hms_administrator_downloads_on_a_persons_behalf(client, org, history):
    client.force_login(org.hms_admin)
    page = client.get("/rapporter/innsyn/", {"person": "nobody-here"})
    assert "No single person matches" in page.content.decode()

    data, _text = unzip(client.get("/rapporter/innsyn/", {"person": org.reporter.employee_id}))
    assert data["person"]["username"] == "ansatt"


def test_only_hms_administrators_download_for_others(client, org):
    client.force_login(org.leader)
    assert client.get("/rapporter/innsyn/", {"person": "ansatt"}).status_code == 403
