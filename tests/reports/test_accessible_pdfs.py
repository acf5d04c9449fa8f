"""Every PDF the product makes is tagged (PDF/UA): a structure tree a screen reader
reads in order, a title shown as the window title, a language, and alternative text for
the charts. The case summary for the archive is PDF/A."""

from __future__ import annotations

import io

import pytest
from pypdf import PdfReader

from reports.documents import committee_summary_pdf
from reports.periods import calendar_period
from tests.cases.legal import injury_case
from tests.cases.workflow import acknowledged_case

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english(settings):
    settings.LANGUAGE_CODE = "en"


def catalog(content: bytes):
    reader = PdfReader(io.BytesIO(content))
    return reader, reader.trailer["/Root"]


def assert_tagged(content: bytes, *, title: str, language: str = "en") -> PdfReader:
    reader, root = catalog(content)
    assert bool(root["/MarkInfo"]["/Marked"])
    assert "/StructTreeRoot" in root
    assert str(root["/Lang"]).startswith(language)
    assert title in reader.metadata.title
    assert root["/ViewerPreferences"]["/DisplayDocTitle"]
    return reader


def structure_elements(node, found=None):
    found = [] if found is None else found
    node = node.get_object()
    if isinstance(node, dict):
        if "/S" in node:
            found.append(node)
        kids = node.get("/K")
        if kids is not None:
            kids = kids.get_object()
            for kid in kids if isinstance(kids, list) else [kids]:
                structure_elements(kid, found)
    return found


def test_the_case_summary_is_tagged_and_the_archive_copy_is_pdf_a(client, org):
    case = acknowledged_case(org)
    client.force_login(org.leader)

    summary = client.get(f"/avvik/saker/{case.pk}/pdf/").content
    assert_tagged(summary, title=case.deviation.reference)

    archive = client.get(f"/avvik/saker/{case.pk}/pdf/", {"arkiv": "1"})
    assert archive["Content-Disposition"].endswith('-pdfa.pdf"')
    reader = assert_tagged(archive.content, title=case.deviation.reference)
    xmp = reader.trailer["/Root"]["/Metadata"].get_object().get_data().decode()
    assert "pdfaid:part" in xmp and ("pdfaid:part>3<" in xmp or 'pdfaid:part="3"' in xmp)


def test_the_committee_summary_is_tagged_with_alternative_text_for_its_charts(org):
    pdf = committee_summary_pdf(org.committee, calendar_period("quarter", 2026, 1), language="en")

    reader = assert_tagged(pdf, title="Deviations and their handling")
    elements = structure_elements(reader.trailer["/Root"]["/StructTreeRoot"])
    figures = [e for e in elements if e["/S"] == "/Figure"]
    assert figures and all(str(f.get("/Alt", "")).strip() for f in figures)
    # Read in order: headings before the tables they introduce.
    kinds = [str(e["/S"]) for e in elements]
    assert "/H1" in kinds and kinds.index("/H1") < kinds.index("/Table")


def test_the_statistics_pdf_is_tagged(client, org):
    client.force_login(org.leader)
    response = client.get("/rapporter/statistikk/pdf/")
    assert response.status_code == 200
    assert_tagged(response.content, title="")


def test_the_confirmation_to_arbeidstilsynet_is_tagged(client, org):
    case = injury_case(org)
    client.force_login(org.leader)
    response = client.get(f"/avvik/saker/{case.pk}/bekreftelse-arbeidstilsynet/")
    assert_tagged(response.content, title="Written confirmation to Arbeidstilsynet")
