"""Notices are stored for the app, e-mailed once by a task after commit, and gathered in
one daily e-mail for those who chose the digest."""

import pytest
from django.urls import reverse

from orgchart.models import Notification, User
from orgchart.notifications import deliver_notification, notify, send_daily_digests
from tests.factories import UserFactory


@pytest.mark.django_db
def test_notice_is_emailed_after_commit_and_listed_in_the_app(
    client, mailoutbox, django_capture_on_commit_callbacks
):
    person = UserFactory()
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        notify(person, subject="Ny sak AV-2026-000001", body="Se saken", url="/avvik/saker/1/")
        assert mailoutbox == []
    for callback in callbacks:
        callback()
    assert [m.subject for m in mailoutbox] == ["Ny sak AV-2026-000001"]
    assert Notification.objects.get().emailed_at is not None
    client.force_login(person)
    page = client.get(reverse("orgchart:notifications")).content.decode()
    assert "Ny sak AV-2026-000001" in page


@pytest.mark.django_db
def test_the_same_key_tells_no_one_twice(mailoutbox, django_capture_on_commit_callbacks):
    person = UserFactory()
    with django_capture_on_commit_callbacks(execute=True):
        notify(person, subject="Eskalert", body="x", key="escalated:1:1", urgent=True)
        notify(person, subject="Eskalert", body="x", key="escalated:1:1", urgent=True)
    assert len(mailoutbox) == 1
    assert Notification.objects.count() == 1


@pytest.mark.django_db
def test_delivering_again_after_a_crash_sends_nothing_more(
    mailoutbox, django_capture_on_commit_callbacks
):
    person = UserFactory()
    with django_capture_on_commit_callbacks(execute=True):
        notification = notify(person, subject="Påminnelse", body="x")
    assert deliver_notification(notification.pk) is False
    assert len(mailoutbox) == 1


@pytest.mark.django_db
def test_digest_people_get_one_daily_email_but_urgent_notices_at_once(
    mailoutbox, django_capture_on_commit_callbacks
):
    person = UserFactory(notification_mode=User.NotificationMode.DIGEST)
    with django_capture_on_commit_callbacks(execute=True):
        notify(person, subject="Ny sak 1", body="x", url="http://localhost/1")
        notify(person, subject="Ny kommentar 2", body="x")
        notify(person, subject="Eskalert sak 3", body="x", urgent=True)
    assert [m.subject for m in mailoutbox] == ["Eskalert sak 3"]
    assert send_daily_digests() == 1
    digest = mailoutbox[-1]
    assert "Ny sak 1" in digest.body and "Ny kommentar 2" in digest.body
    assert "Eskalert sak 3" not in digest.body
    assert send_daily_digests() == 0, "a second run sends nothing"
    assert len(mailoutbox) == 2


@pytest.mark.django_db
def test_person_chooses_the_daily_digest_on_the_settings_page(client):
    person = UserFactory()
    client.force_login(person)
    response = client.post(
        reverse("orgchart:notification_settings"), {"notification_mode": "digest"}
    )
    assert response.status_code == 302
    person.refresh_from_db()
    assert person.notification_mode == User.NotificationMode.DIGEST


@pytest.mark.django_db
def test_deactivated_people_are_not_notified(mailoutbox, django_capture_on_commit_callbacks):
    person = UserFactory(is_active=False)
    with django_capture_on_commit_callbacks(execute=True):
        assert notify(person, subject="x", body="x") is None
    assert mailoutbox == []


@pytest.mark.django_db
def test_digest_subject_counts_one_notice_in_the_singular(
    mailoutbox, django_capture_on_commit_callbacks, settings
):
    settings.LANGUAGE_CODE = "nb"
    person = UserFactory(notification_mode=User.NotificationMode.DIGEST)
    with django_capture_on_commit_callbacks(execute=True):
        notify(person, subject="Ny sak 1", body="x")
    assert send_daily_digests() == 1
    assert mailoutbox[-1].subject == "Avvik: 1 nytt varsel"
