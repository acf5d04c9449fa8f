"""The login lockout counts the account, not the spelling; one address and one person
get only so many password-reset e-mails."""

import uuid

import pytest
from django.urls import reverse

from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

LOGIN_URL = "/logg-inn/"


@pytest.fixture
def jonas():
    return UserFactory(
        username="jonas.berg", email="Jonas.Berg@kommune.example", employee_id="E10422"
    )


def _try(client, login, password="feil-passord", address="10.0.0.1"):
    return client.post(LOGIN_URL, {"username": login, "password": password}, REMOTE_ADDR=address)


def test_other_spellings_and_the_employee_id_share_the_accounts_five_attempts(
    client, jonas, settings
):
    settings.AXES_FAILURE_LIMIT = 5
    for login in [
        "jonas.berg@kommune.example",
        "JONAS.BERG@KOMMUNE.EXAMPLE",
        "  Jonas.Berg@kommune.example ",
        "e10422",
        "E10422",
    ]:
        _try(client, login)

    for login in ["Jonas.Berg@Kommune.Example", "E10422", "jonas.berg"]:
        response = _try(client, login, password=PASSWORD)
        assert response.status_code == 429, login
        assert "_auth_user_id" not in client.session


def test_the_lock_holds_from_another_address_too(client, jonas):
    for _ in range(5):
        _try(client, "jonas.berg@kommune.example", address="10.0.0.1")

    response = _try(client, "E10422", password=PASSWORD, address="10.9.9.9")

    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


def test_the_right_password_before_the_limit_logs_in_with_any_spelling(client, jonas):
    for _ in range(4):
        _try(client, "jonas.berg@kommune.example")

    response = _try(client, " JONAS.BERG@kommune.example", password=PASSWORD)

    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(jonas.pk)


def test_one_address_failing_on_many_accounts_is_stopped(client, settings):
    settings.LOGIN_ADDRESS_LIMIT = 6
    people = [UserFactory() for _ in range(7)]
    for person in people[:6]:
        _try(client, person.email, address="10.0.0.7")

    blocked = _try(client, people[6].email, password=PASSWORD, address="10.0.0.7")
    elsewhere = _try(client, people[6].email, password=PASSWORD, address="10.0.0.8")

    assert blocked.status_code == 429
    assert "429.html" in [template.name for template in blocked.templates]
    assert elsewhere.status_code == 302


def test_password_reset_sends_one_person_at_most_three_emails_an_hour(
    client, mailoutbox, django_capture_on_commit_callbacks, settings
):
    UserFactory(email="ansatt@kommune.example")
    responses = []
    with django_capture_on_commit_callbacks(execute=True):
        for number in range(12):
            responses.append(
                client.post(
                    reverse("password_reset"),
                    {"email": "Ansatt@kommune.example"},
                    REMOTE_ADDR=f"10.1.0.{number}",
                )
            )

    assert len(mailoutbox) == settings.PASSWORD_RESET_TARGET_LIMIT == 3
    # The page says the same each time: it tells nobody whether the address is known.
    assert {r.status_code for r in responses} == {302}


def test_password_reset_from_one_address_is_limited(
    client, mailoutbox, django_capture_on_commit_callbacks, settings
):
    settings.PASSWORD_RESET_ADDRESS_LIMIT = 4
    people = [UserFactory() for _ in range(5)]
    with django_capture_on_commit_callbacks(execute=True):
        answers = [
            client.post(reverse("password_reset"), {"email": p.email}, REMOTE_ADDR="10.2.0.1")
            for p in people
        ]

    assert [a.status_code for a in answers] == [302, 302, 302, 302, 429]
    assert len(mailoutbox) == 4
    assert "429.html" in [template.name for template in answers[-1].templates]


@pytest.mark.redis
def test_the_counts_are_shared_through_redis(
    client, mailoutbox, django_capture_on_commit_callbacks, settings
):
    """Every web process sees the same counts: here they live in the real Redis."""
    settings.CACHES = {
        **settings.CACHES,
        "throttle": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": settings.REDIS_URL,
            "KEY_PREFIX": f"throttle-test-{uuid.uuid4().hex}",
        },
    }
    UserFactory(email="delt@kommune.example")
    with django_capture_on_commit_callbacks(execute=True):
        for _ in range(5):
            client.post(reverse("password_reset"), {"email": "delt@kommune.example"})

    assert len(mailoutbox) == 3
