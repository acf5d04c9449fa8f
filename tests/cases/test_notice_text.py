"""A title with & and quotes reaches every channel as written: escaped once where it
becomes HTML (the notifications page, the HTML e-mail) and nowhere else (the stored
notice, the e-mail subject, the plain-text body)."""

from html import unescape

import pytest

from cases.models import Case
from orgchart.models import Notification
from orgchart.notifications import written
from tests.avvik.filing import REPORT_URL, report_data

TITLE = 'Rør & kran på "kjøkken 2"'
ESCAPED_ONCE = "Rør &amp; kran på &quot;kjøkken 2&quot;"
TWICE = ("&amp;amp;", "&amp;quot;", "&amp;lt;", "&amp;#")


@pytest.fixture
def filed(client, org, categories, mailoutbox, django_capture_on_commit_callbacks):
    """The reporter files the report; the leader and the safety representative are told."""
    client.force_login(org.reporter)
    data = report_data(org.unit, categories["nestenulykke"], title=TITLE)
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(REPORT_URL, data).status_code == 302
    assert Case.objects.get().deviation.title == TITLE
    return mailoutbox


@pytest.mark.parametrize(("who", "title_in_subject"), [("leader", True), ("safety_rep", False)])
def test_title_with_ampersand_and_quotes_is_escaped_once_in_every_channel(
    client, org, filed, who, title_in_subject
):
    person = getattr(org, who)
    notice = Notification.objects.get(recipient=person)
    mail = next(m for m in filed if m.to == [person.email])
    if title_in_subject:
        assert TITLE in written(notice).subject
        assert TITLE in mail.subject
    assert TITLE in mail.body
    html, _type = mail.alternatives[0]
    assert ESCAPED_ONCE in html
    assert TITLE in unescape(html)
    for text in (mail.subject, mail.body):
        assert "&amp;" not in text and "&quot;" not in text and "&#x27;" not in text

    client.force_login(person)
    page = client.get("/organisasjon/varsler/").content.decode()
    if title_in_subject:
        assert ESCAPED_ONCE in page
    for twice in TWICE:
        assert twice not in page and twice not in html


def test_every_plain_text_template_turns_html_escaping_off():
    """Plain text is not HTML: a new e-mail template that forgets this would write
    `&amp;` into subjects and bodies again."""
    from pathlib import Path

    from django.conf import settings

    root = Path(settings.BASE_DIR) / "templates"
    forgotten = [
        str(path.relative_to(root))
        for path in root.rglob("*.txt")
        if "{% autoescape off %}" not in path.read_text()
    ]
    assert forgotten == []
