"""The printable QR poster that opens the report form with unit and place filled in."""

import re

import pytest
import segno
from django.utils.html import escape

pytestmark = pytest.mark.django_db


def _qr_path(url: str) -> str:
    """The drawing segno makes for ``url``: the poster must contain exactly this."""
    svg = segno.make(url, error="m").svg_inline(omitsize=True)
    return re.search(r' d="([^"]+)"', svg).group(1)


def test_leader_gets_a_qr_code_that_opens_the_form_for_the_unit_and_place(client, org, settings):
    settings.SITE_URL = "https://avvik.kommune.example"
    client.force_login(org.leader)

    response = client.get("/avvik/enheter/SOL/qr/", {"sted": "Kjøkken 2. etg"})

    html = response.content.decode()
    expected = "https://avvik.kommune.example/avvik/meld/?enhet=SOL&sted=Kj%C3%B8kken+2.+etg"
    assert response.status_code == 200
    assert f'href="{escape(expected)}"' in html
    assert _qr_path(expected) in html
    assert "Solsiden sykehjem" in html
    assert "Kjøkken 2. etg" in html
    # The typed place stays in the form, ready to change and regenerate.
    assert 'name="sted" value="Kjøkken 2. etg"' in html


def test_without_a_place_the_code_opens_the_form_for_the_unit_only(client, org, settings):
    settings.SITE_URL = "https://avvik.kommune.example"
    client.force_login(org.leader)

    html = client.get("/avvik/enheter/SOL/qr/").content.decode()

    expected = "https://avvik.kommune.example/avvik/meld/?enhet=SOL"
    assert f'href="{expected}"' in html
    assert _qr_path(expected) in html


def test_a_place_longer_than_the_form_accepts_is_refused(client, org, settings):
    settings.SITE_URL = "https://avvik.kommune.example"
    client.force_login(org.leader)

    response = client.get("/avvik/enheter/SOL/qr/", {"sted": "x" * 201})

    html = response.content.decode()
    assert response.status_code == 200
    assert 'class="invalid-feedback"' in html
    assert 'href="https://avvik.kommune.example/avvik/meld/?enhet=SOL"' in html


def test_the_poster_has_no_inline_script_or_style_for_the_csp_to_block(client, org):
    client.force_login(org.leader)

    html = client.get("/avvik/enheter/SOL/qr/", {"sted": "Kjøkken"}).content.decode()

    assert "<svg" in html
    assert "style=" not in html
    assert "<style" not in html
    assert re.findall(r"<script(?![^>]*\bsrc=)", html) == []
    # The menu, the form and the footer stay off the paper.
    assert '<div class="d-print-none">' in html
    assert 'class="container py-3 border-top small text-body-secondary d-print-none"' in html


def test_a_unit_name_cannot_inject_markup_into_the_poster(client, org):
    org.unit.name = '<img src=x onerror="alert(1)">'
    org.unit.save()
    client.force_login(org.leader)

    html = client.get("/avvik/enheter/SOL/qr/").content.decode()

    assert "<img src=x" not in html


@pytest.mark.parametrize(
    "who, code",
    [
        ("leader", "SOL"),
        ("leader", "SOL-SK"),  # a vacant department under the leader's unit
        ("higher_leader", "SOL"),
        ("higher_leader", "HJT"),
        ("sibling_leader", "HJT"),
        ("hms_admin", "SOL"),
    ],
)
def test_the_leader_line_and_hms_administrators_may_print_a_units_code(client, org, who, code):
    client.force_login(getattr(org, who))

    assert client.get(f"/avvik/enheter/{code}/qr/").status_code == 200


@pytest.mark.parametrize(
    "who, code",
    [
        ("reporter", "SOL-SK"),
        ("colleague", "SOL"),
        ("sibling_leader", "SOL"),
        ("leader", "HJT"),
        ("leader", "HO"),  # above the leader's own unit
        ("safety_rep", "SOL"),
        ("amu_member", "K"),
        ("specialist", "EIE"),
    ],
)
def test_everyone_else_gets_not_found(client, org, who, code):
    client.force_login(getattr(org, who))

    assert client.get(f"/avvik/enheter/{code}/qr/").status_code == 404


def test_a_specialist_unit_or_a_closed_unit_has_no_code(client, org):
    org.sibling_unit.is_active = False
    org.sibling_unit.save()
    client.force_login(org.hms_admin)

    assert client.get("/avvik/enheter/EIE/qr/").status_code == 404
    assert client.get("/avvik/enheter/HJT/qr/").status_code == 404
    assert client.get("/avvik/enheter/FINNES-IKKE/qr/").status_code == 404
