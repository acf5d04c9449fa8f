"""What the report form tells the reporter about who reads what, and the injury section
that opens for a category that involves health data."""

from __future__ import annotations

import re
from html import unescape

import pytest

from avvik.models import Category
from tests.avvik.filing import REPORT_URL, nb, report_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def reporter_client(client, org):
    client.force_login(org.reporter)
    return client


def test_the_form_says_who_reads_the_description_next_to_it(reporter_client):
    html = unescape(reporter_client.get(REPORT_URL).content.decode())

    description = html.split('id="div_id_description"')[1].split("</textarea>")[1]
    help_text = description.split("</div>")[0]
    assert nb(
        "Read by your leader line, the safety representative and any specialist unit asked "
        "for help. Details of an injury belong in the injury section below, which only the "
        "leader line sees."
    ) in unescape(re.sub(r"\s+", " ", help_text))


def test_the_category_list_names_the_health_data_categories_for_the_script(
    reporter_client, categories
):
    html = reporter_client.get(REPORT_URL).content.decode()

    health = set(re.search(r'data-health-categories="([^"]*)"', html).group(1).split())
    assert health == {
        str(pk)
        for pk in Category.objects.filter(involves_health_data=True).values_list("pk", flat=True)
    }
    assert 'id="injury-section"' in html
    assert "js/injury-section" in html


def test_without_javascript_the_injury_section_opens_when_the_form_comes_back(
    reporter_client, org, categories
):
    response = reporter_client.post(
        REPORT_URL, report_data(org.department, categories["personskade"], title="")
    )

    html = response.content.decode()
    assert re.search(r'<details[^>]*id="injury-section"[^>]*open', html)
