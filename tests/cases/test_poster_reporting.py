"""Reporting from a QR poster without an account: the signed token opens the form for
its unit and place only; a replaced poster says so; limits and the bot field hold."""

from __future__ import annotations

import re

import pytest

from avvik.models import Attachment, Deviation
from avvik.posters import poster_for_token
from avvik.services import print_poster
from cases import throttling
from cases.models import Case, CaseEvent
from tests.avvik.filing import jpeg, nb, report_data
from tests.cases.limits import cache_of_its_own

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_limits(settings):
    cache_of_its_own(settings)


@pytest.fixture
def poster(org):
    return print_poster(
        org.department,
        by=org.leader,
        location="Kjøkken 2. etg",
        allows_reporting_without_account=True,
    )


def poster_path(poster, *, code=None) -> str:
    return f"/avvik/plakat/{code or poster.unit.code}/{poster.token}/"


class poster_unit_placeholder:  # noqa: N801 - stands in for a unit the form has not got
    pk = None


def poster_data(categories, **overrides) -> dict:
    data = report_data(poster_unit_placeholder, categories["nestenulykke"], **overrides)
    del data["unit"]
    data.setdefault("reporter_name", "Vikar Viken")
    data.setdefault("reporter_contact", "99 88 77 66")
    return data


def test_scanning_a_poster_opens_the_form_for_its_unit_and_place_without_login(client, poster):
    response = client.get(poster_path(poster))

    html = response.content.decode()
    assert response.status_code == 200
    assert "Skjermet avdeling" in html
    assert 'value="Kjøkken 2. etg"' in html
    assert 'name="reporter_name"' in html
    # No unit to choose: the poster decides it.
    assert 'name="unit"' not in html


def test_a_substitute_files_from_the_poster_and_the_case_is_routed_as_any_other(
    client, org, poster, categories
):
    response = client.post(
        poster_path(poster),
        {**poster_data(categories), "attachments": [jpeg()]},
    )

    assert response.status_code == 200
    deviation = Deviation.objects.get()
    assert deviation.reporter is None
    assert deviation.reporter_name == "Vikar Viken"
    assert deviation.reporter_contact == "99 88 77 66"
    assert deviation.unit == org.department
    assert deviation.poster == poster
    # The department is vacant: the case goes to the leader of the unit above.
    assert deviation.case.responsible_leader == org.leader
    assert deviation.attachments.get().uploaded_by is None
    code = re.search(r'id="follow-up-code">([^<]+)<', response.content.decode()).group(1)
    assert len(code.replace("-", "")) >= 16
    assert deviation.follow_up_code_hash and code.replace("-", "") not in str(
        Deviation.objects.values().get()
    )
    assert CaseEvent.objects.get(case=deviation.case).actor is None


def test_the_leader_sees_the_name_and_contact_of_a_reporter_without_an_account(
    client, org, poster, categories
):
    client.post(poster_path(poster), poster_data(categories))
    client.force_login(org.leader)

    html = client.get(f"/avvik/saker/{Case.objects.get().pk}/").content.decode()

    assert "Vikar Viken" in html
    assert "99 88 77 66" in html


def test_the_poster_decides_the_unit_whatever_the_form_says(client, org, poster, categories):
    client.post(poster_path(poster), {**poster_data(categories), "unit": org.sibling_unit.pk})

    assert Deviation.objects.get().unit == org.department


def test_a_poster_token_is_refused_for_another_unit(client, org, poster, categories):
    response = client.get(poster_path(poster, code=org.sibling_unit.code))
    posted = client.post(poster_path(poster, code=org.sibling_unit.code), poster_data(categories))

    assert response.status_code == 404
    assert posted.status_code == 404
    assert not Deviation.objects.exists()


def test_an_altered_token_is_refused(client, poster, categories):
    path = poster_path(poster)[:-3] + "xx/"

    assert client.get(path).status_code == 404
    assert client.post(path, poster_data(categories)).status_code == 404
    assert not Deviation.objects.exists()


def test_a_replaced_poster_says_so_and_whom_to_ask(client, org, poster, categories):
    old_path = poster_path(poster)
    new = print_poster(
        org.department,
        by=org.leader,
        location="Kjøkken 2. etg",
        allows_reporting_without_account=True,
    )

    response = client.get(old_path)
    posted = client.post(old_path, poster_data(categories))

    assert response.status_code == 410
    assert "Lars Leder" in response.content.decode()
    assert posted.status_code == 410
    assert not Deviation.objects.exists()
    assert client.get(poster_path(new)).status_code == 200


def test_a_poster_without_reporting_without_account_asks_to_log_in(client, org):
    poster = print_poster(
        org.unit, by=org.leader, location="", allows_reporting_without_account=False
    )

    response = client.get(poster_path(poster))

    assert response.status_code == 302
    assert response["Location"].startswith("/logg-inn/")


def test_an_employee_with_an_account_goes_to_the_ordinary_form(client, org, poster):
    client.force_login(org.reporter)

    response = client.get(poster_path(poster))

    assert response.status_code == 302
    assert response["Location"].startswith("/avvik/meld/?enhet=SOL-SK")


def test_only_the_units_leader_line_prints_posters(client, org):
    client.force_login(org.sibling_leader)

    response = client.post(
        "/avvik/enheter/SOL-SK/plakat/", {"poster-sted": "", "poster-without_account": "on"}
    )

    assert response.status_code == 404
    client.force_login(org.leader)
    response = client.post(
        "/avvik/enheter/SOL-SK/plakat/", {"poster-sted": "", "poster-without_account": "on"}
    )
    assert response.status_code == 302
    assert org.department.posters.current().get().allows_reporting_without_account


@pytest.mark.parametrize("who", ["sibling_leader", "reporter", "safety_rep", "amu_member"])
def test_a_printed_poster_is_not_found_outside_the_units_leader_line(client, org, poster, who):
    unit = poster.unit
    client.force_login(getattr(org, who))

    assert client.get(f"/avvik/enheter/{unit.code}/plakat/{poster.pk}/").status_code == 404
    client.force_login(org.leader)
    assert client.get(f"/avvik/enheter/{unit.code}/plakat/{poster.pk}/").status_code == 200


def test_the_name_is_required_unless_anonymous(client, poster, categories):
    response = client.post(poster_path(poster), poster_data(categories, reporter_name=""))

    assert response.status_code == 200
    assert nb("Write your name, or choose to report anonymously.") in response.content.decode()
    assert "Glatt gulv ved inngangen" in response.content.decode()
    assert not Deviation.objects.exists()


def test_the_bot_field_filled_in_files_nothing_and_keeps_what_was_typed(client, poster, categories):
    response = client.post(
        poster_path(poster), poster_data(categories, website="http://spam.example")
    )

    assert response.status_code == 400
    html = response.content.decode()
    assert "Traceback" not in html
    assert "Glatt gulv ved inngangen" in html
    assert not Deviation.objects.exists()


def test_the_limit_per_poster_answers_plainly_and_keeps_what_was_typed(
    client, poster, categories, settings
):
    settings.POSTER_REPORTS_PER_HOUR = 2
    for _i in range(2):
        client.post(poster_path(poster), poster_data(categories))

    response = client.post(
        poster_path(poster), poster_data(categories, title="Den tredje meldingen")
    )

    assert response.status_code == 429
    html = response.content.decode()
    assert "Den tredje meldingen" in html
    assert "Traceback" not in html
    assert Deviation.objects.count() == 2


def test_the_limit_per_address_counts_across_posters(client, org, poster, categories, settings):
    settings.REPORTS_PER_ADDRESS_PER_HOUR = 1
    other = print_poster(
        org.unit, by=org.leader, location="", allows_reporting_without_account=True
    )
    client.post(poster_path(poster), poster_data(categories))

    response = client.post(
        poster_path(other), poster_data(categories, title="Fra samme nett"), REMOTE_ADDR="127.0.0.1"
    )
    elsewhere = client.post(poster_path(other), poster_data(categories), REMOTE_ADDR="10.9.8.7")

    assert response.status_code == 429
    assert "Fra samme nett" in response.content.decode()
    assert elsewhere.status_code == 200
    assert Deviation.objects.count() == 2


def test_a_file_that_is_not_a_photo_or_pdf_is_refused_on_the_poster_form(
    client, poster, categories
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    fake = SimpleUploadedFile("bilde.jpg", b"MZ\x90\x00 not a photo", content_type="image/jpeg")

    response = client.post(poster_path(poster), {**poster_data(categories), "attachments": [fake]})

    assert response.status_code == 200
    assert not Deviation.objects.exists()
    assert not Attachment.objects.exists()


def test_sending_the_poster_form_twice_files_one_report_with_the_same_code(
    client, poster, categories
):
    data = poster_data(categories)

    first = client.post(poster_path(poster), data)
    second = client.post(poster_path(poster), data)

    code = re.compile(r'id="follow-up-code">([^<]+)<')
    assert Deviation.objects.count() == 1
    assert code.search(first.content.decode()).group(1) == code.search(
        second.content.decode()
    ).group(1)


@pytest.mark.redis
def test_the_limits_are_counted_where_every_web_process_sees_them(
    client, poster, categories, settings
):
    """In production the counts live in Redis, so two web processes share one limit."""
    from django.core.cache.backends.redis import RedisCache

    cache_of_its_own(settings, redis=True)
    settings.POSTER_REPORTS_PER_HOUR = 1
    client.post(poster_path(poster), poster_data(categories))
    # Another process: a cache connection of its own, to the same Redis.
    other_process = RedisCache(settings.REDIS_URL, settings.CACHES["default"])
    assert other_process.get(throttling.counter_key("poster", str(poster.pk))) == 1
    assert client.post(poster_path(poster), poster_data(categories)).status_code == 429


def test_the_printed_poster_carries_the_signed_address_and_replaces_the_old_one(
    client, org, settings
):
    settings.SITE_URL = "https://avvik.kommune.example"
    client.force_login(org.leader)
    data = {"poster-sted": "Kjøkken", "poster-without_account": "on"}

    first = client.post("/avvik/enheter/SOL/plakat/", data)
    second = client.post("/avvik/enheter/SOL/plakat/", data, follow=True)

    old, new = org.unit.posters.order_by("pk")
    assert first.status_code == 302
    assert old.replaced_at is not None and new.replaced_at is None
    html = second.content.decode()
    # The address carries the time it was signed: read it from the page (signing it again
    # here could fall in the next second) and check which poster it opens.
    token = re.search(r'href="https://avvik\.kommune\.example/avvik/plakat/SOL/([^/"]+)/"', html)
    assert token is not None, html
    assert poster_for_token("SOL", token.group(1)) == new
    assert "<svg" in html
    assert (
        nb(
            "This poster lets anyone at the workplace report without an account. It works only "
            "for this unit and place, until you print a new one for the same place."
        )
        in html
    )
    # The unit's page lists the posters in use, the replaced one no longer.
    listing = client.get("/avvik/enheter/SOL/qr/").content.decode()
    assert f"/avvik/enheter/SOL/plakat/{new.pk}/" in listing
    assert f"/avvik/enheter/SOL/plakat/{old.pk}/" not in listing
    assert client.get(f"/avvik/enheter/SOL/plakat/{old.pk}/").status_code == 404


def test_a_poster_report_gets_through_while_the_cache_is_down(client, poster, categories, settings):
    """The limits are counted in Redis; with Redis away the report is filed, not refused
    and not a 500 (the limits are a brake on abuse, the report is the point)."""
    from tests.faults.services import dead_redis_url

    settings.CACHES = {
        **settings.CACHES,
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": dead_redis_url(),
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        },
    }

    response = client.post(poster_path(poster), poster_data(categories))

    assert response.status_code == 200
    assert Deviation.objects.get().poster == poster
