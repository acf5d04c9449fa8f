"""The committee's summaries: made once at the end of each period, ordered for any
period, and listed or downloaded by the committee's members and HMS administrators only."""

from __future__ import annotations

import io
from datetime import date, timedelta

import pytest
from django.utils import timezone
from pypdf import PdfReader

from orgchart.models import Committee
from reports import services, tasks
from reports.models import AmuReport
from reports.periods import calendar_period, last_completed_period, oslo_today
from tests.factories import CommitteeFactory, UserFactory
from tests.reports.seeding import make_case, oslo

Q1 = calendar_period("quarter", 2026, 1)


@pytest.fixture
def other_committee(org):
    """A committee for the health sector, with a member of its own."""
    member = UserFactory(username="amu2", first_name="Olga", last_name="Annet")
    return CommitteeFactory(name="AMU Helse", unit=org.sector, members=[member])


@pytest.fixture
def ready_report(org, django_capture_on_commit_callbacks):
    make_case(org.department, org.reporter, oslo(2026, 2, 1, 12))
    with django_capture_on_commit_callbacks(execute=True):
        report = services.order_summary(org.committee, by=org.amu_member, period=Q1)
    report.refresh_from_db()
    assert report.status == AmuReport.Status.READY
    return report


def _pdf_title(data: bytes) -> str:
    return PdfReader(io.BytesIO(data)).metadata.title


# -- who may list and download ---------------------------------------------------------------


def test_download_name_keeps_norwegian_letters_with_an_ascii_fallback(client, org, ready_report):
    """RFC 6266: the real name in filename*, a readable ASCII one in filename."""
    Committee.objects.filter(pk=org.committee.pk).update(name="Sentralt arbeidsmiljøutvalg")
    client.force_login(org.amu_member)
    response = client.get(f"/rapporter/amu/sammendrag/{ready_report.pk}/")
    assert response.status_code == 200
    header = response["Content-Disposition"]
    assert header == (
        'attachment; filename="amu-sentralt-arbeidsmiljoeutvalg-2026-01-01-2026-03-31.pdf"; '
        "filename*=UTF-8''amu-sentralt-arbeidsmilj%C3%B8utvalg-2026-01-01-2026-03-31.pdf"
    )


def test_member_lists_and_downloads_their_committees_summary(client, org, ready_report):
    client.force_login(org.amu_member)
    listing = client.get(f"/rapporter/amu/{org.committee.pk}/")
    assert listing.status_code == 200
    assert f"/rapporter/amu/sammendrag/{ready_report.pk}/" in listing.content.decode()
    response = client.get(f"/rapporter/amu/sammendrag/{ready_report.pk}/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert "attachment" in response["Content-Disposition"]
    data = b"".join(response.streaming_content)
    assert data.startswith(b"%PDF")
    assert "2026-01-01" in _pdf_title(data) and "2026-03-31" in _pdf_title(data)


def test_hms_admin_lists_and_downloads_any_committees_summary(client, org, ready_report):
    client.force_login(org.hms_admin)
    assert client.get("/rapporter/amu/").status_code == 200
    assert client.get(f"/rapporter/amu/{org.committee.pk}/").status_code == 200
    assert client.get(f"/rapporter/amu/sammendrag/{ready_report.pk}/").status_code == 200


@pytest.mark.parametrize(
    "who", ["other_member", "leader", "higher_leader", "top_leader", "reporter", "outsider"]
)
def test_anyone_else_gets_404_for_the_list_and_the_file(
    client, org, ready_report, other_committee, who
):
    person = other_committee.members.get() if who == "other_member" else getattr(org, who)
    client.force_login(person)
    assert client.get(f"/rapporter/amu/{org.committee.pk}/").status_code == 404
    assert client.get(f"/rapporter/amu/sammendrag/{ready_report.pk}/").status_code == 404
    response = client.post(f"/rapporter/amu/{org.committee.pk}/", {"period": Q1.slug()})
    assert response.status_code == 404
    assert AmuReport.objects.count() == 1


def test_committee_list_shows_only_ones_own_committees(client, org, other_committee):
    client.force_login(org.amu_member)
    body = client.get("/rapporter/amu/").content.decode()
    assert org.committee.name in body
    assert other_committee.name not in body
    client.force_login(org.outsider)
    assert client.get("/rapporter/amu/").status_code == 404


def test_a_summary_still_being_made_cannot_be_downloaded(client, org):
    report = AmuReport.objects.create(
        committee=org.committee, period_start=Q1.start, period_end=Q1.end
    )
    client.force_login(org.amu_member)
    assert client.get(f"/rapporter/amu/sammendrag/{report.pk}/").status_code == 404
    page = client.get(f"/rapporter/amu/{org.committee.pk}/").content.decode()
    assert "Refresh" in page or "Oppdater" in page


def test_an_inactive_committee_is_hidden_from_its_former_members(client, org, ready_report):
    Committee.objects.filter(pk=org.committee.pk).update(is_active=False)
    client.force_login(org.amu_member)
    assert client.get(f"/rapporter/amu/sammendrag/{ready_report.pk}/").status_code == 404


# -- ordering ----------------------------------------------------------------------------------


def test_member_orders_a_summary_and_finds_it_ready(
    client, org, django_capture_on_commit_callbacks, mailoutbox
):
    client.force_login(org.amu_member)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/rapporter/amu/{org.committee.pk}/", {"period": Q1.slug()})
    assert response.status_code == 302
    report = AmuReport.objects.get()
    assert (report.period_start, report.period_end) == (Q1.start, Q1.end)
    assert report.requested_by == org.amu_member
    assert not report.scheduled
    assert report.status == AmuReport.Status.READY
    assert report.file.name.startswith("amu-reports/")
    # The file is under MEDIA_ROOT/private, which no URL serves.
    assert "/private/" in report.file.path
    assert [m.to for m in mailoutbox] == [[org.amu_member.email]]


def test_the_summary_ready_e_mail_is_in_the_members_own_language(
    client, org, django_capture_on_commit_callbacks, mailoutbox
):
    org.amu_member.language = "en"
    org.amu_member.save(update_fields=["language"])
    client.force_login(org.amu_member)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/rapporter/amu/{org.committee.pk}/", {"period": Q1.slug()})
    (mail,) = mailoutbox
    assert mail.subject == f"Summary of deviations for {org.committee.name}, {Q1.label()}"
    assert "is ready." in mail.body


def test_member_orders_a_summary_for_chosen_dates(client, org, django_capture_on_commit_callbacks):
    client.force_login(org.amu_member)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            f"/rapporter/amu/{org.committee.pk}/",
            {"period": "custom", "start": "2026-03-10", "end": "2026-03-19"},
        )
    report = AmuReport.objects.get()
    assert (report.period_start, report.period_end) == (date(2026, 3, 10), date(2026, 3, 19))


@pytest.mark.parametrize(
    "data",
    [
        {"period": "custom", "start": "2026-03-19", "end": "2026-03-10"},
        {"period": "custom", "start": "2026-03-19"},
        {"period": "custom", "start": "2999-01-01", "end": "2999-03-31"},
        {"period": "custom", "start": "2010-01-01", "end": "2026-01-01"},
        {"period": "2999-01-01_2999-03-31"},
    ],
)
def test_an_impossible_period_is_refused(client, org, data):
    client.force_login(org.amu_member)
    response = client.post(f"/rapporter/amu/{org.committee.pk}/", data)
    assert response.status_code == 200
    assert response.context["form"].errors
    assert not AmuReport.objects.exists()


def test_ordering_the_same_period_twice_while_it_is_made_places_one_order(
    org, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        first = services.order_summary(org.committee, by=org.amu_member, period=Q1)
        second = services.order_summary(org.committee, by=org.amu_member, period=Q1)
    assert first == second
    assert len(callbacks) == 1


# -- the end-of-period task ---------------------------------------------------------------------


def test_beat_task_builds_each_summary_once(
    org, other_committee, django_capture_on_commit_callbacks, mailoutbox
):
    make_case(org.department, org.reporter, oslo(2026, 2, 1, 12))
    for _ in range(2):
        with django_capture_on_commit_callbacks(execute=True):
            tasks.build_due_amu_reports.delay()
    reports = AmuReport.objects.filter(scheduled=True)
    assert reports.count() == 2
    expected = last_completed_period("quarter", oslo_today())
    for report in reports:
        assert report.status == AmuReport.Status.READY
        assert report.period == expected
        with report.file.open("rb") as handle:
            assert handle.read(5) == b"%PDF-"
    recipients = sorted(address for message in mailoutbox for address in message.to)
    assert recipients == sorted([org.amu_member.email, other_committee.members.get().email])
    assert all(org.reporter.get_full_name() not in m.body for m in mailoutbox)


def test_each_committee_gets_its_own_kind_of_period(org, django_capture_on_commit_callbacks):
    tertial = CommitteeFactory(name="AMU T", unit=org.sector, period=Committee.Period.TERTIAL)
    yearly = CommitteeFactory(name="AMU Å", unit=org.unit, period=Committee.Period.YEAR)
    CommitteeFactory(name="Nedlagt", unit=org.unit, is_active=False)
    with django_capture_on_commit_callbacks(execute=True):
        services.schedule_due_reports(today=date(2026, 4, 1))
    periods = {r.committee_id: r.period for r in AmuReport.objects.filter(scheduled=True)}
    assert periods == {
        org.committee.pk: calendar_period("quarter", 2026, 1),
        tertial.pk: calendar_period("tertial", 2025, 3),
        yearly.pk: calendar_period("year", 2025),
    }


def test_a_period_is_not_summarised_before_its_last_day_has_ended(
    org, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        services.schedule_due_reports(today=date(2026, 3, 31))
    assert AmuReport.objects.get().period == calendar_period("quarter", 2025, 4)


def test_a_failed_summary_is_made_again_by_the_next_run(
    org, monkeypatch, django_capture_on_commit_callbacks
):
    def broken(*args, **kwargs):
        raise RuntimeError("WeasyPrint fell over")

    monkeypatch.setattr(services, "committee_summary_pdf", broken)
    with django_capture_on_commit_callbacks(execute=True):
        services.schedule_due_reports(today=date(2026, 4, 1))
    assert AmuReport.objects.get().status == AmuReport.Status.FAILED
    monkeypatch.undo()
    with django_capture_on_commit_callbacks(execute=True):
        services.schedule_due_reports(today=date(2026, 4, 1))
    report = AmuReport.objects.get()
    assert report.status == AmuReport.Status.READY


def test_an_order_whose_task_was_lost_is_built_by_the_sweep(org, mailoutbox):
    report = AmuReport.objects.create(
        committee=org.committee,
        period_start=Q1.start,
        period_end=Q1.end,
        requested_by=org.amu_member,
        queued_at=timezone.now() - timedelta(minutes=2),
    )
    assert services.requeue_waiting_summaries() == [report.pk]
    report.refresh_from_db()
    assert report.status == AmuReport.Status.READY
    assert report.attempts == 1


def test_an_order_queued_just_now_is_left_to_its_task(org):
    report = AmuReport.objects.create(
        committee=org.committee,
        period_start=Q1.start,
        period_end=Q1.end,
        requested_by=org.amu_member,
        queued_at=timezone.now(),
    )
    assert services.requeue_waiting_summaries() == []
    report.refresh_from_db()
    assert report.status == AmuReport.Status.PENDING


def test_an_order_whose_builds_keep_dying_is_marked_failed(org):
    report = AmuReport.objects.create(
        committee=org.committee,
        period_start=Q1.start,
        period_end=Q1.end,
        requested_by=org.amu_member,
        queued_at=timezone.now() - timedelta(minutes=2),
        attempts=services.MAX_BUILD_ATTEMPTS,
    )
    assert services.requeue_waiting_summaries() == []
    report.refresh_from_db()
    assert report.status == AmuReport.Status.FAILED


def test_ordering_again_while_pending_tells_the_real_state(client, org):
    client.cookies["django_language"] = "en"
    report = AmuReport.objects.create(
        committee=org.committee,
        period_start=Q1.start,
        period_end=Q1.end,
        requested_by=org.amu_member,
    )
    client.force_login(org.amu_member)
    response = client.post(
        f"/rapporter/amu/{org.committee.pk}/",
        {"period": "custom", "start": Q1.start.isoformat(), "end": Q1.end.isoformat()},
        follow=True,
    )
    text = response.content.decode()
    assert AmuReport.objects.get() == report
    assert "waiting for a background worker" in text, text[-3000:]


def test_building_a_summary_that_is_no_longer_pending_does_nothing(org, ready_report):
    name = ready_report.file.name
    assert services.build_report(ready_report.pk) is None
    ready_report.refresh_from_db()
    assert ready_report.file.name == name


def test_the_build_task_has_a_time_limit():
    assert tasks.build_amu_report.time_limit == tasks.BUILD_TIME_LIMIT
    assert tasks.build_amu_report.soft_time_limit < tasks.BUILD_TIME_LIMIT
    assert tasks.build_amu_report.acks_late
