"""Norwegian bokmål by default, English when the person chooses it."""

import pytest
from django.urls import reverse


@pytest.mark.django_db
def test_pages_are_norwegian_even_for_an_english_browser(client):
    response = client.get(reverse("login"), HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    html = response.content.decode()
    assert '<html lang="nb">' in html
    assert "Logg inn" in html
    assert "E-post eller ansattnummer" in html


@pytest.mark.django_db
def test_choosing_english_in_the_footer_switches_the_interface(client):
    response = client.post(reverse("set_language"), {"language": "en", "next": reverse("login")})
    assert response.status_code == 302
    html = client.get(reverse("login")).content.decode()
    assert '<html lang="en">' in html
    assert "E-mail or employee ID" in html
