"""The frame around every page (templates/base.html): the menu, the head's links and the
footer are drawn once per process for each language and set of roles
(CACHES["template_fragments"]), and so must still differ where the person does."""

from __future__ import annotations

import pytest
from django.urls import set_script_prefix

pytestmark = pytest.mark.django_db

HOME = "/"


def menu(client, person) -> str:
    client.force_login(person)
    html = client.get(HOME).content.decode()
    return html[html.index('<ul class="navbar-nav') : html.index("</ul>", html.index("navbar-nav"))]


def test_each_person_gets_the_menu_of_their_own_roles_though_it_is_drawn_once(client, org):
    # The leader first, so that a menu kept for the wrong key would show in the others'.
    leader = menu(client, org.leader)
    reporter = menu(client, org.reporter)
    admin = menu(client, org.hms_admin)
    amu = menu(client, org.amu_member)

    assert 'href="/avvik/saker/"' in leader and 'href="/rapporter/statistikk/"' in leader
    assert 'href="/avvik/saker/"' not in reporter and "/statistikk/" not in reporter
    assert 'href="/admin/"' in admin and 'href="/admin/"' not in leader
    assert 'href="/rapporter/amu/"' in amu and "/rapporter/amu/" not in reporter
    assert 'href="/avvik/meld/"' in reporter and 'href="/avvik/meld/"' in leader


def test_the_frame_follows_the_readers_language_though_it_is_drawn_once(client, org):
    org.reporter.language = "nb"
    org.reporter.save()
    client.force_login(org.reporter)
    bokmal = client.get(HOME).content.decode()
    org.reporter.language = "en"
    org.reporter.save()
    english = client.get(HOME).content.decode()

    assert "Meld avvik</a>" in bokmal and "Report a deviation</a>" in english
    assert "Personvernerklæring" in bokmal and "Privacy notice" in english
    assert 'content="Report and handle HMS deviations"' in english
    assert 'content="Report and handle HMS deviations"' not in bokmal


def test_the_frames_addresses_follow_the_script_prefix_though_they_are_drawn_once(client, org):
    """Served under a path of its own (FORCE_SCRIPT_NAME, or the server's SCRIPT_NAME,
    which the WSGI handler sets as the prefix; the test client does not)."""
    client.force_login(org.reporter)
    client.get(HOME)  # the frame as drawn without a prefix
    set_script_prefix("/avvik-app/")
    try:
        html = client.get(HOME).content.decode()
    finally:
        set_script_prefix("/")

    assert 'href="/avvik-app/avvik/meld/"' in html
    assert 'href="/avvik-app/personvern/"' in html
    assert 'href="/avvik/meld/"' not in html


def test_the_frame_is_drawn_again_when_the_static_files_are_served_otherwise(client, org, settings):
    """The browser tests serve static files under their plain names: a head kept from a
    test with hashed names would link files their server does not have."""
    client.force_login(org.reporter)
    client.get(HOME)
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }

    html = client.get(HOME).content.decode()

    assert 'href="/static/vendor/bootstrap/bootstrap.min.css"' in html


def test_the_size_check_gets_the_limit_in_force_though_the_footer_is_drawn_once(
    client, org, settings
):
    """The footer's script tells the browser the largest request the server takes."""
    client.force_login(org.reporter)
    client.get(HOME)
    settings.MAX_REQUEST_BYTES = 1000

    html = client.get(HOME).content.decode()

    assert 'data-max-request-bytes="1000"' in html
