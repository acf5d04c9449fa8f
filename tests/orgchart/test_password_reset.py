"""People from the HR import choose their first password through "Glemt passordet?"."""

import pytest
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from tests.factories import UserFactory


@pytest.mark.django_db
def test_imported_person_without_password_gets_a_reset_link(
    client, mailoutbox, django_capture_on_commit_callbacks
):
    person = UserFactory(email="ny.ansatt@kommune.example")
    person.set_unusable_password()
    person.save()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("password_reset"), {"email": "NY.ANSATT@kommune.example"})
    assert response.status_code == 302
    assert [m.to for m in mailoutbox] == [["ny.ansatt@kommune.example"]]
    assert "/passord/nytt/" in mailoutbox[0].body
    assert mailoutbox[0].alternatives, "the reset e-mail has an HTML part too"


@pytest.mark.django_db
def test_reset_sends_nothing_for_a_deactivated_person_and_says_the_same(
    client, mailoutbox, django_capture_on_commit_callbacks
):
    UserFactory(email="sluttet@kommune.example", is_active=False)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("password_reset"), {"email": "sluttet@kommune.example"})
    assert response.status_code == 302
    assert response["Location"] == reverse("password_reset_done")
    assert mailoutbox == []


@pytest.mark.django_db
def test_reset_mail_is_not_sent_when_the_request_transaction_rolls_back(client, mailoutbox):
    UserFactory(email="a@kommune.example")
    # Without the commit callbacks running (the test transaction never commits),
    # nothing may be sent: the e-mail waits for the commit.
    client.post(reverse("password_reset"), {"email": "a@kommune.example"})
    assert mailoutbox == []


@pytest.mark.django_db
def test_the_reset_mail_is_in_the_account_holders_language_not_the_browsers(
    client, mailoutbox, django_capture_on_commit_callbacks
):
    UserFactory(email="nynorsk@kommune.example", language="nn")
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("password_reset"),
            {"email": "nynorsk@kommune.example"},
            HTTP_ACCEPT_LANGUAGE="en",
        )
    with translation.override("nn"):
        subject = gettext("Choose a new password for Avvik")
    assert subject != "Choose a new password for Avvik"
    assert [mail.subject for mail in mailoutbox] == [subject]
    assert "Choose a new password here" not in mailoutbox[0].body
