"""The pages the law asks for: a privacy notice the municipality can edit, and an
accessibility statement, both linked from the footer of every page."""

from __future__ import annotations

import pytest
from django.utils import translation

from avvik.legal import default_text
from avvik.models import LegalText
from tests.factories import make_hms_admin


def test_privacy_notice_is_open_before_login_with_a_norwegian_default(client, db):
    page = client.get("/personvern/")

    assert page.status_code == 200
    html = page.content.decode()
    for heading in [
        "Hva som lagres",
        "Hvorfor: rettslig grunnlag",
        "Hvem som ser hva",
        "Hvor lenge det oppbevares",
        "Dine rettigheter",
    ]:
        assert f">{heading}</h2>" in html
    assert "skadet" in html and "arbeidsmiljøloven" in html


def test_municipalitys_own_text_replaces_the_default_and_is_shown_as_text(client, db):
    LegalText.objects.create(
        kind=LegalText.Kind.PRIVACY,
        language="nb",
        text=(
            "## Kontakt\n\nSkriv til <b>personvernombud@fjordvik.example</b>."
            "\n\n## Lagring\n\n10 år."
        ),
    )

    html = client.get("/personvern/").content.decode()

    assert ">Kontakt</h2>" in html and ">Lagring</h2>" in html
    assert "&lt;b&gt;personvernombud@fjordvik.example&lt;/b&gt;" in html
    assert "Hva som lagres" not in html
    assert "Sist endret" in html


def test_english_readers_get_the_english_default_until_one_is_written(client, db):
    LegalText.objects.create(kind=LegalText.Kind.PRIVACY, language="nb", text="Bare norsk.")
    client.cookies["django_language"] = "en"
    html = client.get("/personvern/").content.decode()
    assert ">What is stored</h2>" in html


def test_the_admin_starts_a_new_text_from_the_default(client, org):
    client.force_login(make_hms_admin(org.hms_admin))

    page = client.get("/admin/avvik/legaltext/add/?kind=accessibility&language=nb")

    assert page.status_code == 200
    with translation.override("nb"):
        expected = default_text(LegalText.Kind.ACCESSIBILITY)
    assert "## Krav" in expected
    assert "## Krav" in page.content.decode()


def test_accessibility_statement_tells_the_requirement_and_the_test_results(client, db):
    html = client.get("/tilgjengelighet/").content.decode()
    assert "WCAG 2.1" in html
    assert "uutilsynet.no" in html
    assert "axe-core" in html
    assert "Meld avvik" in html


@pytest.mark.parametrize("url", ["/logg-inn/", "/", "/avvik/mine/", "/finnes-ikke/"])
def test_every_page_links_both_from_the_footer(client, org, url):
    client.force_login(org.reporter)
    if url == "/logg-inn/":
        client.logout()
    html = client.get(url).content.decode()
    footer = html[html.index("<footer") :]
    assert 'href="/personvern/"' in footer
    assert 'href="/tilgjengelighet/"' in footer
