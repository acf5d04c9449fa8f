""" "Mine avvik": the reporter follows their own reports and adds to the open ones."""

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db.models import F
from django.utils.html import escape

from avvik.models import Attachment, Deviation
from cases.models import Case, CaseEvent
from tests.avvik.filing import errors_next_to, jpeg, nb

pytestmark = pytest.mark.django_db

MY_REPORTS = "/avvik/mine/"


def _add_url(case):
    return f"/avvik/mine/{case.pk}/legg-til/"


def test_my_reports_shows_reference_title_status_handler_and_latest_update(
    client, org, file_report
):
    case = file_report(title="Glatt gulv ved inngangen")
    CaseEvent.objects.create(
        case=case,
        kind=CaseEvent.Kind.COMMENT,
        actor=org.leader,
        message="Vaktmester er bedt om å sette ut skilt",
        visible_to_reporter=True,
    )
    CaseEvent.objects.create(
        case=case,
        kind=CaseEvent.Kind.COMMENT,
        actor=org.leader,
        message="Intern: dette er tredje gang denne måneden",
        visible_to_reporter=False,
    )
    client.force_login(org.reporter)

    response = client.get(MY_REPORTS)

    html = response.content.decode()
    assert case.deviation.reference in html
    assert "Glatt gulv ved inngangen" in html
    assert escape(str(Case.Status.REPORTED.label)) in html or nb("Reported") in html
    assert escape(nb("Handled by %(name)s", name="Lars Leder")) in html
    assert "Vaktmester er bedt om å sette ut skilt" in html
    assert "Intern" not in html


def test_my_reports_lists_only_my_own_reports(client, org, file_report):
    mine = file_report(title="Min melding")
    theirs = file_report(org.colleague, title="Kollegas melding")
    client.force_login(org.reporter)

    html = client.get(MY_REPORTS).content.decode()

    assert mine.deviation.reference in html
    assert theirs.deviation.reference not in html
    assert "Kollegas melding" not in html


def _bulk_reports(org, categories, count):
    deviations = Deviation.objects.bulk_create(
        Deviation(
            reference=f"AV-2025-{n:06d}",
            reporter=org.reporter,
            unit=org.department,
            occurred_at="2025-03-01T10:00:00+01:00",
            category=categories["nestenulykke"],
            severity="low",
            title=f"Melding {n}",
            description="Beskrivelse",
        )
        for n in range(1, count + 1)
    )
    cases = Case.objects.bulk_create(
        Case(
            deviation=d,
            deviation_unit=d.unit,
            responsible_unit=org.unit,
            responsible_leader=org.leader,
        )
        for d in deviations
    )
    CaseEvent.objects.bulk_create(
        CaseEvent(
            case=case,
            kind=CaseEvent.Kind.REPORTED,
            actor=org.reporter,
            message=f"Sendt {case.pk}",
            visible_to_reporter=True,
        )
        for case in cases
    )


# Session, user, roles for the menu, the count for the pages, the page itself, and the
# people and units named in the latest updates (read once for the page): a fixed number,
# whatever the count.
MAX_QUERIES = 14


@pytest.mark.parametrize("count", [1, 500])
def test_my_reports_uses_the_same_few_queries_for_1_or_500_reports(
    client, org, categories, django_assert_max_num_queries, count
):
    _bulk_reports(org, categories, count)
    client.force_login(org.reporter)

    with django_assert_max_num_queries(MAX_QUERIES):
        response = client.get(MY_REPORTS)

    assert response.status_code == 200
    assert response.content.decode().count('class="list-group-item"') == min(count, 20)


def test_my_reports_pages_through_many_reports_newest_first(client, org, categories):
    _bulk_reports(org, categories, 45)
    Deviation.objects.filter(reporter=org.reporter).update(reported_at=F("occurred_at"))
    for n, deviation in enumerate(Deviation.objects.order_by("reference")):
        deviation.reported_at += timedelta(hours=n)
        deviation.save(update_fields=["reported_at"])
    client.force_login(org.reporter)

    first = client.get(MY_REPORTS).content.decode()
    last = client.get(MY_REPORTS, {"page": 3}).content.decode()

    assert "AV-2025-000045" in first and "AV-2025-000026" in first
    assert "AV-2025-000025" not in first
    assert (
        escape(
            nb("Showing %(first)s–%(last)s of %(total)s, newest first.", first=1, last=20, total=45)
        )
        in first
    )
    assert "?page=2" in first
    assert last.count('class="list-group-item"') == 5
    assert "AV-2025-000001" in last and "AV-2025-000006" not in last


def test_reporter_adds_information_and_a_photo_to_an_open_report(
    client, org, file_report, django_capture_on_commit_callbacks, mailoutbox
):
    case = file_report()
    client.force_login(org.reporter)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            _add_url(case), {"text": "Det var også oljesøl", "attachments": jpeg("sol.jpg")}
        )

    assert response.status_code == 302
    assert response["Location"] == f"/avvik/mine/{case.pk}/"
    event = case.events.get(kind=CaseEvent.Kind.INFORMATION_ADDED)
    assert event.actor == org.reporter
    assert event.visible_to_reporter
    assert "Det var også oljesøl" in event.message
    assert event.data["attachments"] == ["sol.jpg"]
    assert [a.original_name for a in case.deviation.attachments.all()] == ["sol.jpg"]
    (mail,) = mailoutbox
    assert mail.to == [org.leader.email]
    assert case.deviation.reference in mail.subject + mail.body
    assert "Det var også oljesøl" in client.get(f"/avvik/mine/{case.pk}/").content.decode()


def test_the_leader_is_not_emailed_about_added_information_before_commit(
    client, org, file_report, django_capture_on_commit_callbacks, mailoutbox
):
    case = file_report()
    client.force_login(org.reporter)

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        client.post(_add_url(case), {"text": "Mer informasjon"})

    assert mailoutbox == []
    for callback in callbacks:
        callback()
    assert [mail.to for mail in mailoutbox] == [[org.leader.email]]


def test_nothing_can_be_added_to_a_closed_report(
    client, org, file_report, django_capture_on_commit_callbacks, mailoutbox
):
    case = file_report()
    Case.objects.filter(pk=case.pk).update(status=Case.Status.CLOSED)
    events_before = case.events.count()
    client.force_login(org.reporter)

    page = client.get(f"/avvik/mine/{case.pk}/")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            _add_url(case), {"text": "For sent", "attachments": jpeg("sent.jpg")}, follow=True
        )

    assert _add_url(case) not in page.content.decode()
    assert escape(nb("The case is closed; it can no longer be added to.")) in (
        response.content.decode()
    )
    assert case.events.count() == events_before
    assert Attachment.objects.count() == 0
    assert mailoutbox == []


def test_an_empty_addition_is_refused(client, org, file_report):
    case = file_report()
    client.force_login(org.reporter)

    response = client.post(_add_url(case), {"text": "  "})

    assert response.status_code == 200
    assert escape(nb("Write something or attach a file.")) in response.content.decode()
    assert not case.events.filter(kind=CaseEvent.Kind.INFORMATION_ADDED).exists()


def test_a_disguised_file_added_later_is_refused_with_the_reason(client, org, file_report):
    case = file_report()
    client.force_login(org.reporter)
    disguised = SimpleUploadedFile("bilde.jpg", b"<html><script>alert(1)</script>", "image/jpeg")

    response = client.post(_add_url(case), {"text": "Se vedlegg", "attachments": disguised})

    assert response.status_code == 200
    message = nb(
        "“%(name)s” is not a photo (JPEG, PNG, WebP) or a PDF, whatever its name says.",
        name="bilde.jpg",
    )
    assert errors_next_to(response, "attachments") == [message]
    assert "Se vedlegg" in response.content.decode()
    assert not case.events.filter(kind=CaseEvent.Kind.INFORMATION_ADDED).exists()
    assert Attachment.objects.count() == 0


def test_adding_files_stops_at_five_per_report(client, org, file_report):
    case = file_report(photo=True)
    client.force_login(org.reporter)
    photos = [jpeg(f"bilde{n}.jpg") for n in range(5)]

    response = client.post(
        _add_url(case), {"text": "Flere bilder", "attachments": photos}, follow=True
    )

    assert nb("At most %(max)d files per report.", max=5) in response.content.decode()
    assert case.deviation.attachments.count() == 1
    assert not case.events.filter(kind=CaseEvent.Kind.INFORMATION_ADDED).exists()


def test_a_reporter_given_an_action_marks_it_done_from_their_own_page(client, org, file_report):
    from cases import services
    from tests.cases.workflow import due

    case = file_report()
    services.acknowledge(case, by=org.leader)
    mine = services.add_corrective_action(
        case, by=org.leader, description="Heng opp skiltet", assignee=org.reporter, due_date=due()
    )
    services.add_corrective_action(
        case, by=org.leader, description="Bytt matten", assignee=org.colleague, due_date=due()
    )
    client.force_login(org.reporter)

    html = client.get(f"/avvik/mine/{case.pk}/").content.decode()
    section = html.split('id="h-my-actions"')[1].split("</section>")[0]
    assert "Heng opp skiltet" in section
    assert "Bytt matten" not in section
    assert f'action="/avvik/saker/{case.pk}/tiltak/{mine.pk}/utfort/"' in section

    response = client.post(f"/avvik/saker/{case.pk}/tiltak/{mine.pk}/utfort/", {"note": "Gjort"})

    assert response.status_code == 302
    mine.refresh_from_db()
    assert mine.is_done and mine.done_by == org.reporter and mine.done_note == "Gjort"
    page = client.get(f"/avvik/mine/{case.pk}/").content.decode()
    assert 'id="h-my-actions"' not in page


def test_a_reporter_told_on_their_own_page_when_their_action_cannot_be_marked_done(
    client, org, file_report
):
    from cases import services
    from tests.cases.workflow import due

    case = file_report()
    services.acknowledge(case, by=org.leader)
    action = services.add_corrective_action(
        case, by=org.leader, description="Heng opp skiltet", assignee=org.reporter, due_date=due()
    )
    services.complete_action(action, by=org.leader, note="")
    client.force_login(org.reporter)

    response = client.post(
        f"/avvik/saker/{case.pk}/tiltak/{action.pk}/utfort/", {"note": "Gjort"}, follow=True
    )

    assert response.redirect_chain[-1][0] == f"/avvik/mine/{case.pk}/"
    assert list(response.context["messages"])


def test_adding_six_files_keeps_the_text_typed_and_says_why(client, org, file_report):
    case = file_report()
    client.force_login(org.reporter)
    photos = [jpeg(f"bilde{n}.jpg") for n in range(6)]
    typed = "Lekkasjen har spredt seg til naborommet, se bildene."

    response = client.post(_add_url(case), {"text": typed, "attachments": photos})

    assert response.status_code == 200
    assert errors_next_to(response, "attachments") == [
        nb("At most %(max)d files per report.", max=5)
    ]
    assert f"{typed}</textarea>" in response.content.decode()
    assert case.deviation.attachments.count() == 0
    assert not case.events.filter(kind=CaseEvent.Kind.INFORMATION_ADDED).exists()


def test_added_information_over_the_length_limit_is_refused_and_kept(client, org, file_report):
    case = file_report()
    client.force_login(org.reporter)
    typed = "Mer om hendelsen. " * 250  # 4,500 characters

    response = client.post(_add_url(case), {"text": typed})

    assert response.status_code == 200
    assert errors_next_to(response, "text")
    assert typed.strip() in response.content.decode()
    assert not case.events.filter(kind=CaseEvent.Kind.INFORMATION_ADDED).exists()
