"""The timeline is stored as what happened and written for whoever reads it: an entry
made by an English-speaking leader reads in bokmål for a Norwegian reader, and the other
way round; dates inside the sentences follow the reader's locale."""

from __future__ import annotations

import importlib
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import formats, timezone, translation

from cases import services, timeline
from cases.models import CaseEvent
from tests.cases.workflow import acknowledged_case, open_case

pytestmark = pytest.mark.django_db

Kind = CaseEvent.Kind


def _case_page(client, user, case, language: str) -> str:
    user.language = language
    user.save(update_fields=["language"])
    client.force_login(user)
    response = client.get(reverse("cases:detail", args=[case.pk]))
    assert response.status_code == 200
    return response.content.decode()


def test_a_forward_written_by_an_english_leader_reads_in_each_readers_language(client, org):
    org.leader.language = "en"
    org.leader.save(update_fields=["language"])
    case = acknowledged_case(org)
    services.forward_up_the_line(case, by=org.leader, reason="Krever investering")

    english = _case_page(client, org.higher_leader, case, "en")
    bokmal = _case_page(client, org.higher_leader, case, "nb")

    assert "Forwarded to Sara Sektor (Helse og omsorg): Krever investering" in english
    assert "Sendt videre til Sara Sektor (Helse og omsorg): Krever investering" in bokmal
    assert "Sendt videre til" not in english
    assert "Reported and sent to Lars Leder." in english
    assert "Meldt og sendt til Lars Leder." in bokmal


def test_a_hold_date_is_written_in_the_readers_locale(client, org):
    case = acknowledged_case(org)
    until = timezone.localdate() + timedelta(days=10)
    services.put_on_hold(case, by=org.leader, until=until, reason="Venter på snekker")

    for language in ("nb", "en"):
        page = _case_page(client, org.leader, case, language)
        with translation.override(language):
            written = formats.date_format(until, "DATE_FORMAT")
        assert f"{written}: Venter på snekker" in page
        assert until.isoformat() not in page


def test_the_reporter_reads_the_latest_update_in_their_own_language(client, org):
    case = acknowledged_case(org)
    org.reporter.language = "en"
    org.reporter.save(update_fields=["language"])
    client.force_login(org.reporter)

    mine = client.get(reverse("cases:my_reports")).content.decode()
    own = client.get(reverse("cases:my_report", args=[case.pk])).content.decode()

    assert "Lars Leder has received the report and is handling it." in mine
    assert "Lars Leder has received the report and is handling it." in own
    assert "har mottatt meldingen" not in mine + own


def test_events_keep_values_and_only_what_people_wrote_as_text(org):
    case = acknowledged_case(org)
    services.forward_up_the_line(case, by=org.leader, reason="Krever investering")
    reported, acknowledged, forwarded = case.events.order_by("at", "pk")

    assert reported.message == "" and reported.data["leader"] == org.leader.pk
    assert acknowledged.message == "" and "closure_due" in acknowledged.data
    assert forwarded.message == ""
    assert forwarded.data["reason"] == "Krever investering"
    assert (forwarded.data["to_leader"], forwarded.data["to_unit"]) == (
        org.higher_leader.pk,
        org.sector.pk,
    )


def test_a_kind_without_a_renderer_shows_its_message(org):
    case = open_case(org)
    event = CaseEvent.objects.create(case=case, kind="new_kind", message="Skrevet av noen")
    (described,) = timeline.describe([event])
    assert (described.sentence, described.written) == ("", "Skrevet av noen")


# -- the migration that reads old texts back into values ---------------------------------

_migration = importlib.import_module("cases.migrations.0013_caseevent_values_from_texts")


@pytest.mark.parametrize(
    ("kind", "message", "data", "expected_message", "expected_values"),
    [
        ("reported", "Meldt og sendt til Lars Leder.", {}, "", {"leader_name": "Lars Leder"}),
        ("reported", "Reported and sent to the HMS administrators.", {}, "", {"leader": None}),
        (
            "forwarded",
            "Sendt videre til Sara Sektor (Helse og omsorg): Krever investering",
            {"to_leader": 1},
            "",
            {"reason": "Krever investering"},
        ),
        (
            "escalated",
            "The deadline for receipt passed; the case went to Sara Sektor (Helse og omsorg).",
            {"level": 1},
            "",
            {"stage": "receipt"},
        ),
        (
            "put_on_hold",
            "Satt på vent til 10.12.2026: Venter på snekker",
            {"until": "2026-12-10"},
            "",
            {"reason": "Venter på snekker"},
        ),
        (
            "effect_evaluated",
            "De korrigerende tiltakene virket.\nSkiltet står der nå",
            {"effective": True},
            "Skiltet står der nå",
            {},
        ),
        (
            "information_added",
            "Det var også oljesøl\n\nVedlagt: sol.jpg, sol2.jpg",
            {},
            "Det var også oljesøl",
            {"attachments": ["sol.jpg", "sol2.jpg"]},
        ),
        ("comment", "Meldt og sendt", {}, "Meldt og sendt", {}),
    ],
)
def test_old_texts_are_read_back_into_values(
    kind, message, data, expected_message, expected_values
):
    event = CaseEvent(kind=kind, message=message, data=dict(data))
    result = _migration._read_back(event, actions={})
    assert result == (expected_message, expected_values)


def test_an_old_text_that_cannot_be_read_is_kept_as_it_was(org):
    event = CaseEvent(kind="forwarded", message="Videresendt på gammelmåten", data={})
    assert _migration._read_back(event, actions={}) is None
    event.data = {"text_only": True}
    assert timeline.event_sentence(event) == ""


def test_the_case_pdf_writes_the_timeline_for_its_reader(client, org):
    from tests.cases.test_case_page_pdf import pdf_text

    case = acknowledged_case(org)
    services.forward_up_the_line(case, by=org.leader, reason="Krever investering")
    org.higher_leader.language = "en"
    org.higher_leader.save(update_fields=["language"])
    client.force_login(org.higher_leader)

    text = " ".join(pdf_text(client.get(reverse("cases:pdf", args=[case.pk]))).split())

    assert "Reported and sent to Lars Leder." in text
    assert "Forwarded to Sara Sektor (Helse og omsorg): Krever investering" in text
