"""Bad requests get the app's own pages, in the reader's language, with a way back:
a NUL byte in any parameter is a 400 (PostgreSQL cannot hold one), a request over the
size limit a 413 that tells how to keep what was typed, and odd values in the filters
never a 500."""

import pytest
from django.utils import translation
from django.utils.translation import gettext

pytestmark = pytest.mark.django_db

NUL = "HO\x00"


def _in(language: str, message: str) -> str:
    with translation.override(language):
        return gettext(message)


def _page_of(response) -> str:
    return response.content.decode()


@pytest.mark.parametrize(
    "url, param",
    [
        ("/avvik/saker/", "unit"),
        ("/avvik/saker/", "q"),
        ("/avvik/saker/", "category"),
        ("/avvik/saker/", "page"),
        ("/avvik/meld/", "enhet"),
        ("/avvik/meld/", "sted"),
        ("/avvik/mine/", "page"),
        ("/organisasjon/enheter/sok/", "q"),
        ("/rapporter/statistikk/", "unit"),
        ("/rapporter/statistikk/csv/", "unit"),
        ("/rapporter/statistikk/", "start"),
    ],
)
def test_a_nul_byte_in_a_query_parameter_is_a_400_page_in_norwegian(client, org, url, param):
    client.force_login(org.higher_leader)

    response = client.get(url, {param: NUL}, HTTP_REFERER="http://testserver/avvik/saker/")

    assert response.status_code == 400
    page = _page_of(response)
    assert 'lang="nb"' in page
    assert _in("nb", "The request could not be understood") in page
    assert 'href="http://testserver/avvik/saker/"' in page  # the way back


@pytest.mark.postgres
def test_a_nul_byte_in_the_unit_search_of_the_report_form_is_a_400(client, org):
    client.force_login(org.reporter)

    response = client.post(
        "/avvik/meld/", {"unit_search": "Sol\x00", "search_unit": "1", "title": "x"}
    )

    assert response.status_code == 400


def test_the_400_page_speaks_english_to_who_chose_english(client, org):
    client.force_login(org.leader)
    client.cookies["django_language"] = "en"

    response = client.get("/avvik/saker/", {"unit": NUL})

    assert response.status_code == 400
    assert "The request could not be understood" in _page_of(response)
    assert 'lang="en"' in _page_of(response)


@pytest.mark.parametrize(
    "url, query",
    [
        ("/avvik/saker/", {"unit": "x" * 5000}),
        ("/avvik/saker/", {"unit": "-1", "category": "abc", "severity": "ø"}),
        ("/avvik/saker/", {"reported_from": "2026-13-45", "page": "-3", "sort": "'"}),
        ("/avvik/saker/", {"q": "' OR 1=1 --", "scope": "🙂", "status": "x"}),
        ("/avvik/mine/", {"page": "99999999999999999999"}),
        ("/avvik/meld/", {"enhet": "x" * 5000, "sted": "y" * 5000}),
        ("/organisasjon/enheter/sok/", {"q": "%" * 300}),
        ("/rapporter/statistikk/", {"start": "0000-00-00", "end": "9999-99-99"}),
        ("/rapporter/statistikk/", {"start": "2026-12-01", "end": "2020-01-01"}),
    ],
)
def test_odd_values_in_the_filters_never_give_a_500(client, org, url, query):
    client.force_login(org.higher_leader)

    response = client.get(url, query)

    assert response.status_code in {200, 400, 404}


def test_an_unknown_statistics_unit_is_the_apps_own_404_page(client, org):
    client.force_login(org.leader)

    response = client.get("/rapporter/statistikk/", {"unit": "FINNES-IKKE"})

    assert response.status_code == 404
    assert _in("nb", "We could not find that page") in _page_of(response)
    assert 'href="/"' in _page_of(response)


def test_a_request_over_the_size_limit_gets_the_413_page_that_says_how_to_keep_the_text(
    client, org, settings
):
    settings.MAX_REQUEST_BYTES = 1000
    client.force_login(org.reporter)

    response = client.post("/avvik/meld/", {"description": "x" * 2000})

    assert response.status_code == 413
    page = _page_of(response)
    assert _in("nb", "That was too much to send at once") in page
    assert 'href="/"' in page


def test_form_fields_over_django_s_memory_limit_get_the_413_page_not_bad_request(
    client, org, settings
):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    client.force_login(org.reporter)

    response = client.post("/avvik/meld/", {"description": "x" * 2000})

    assert response.status_code == 413
    assert "Bad Request" not in _page_of(response)


def test_a_refused_step_is_the_apps_own_403_page_with_a_way_back(rf, org):
    from avvik.error_pages import permission_denied

    request = rf.get("/avvik/saker/1/", HTTP_REFERER="http://testserver/avvik/saker/")
    request.user = org.reporter
    translation.activate("nb")

    response = permission_denied(request)

    assert response.status_code == 403
    page = _page_of(response)
    assert _in("nb", "That is not allowed") in page
    assert 'href="http://testserver/avvik/saker/"' in page


def test_an_error_in_the_app_is_its_own_500_page_in_the_readers_language(client, org, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("a bug")

    monkeypatch.setattr("cases.views.dashboard.CaseFilter", broken)
    client.raise_request_exception = False
    client.force_login(org.leader)
    client.cookies["django_language"] = "en"

    response = client.get("/avvik/saker/")

    assert response.status_code == 500
    page = _page_of(response)
    assert "Something went wrong" in page
    assert 'lang="en"' in page
    assert 'href="/"' in page


def test_a_form_sent_without_its_csrf_token_gets_the_apps_own_403_page(org):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(org.reporter)

    response = client.post("/avvik/meld/", {"title": "x"}, HTTP_REFERER="http://testserver/")

    assert response.status_code == 403
    page = _page_of(response)
    assert _in("nb", "That is not allowed") in page
    assert 'lang="nb"' in page
    assert org.reporter.display_name in page  # the usual frame, with who is logged in
