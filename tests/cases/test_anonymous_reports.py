"""Anonymous reports: nothing about who filed it is kept, in the row, the timeline, the
e-mails or the logs; the follow-up code opens that case only, and wrong codes are
limited; the leader and the reporter write to each other through it."""

from __future__ import annotations

import logging
import re

import pytest
from django.core import mail

from avvik.models import Attachment, Deviation, InjuryDetails
from cases import services
from cases.models import Case, CaseEvent
from orgchart.models import Notification
from tests.avvik.filing import REPORT_URL, jpeg, nb, report_data
from tests.cases.limits import cache_of_its_own

pytestmark = pytest.mark.django_db

CODE = re.compile(r'id="follow-up-code">([^<]+)<')


@pytest.fixture(autouse=True)
def _fresh_limits(settings):
    cache_of_its_own(settings)


def _traces_of(person) -> list[str]:
    """What would give the reporter away if it turned up somewhere."""
    return [
        person.username,
        person.email,
        person.first_name,
        person.last_name,
        person.display_name,
    ]


def file_anonymously(client, org, categories, **overrides):
    client.force_login(org.reporter)
    data = report_data(org.department, categories["nestenulykke"], anonymous="on", **overrides)
    response = client.post(REPORT_URL, {**data, "attachments": [jpeg()]})
    assert response.status_code == 200, response.content.decode()[:2000]
    return response, CODE.search(response.content.decode()).group(1)


def test_an_anonymous_report_keeps_no_trace_of_the_reporter(
    client, org, categories, caplog, django_capture_on_commit_callbacks
):
    caplog.set_level(logging.DEBUG)
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        response, code = file_anonymously(client, org, categories)

    deviation = Deviation.objects.get()
    case = deviation.case
    assert deviation.is_anonymous
    # The database row and everything hanging from it.
    row = str(Deviation.objects.values().get())
    assert deviation.reporter_id is None
    assert str(org.reporter.pk) not in re.findall(r"'reporter_id': (\w+)", row)
    for trace in _traces_of(org.reporter):
        assert trace not in row
    assert Attachment.objects.get().uploaded_by is None
    assert str(deviation.submission_token) not in response.content.decode()
    # The timeline.
    for event in CaseEvent.objects.filter(case=case):
        assert event.actor_id is None
        for trace in _traces_of(org.reporter):
            assert trace not in event.message and trace not in str(event.data)
    # The notices and e-mails (the leader was told of the new case).
    assert mail.outbox
    for message in mail.outbox:
        assert org.reporter.email not in message.to
        text = message.subject + message.body + str(message.alternatives)
        for trace in _traces_of(org.reporter):
            assert trace not in text
    for notice in Notification.objects.all():
        for trace in _traces_of(org.reporter):
            assert trace not in f"{notice.subject} {notice.body}"
    # Django's own logging.
    logged = "\n".join(f"{r.name} {r.getMessage()} {r.__dict__}" for r in caplog.records)
    for trace in _traces_of(org.reporter):
        assert trace not in logged
    # Not among the employee's own reports either.
    assert not Case.objects.reported_by(org.reporter).exists()
    assert code


def test_the_leader_sees_anonymous_reporter(client, org, categories):
    file_anonymously(client, org, categories)
    client.force_login(org.leader)

    html = client.get(f"/avvik/saker/{Case.objects.get().pk}/").content.decode()

    assert nb("anonymous reporter") in html
    assert org.reporter.display_name not in html


def test_an_anonymous_personal_injury_cannot_carry_injury_details(client, org, categories):
    client.force_login(org.reporter)
    data = report_data(
        org.department,
        categories["personskade"],
        anonymous="on",
        injured_person="Åse Ansatt",
        injury_kind="Kutt i hånden",
    )

    refused = client.post(REPORT_URL, data)
    accepted = client.post(REPORT_URL, {**data, "injured_person": "", "injury_kind": ""})

    assert refused.status_code == 200
    assert (
        nb(
            "An injured person is not anonymous. Leave the injury details out of an anonymous "
            "report, or report with your name."
        )
        in refused.content.decode()
    )
    assert CODE.search(accepted.content.decode())
    assert Deviation.objects.get().is_anonymous
    assert not InjuryDetails.objects.exists()


def test_sending_an_anonymous_report_twice_files_it_once(client, org, categories):
    client.force_login(org.reporter)
    data = report_data(org.department, categories["nestenulykke"], anonymous="on")

    first = client.post(REPORT_URL, data)
    second = client.post(REPORT_URL, data)

    assert Deviation.objects.count() == 1
    assert CODE.search(first.content.decode()).group(1) == CODE.search(
        second.content.decode()
    ).group(1)


# -- the follow-up code -------------------------------------------------------------------


def open_with(client, code):
    return client.post("/avvik/oppfolging/", {"code": code})


def test_the_code_opens_that_case_and_no_other(client, org, categories):
    _response, code = file_anonymously(client, org, categories, title="Første anonyme")
    _response, other_code = file_anonymously(client, org, categories, title="Andre anonyme")
    client.logout()

    page = open_with(client, code).content.decode()
    other = open_with(client, other_code).content.decode()

    assert "Første anonyme" in page and "Andre anonyme" not in page
    assert "Andre anonyme" in other and "Første anonyme" not in other
    # Typed without dashes, in small letters, with O for 0: still the same code.
    typed = code.replace("-", "").lower().replace("0", "o")
    assert "Første anonyme" in open_with(client, typed).content.decode()


def test_a_wrong_code_opens_nothing(client, org, categories):
    _response, code = file_anonymously(client, org, categories)
    client.logout()
    wrong = ("A" if code[0] != "A" else "B") + code[1:]

    response = open_with(client, wrong)

    assert response.status_code == 200
    assert "Glatt gulv" not in response.content.decode()
    assert nb("No report has this code. Check it and try again.") in response.content.decode()


def test_wrong_codes_are_limited_per_address(client, org, categories, settings):
    settings.FOLLOW_UP_CODE_FAILURES_PER_HOUR = 3
    _response, code = file_anonymously(client, org, categories)
    client.logout()
    for _i in range(3):
        open_with(client, "ABCD-EFGH-JKMN-PQRS-TVWX")

    refused = open_with(client, code)

    assert refused.status_code == 429
    assert "Glatt gulv" not in refused.content.decode()
    assert "Traceback" not in refused.content.decode()


def test_the_leader_and_the_anonymous_reporter_write_to_each_other(client, org, categories):
    _response, code = file_anonymously(client, org, categories)
    case = Case.objects.get()
    services.acknowledge(case, by=org.leader)
    services.comment(
        case, by=org.leader, text="Hvor på kjøkkenet var det?", visible_to_reporter=True
    )
    services.comment(case, by=org.leader, text="Internt notat", visible_to_reporter=False)
    client.logout()

    page = open_with(client, code).content.decode()
    reply_token = re.search(r'name="reply_token" value="([^"]+)"', page).group(1)
    reply = {"code": code, "reply_token": reply_token, "text": "Ved oppvaskmaskinen."}
    answered = client.post("/avvik/oppfolging/svar/", {**reply, "attachments": [jpeg()]})
    client.post("/avvik/oppfolging/svar/", reply)  # a refresh sends it again

    assert "Hvor på kjøkkenet var det?" in page
    assert "Internt notat" not in page
    assert "Ved oppvaskmaskinen." in answered.content.decode()
    added = CaseEvent.objects.filter(case=case, kind=CaseEvent.Kind.INFORMATION_ADDED)
    assert added.count() == 1
    assert added.get().actor is None
    assert list(case.deviation.attachments.values_list("uploaded_by", flat=True)) == [None, None]
    # The leader reads the answer on the case page.
    client.force_login(org.leader)
    assert "Ved oppvaskmaskinen." in client.get(f"/avvik/saker/{case.pk}/").content.decode()


def test_closing_tells_the_anonymous_reporter_through_the_follow_up_page(client, org, categories):
    _response, code = file_anonymously(client, org, categories)
    case = Case.objects.get()
    services.close_as_not_a_deviation(case, by=org.leader, reason="Dette var planlagt vedlikehold.")
    client.logout()

    page = open_with(client, code).content.decode()

    assert nb("The case is closed") in page
    assert "Dette var planlagt vedlikehold." in page
    assert 'action="/avvik/oppfolging/svar/"' not in page


def test_filing_anonymously_does_not_touch_the_employees_session(client, org, categories):
    from django.contrib.sessions.models import Session

    client.force_login(org.reporter)
    client.get(REPORT_URL)
    before = Session.objects.values_list("session_key", "expire_date").get()
    data = report_data(org.department, categories["nestenulykke"], anonymous="on")

    client.post(REPORT_URL, data)

    assert Deviation.objects.get().is_anonymous
    assert Session.objects.values_list("session_key", "expire_date").get() == before


def test_the_leader_is_told_how_an_anonymous_reporter_reads_a_message(client, org, categories):
    file_anonymously(client, org, categories)
    case = Case.objects.get()
    services.acknowledge(case, by=org.leader)
    client.force_login(org.leader)

    html = client.get(f"/avvik/saker/{case.pk}/").content.decode()

    assert (
        nb("The reporter reads it on the follow-up page, with the code from their receipt.") in html
    )
