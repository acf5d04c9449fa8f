"""The "Meld avvik" form: what it refuses, what it keeps, and what it never files twice."""

import io
from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image

from avvik.models import Attachment, Deviation, InjuryDetails
from tests.avvik.filing import (
    REPORT_URL,
    errors_next_to,
    jpeg,
    jpeg_bytes,
    local_input,
    nb,
    pdf,
    report_data,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def reporter_client(client, org):
    client.force_login(org.reporter)
    return client


def _attachments_of(deviation):
    return list(deviation.attachments.order_by("pk"))


def test_reporter_files_a_deviation_and_is_shown_the_receipt(reporter_client, org, categories):
    data = report_data(org.department, categories["nestenulykke"], location="Vaktrommet")

    response = reporter_client.post(REPORT_URL, data)

    deviation = Deviation.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/avvik/meld/kvittering/{deviation.case.pk}/"
    assert deviation.reporter == org.reporter
    assert deviation.unit == org.department
    assert deviation.title == "Glatt gulv ved inngangen"
    assert deviation.location == "Vaktrommet"
    assert deviation.reference.startswith(f"AV-{timezone.localtime().year}-")


@pytest.mark.parametrize(
    "field", ["category", "severity", "title", "description", "occurred_at", "unit"]
)
def test_each_required_field_left_empty_gets_a_message_next_to_it(
    reporter_client, org, categories, field
):
    data = report_data(org.department, categories["nestenulykke"], **{field: ""})

    response = reporter_client.post(REPORT_URL, data)

    assert response.status_code == 200
    assert errors_next_to(response, field) == [nb("This field is required.")]
    assert Deviation.objects.count() == 0


def test_a_title_longer_than_150_characters_is_refused(reporter_client, org, categories):
    data = report_data(org.department, categories["nestenulykke"], title="x" * 151)

    response = reporter_client.post(REPORT_URL, data)

    assert errors_next_to(response, "title")
    assert Deviation.objects.count() == 0


def test_a_severity_that_is_not_on_the_list_is_refused(reporter_client, org, categories):
    data = report_data(org.department, categories["nestenulykke"], severity="catastrophic")

    response = reporter_client.post(REPORT_URL, data)

    assert errors_next_to(response, "severity")
    assert Deviation.objects.count() == 0


def test_a_time_in_the_future_is_refused(reporter_client, org, categories):
    tomorrow = local_input(timezone.now() + timedelta(days=1))
    data = report_data(org.department, categories["nestenulykke"], occurred_at=tomorrow)

    response = reporter_client.post(REPORT_URL, data)

    assert errors_next_to(response, "occurred_at") == [nb("The time cannot be in the future.")]
    assert Deviation.objects.count() == 0


def test_a_time_a_few_minutes_ahead_is_accepted_for_a_phone_whose_clock_runs_fast(
    reporter_client, org, categories
):
    soon = local_input(timezone.now() + timedelta(minutes=2))
    data = report_data(org.department, categories["nestenulykke"], occurred_at=soon)

    assert reporter_client.post(REPORT_URL, data).status_code == 302
    assert Deviation.objects.count() == 1


def test_personal_injury_requires_who_was_hurt_and_the_kind_of_injury(
    reporter_client, org, categories
):
    data = report_data(org.department, categories["personskade"])

    response = reporter_client.post(REPORT_URL, data)

    required = [nb("Required for personal injury.")]
    assert errors_next_to(response, "injured_person") == required
    assert errors_next_to(response, "injury_kind") == required
    # The folded injury section opens so the messages can be seen.
    assert '<details class="mb-3 border rounded p-2" id="injury-section" open>' in (
        response.content.decode()
    )
    assert Deviation.objects.count() == 0
    assert InjuryDetails.objects.count() == 0


def test_injury_details_are_stored_apart_from_the_report(reporter_client, org, categories):
    data = report_data(
        org.department,
        categories["personskade"],
        injured_person="Meg selv",
        injury_kind="Kutt i hånden",
        treatment="doctor",
        absence="on",
    )

    assert reporter_client.post(REPORT_URL, data).status_code == 302

    injury = InjuryDetails.objects.get()
    assert injury.deviation == Deviation.objects.get()
    assert (injury.injured_person, injury.injury_kind) == ("Meg selv", "Kutt i hånden")
    assert injury.treatment == InjuryDetails.Treatment.DOCTOR
    assert injury.absence is True


def test_injury_fields_are_ignored_for_other_categories(reporter_client, org, categories):
    data = report_data(
        org.department, categories["materiell-skade"], injured_person="Kari", injury_kind="Kutt"
    )

    assert reporter_client.post(REPORT_URL, data).status_code == 302
    assert InjuryDetails.objects.count() == 0


def test_an_invalid_form_keeps_what_was_typed_and_the_uploaded_photo(
    reporter_client, org, categories
):
    data = report_data(
        org.department,
        categories["nestenulykke"],
        category="",
        title="Løs kabel i gangen",
        description="Skjøteledning over gulvet utenfor rom 12.",
    )

    response = reporter_client.post(REPORT_URL, {**data, "attachments": jpeg("gangen.jpg")})

    html = response.content.decode()
    assert errors_next_to(response, "category")
    assert 'value="Løs kabel i gangen"' in html
    assert "Skjøteledning over gulvet utenfor rom 12." in html
    assert nb("Remove %(name)s", name="gangen.jpg") in html
    assert Deviation.objects.count() == 0

    # Sent again with the category chosen and no new file: the photo comes along.
    data["category"] = categories["nestenulykke"].pk
    assert reporter_client.post(REPORT_URL, data).status_code == 302

    deviation = Deviation.objects.get()
    assert [a.original_name for a in _attachments_of(deviation)] == ["gangen.jpg"]
    assert deviation.title == "Løs kabel i gangen"


def test_a_pending_photo_can_be_removed_before_sending(reporter_client, org, categories):
    data = report_data(org.department, categories["nestenulykke"], title="")
    reporter_client.post(REPORT_URL, {**data, "attachments": jpeg("feil.jpg")})
    pending = Attachment.objects.get()

    data.update(title="Løs kabel", remove_attachment=[pending.pk])
    assert reporter_client.post(REPORT_URL, data).status_code == 302

    assert _attachments_of(Deviation.objects.get()) == []
    assert not Attachment.objects.filter(pk=pending.pk).exists()


def test_photo_and_pdf_are_attached_under_generated_names(reporter_client, org, categories):
    data = report_data(org.department, categories["nestenulykke"])

    response = reporter_client.post(
        REPORT_URL, {**data, "attachments": [jpeg("IMG_2041.jpg"), pdf("skjema.pdf")]}
    )

    assert response.status_code == 302
    photo, document = _attachments_of(Deviation.objects.get())
    assert (photo.original_name, photo.content_type) == ("IMG_2041.jpg", "image/jpeg")
    assert (document.original_name, document.content_type) == ("skjema.pdf", "application/pdf")
    for attachment in (photo, document):
        assert attachment.file.name.startswith("attachments/")
        assert attachment.original_name not in attachment.file.name


@pytest.mark.parametrize(
    "over, size",
    [(1024, "10,001\xa0MB"), (200 * 1024, "10,2\xa0MB"), (1, "10\xa0485\xa0761 byte")],
)
def test_a_file_over_10_mb_is_refused_with_its_size_in_the_readers_locale(
    reporter_client, org, categories, over, size
):
    big = SimpleUploadedFile(
        "stor.jpg", b"\xff\xd8\xff\xe0" + b"\0" * (10 * 1024 * 1024 - 4 + over), "image/jpeg"
    )
    data = report_data(org.department, categories["nestenulykke"])

    response = reporter_client.post(REPORT_URL, {**data, "attachments": big})

    assert response.status_code == 200
    message = nb(
        "“%(name)s” is %(size)s; files may be at most %(limit)s.",
        name="stor.jpg",
        size=size,
        limit="10\xa0MB",
    )
    assert errors_next_to(response, "attachments") == [message]
    assert Attachment.objects.count() == 0
    assert Deviation.objects.count() == 0


@pytest.mark.parametrize(
    "name, content",
    [
        ("bilde.gif", b"GIF89a\x01\x00\x01\x00\x00\x00\x00;"),
        ("bilde.jpg", b"MZ\x90\x00\x03\x00\x00\x00 not a picture at all"),
        ("bilde.jpg", b"<!doctype html><html><script>alert(document.cookie)</script></html>"),
    ],
    ids=["gif", "executable-named-jpg", "html-named-jpg"],
)
def test_a_file_that_is_not_a_photo_or_pdf_is_refused_whatever_its_name(
    reporter_client, org, categories, name, content
):
    upload = SimpleUploadedFile(name, content, content_type="image/jpeg")
    data = report_data(org.department, categories["nestenulykke"])

    response = reporter_client.post(REPORT_URL, {**data, "attachments": upload})

    message = nb(
        "“%(name)s” is not a photo (JPEG, PNG, WebP) or a PDF, whatever its name says.",
        name=name,
    )
    assert errors_next_to(response, "attachments") == [message]
    assert Attachment.objects.count() == 0
    assert Deviation.objects.count() == 0


def test_a_broken_jpeg_is_refused(reporter_client, org, categories):
    upload = SimpleUploadedFile("bilde.jpg", b"\xff\xd8\xff\xe0" + b"garbage" * 20, "image/jpeg")
    data = report_data(org.department, categories["nestenulykke"])

    response = reporter_client.post(REPORT_URL, {**data, "attachments": upload})

    message = nb("“%(name)s” could not be read as a picture.", name="bilde.jpg")
    assert errors_next_to(response, "attachments") == [message]
    assert Attachment.objects.count() == 0


def test_the_gps_position_is_removed_from_a_photo(reporter_client, org, categories):
    exif = Image.Exif()
    exif[0x010F] = "Telefonprodusent"
    exif[0x8825] = {1: "N", 2: (59.0, 54.0, 30.5), 3: "E", 4: (10.0, 45.0, 12.0)}
    original = jpeg_bytes(exif=exif)
    assert Image.open(io.BytesIO(original)).getexif().get_ifd(0x8825)  # the test's own premise
    upload = SimpleUploadedFile("IMG_0001.jpg", original, "image/jpeg")
    data = report_data(org.department, categories["nestenulykke"])

    assert reporter_client.post(REPORT_URL, {**data, "attachments": upload}).status_code == 302

    (attachment,) = _attachments_of(Deviation.objects.get())
    with attachment.file.open("rb") as handle:
        stored = Image.open(io.BytesIO(handle.read()))
        stored.load()
    assert stored.format == "JPEG"
    assert stored.size == (64, 48)
    assert dict(stored.getexif()) == {}
    assert stored.getexif().get_ifd(0x8825) == {}


def test_more_than_five_files_are_refused(reporter_client, org, categories):
    data = report_data(org.department, categories["nestenulykke"])
    photos = [jpeg(f"bilde{n}.jpg") for n in range(6)]

    response = reporter_client.post(REPORT_URL, {**data, "attachments": photos})

    assert response.status_code == 200
    assert errors_next_to(response, "attachments") == [
        nb("At most %(max)d files per report.", max=5)
    ]
    assert Attachment.objects.count() == 0
    assert Deviation.objects.count() == 0


def test_files_sent_in_several_rounds_count_towards_the_five(reporter_client, org, categories):
    data = report_data(org.department, categories["nestenulykke"], title="")
    photos = [jpeg(f"bilde{n}.jpg") for n in range(4)]
    reporter_client.post(REPORT_URL, {**data, "attachments": photos})
    assert Attachment.objects.count() == 4

    data["title"] = "Løs kabel"
    extra = [jpeg("bilde4.jpg"), jpeg("bilde5.jpg")]
    response = reporter_client.post(REPORT_URL, {**data, "attachments": extra})

    assert errors_next_to(response, "attachments") == [
        nb("At most %(max)d files per report.", max=5)
    ]
    assert Attachment.objects.count() == 4
    assert Deviation.objects.count() == 0


def test_the_same_submission_sent_twice_files_one_deviation(reporter_client, org, categories):
    data = report_data(org.department, categories["nestenulykke"])

    first = reporter_client.post(REPORT_URL, data)
    second = reporter_client.post(REPORT_URL, data)

    assert Deviation.objects.count() == 1
    assert first.status_code == second.status_code == 302
    assert second["Location"] == first["Location"]


def test_another_person_cannot_reuse_someone_elses_submission(client, org, categories):
    data = report_data(org.department, categories["nestenulykke"])
    client.force_login(org.reporter)
    client.post(REPORT_URL, data)

    client.force_login(org.colleague)
    response = client.post(REPORT_URL, {**data, "title": "Kapret"})

    assert response.status_code in (403, 404)
    assert Deviation.objects.get().title == "Glatt gulv ved inngangen"


def test_searching_for_a_unit_lists_matches_and_keeps_what_was_typed(
    reporter_client, org, categories
):
    data = report_data(
        org.department,
        categories["nestenulykke"],
        title="Mangler brannslukker",
        description="Brannslukkeren i bilen er borte.",
        unit_search="hjemme",
        search_unit="Søk",
    )
    del data["submit_report"]

    response = reporter_client.post(REPORT_URL, data)

    html = response.content.decode()
    assert response.status_code == 200
    options = [unit for unit, _label in response.context["form"].fields["unit"].choices]
    assert org.sibling_unit.pk in options
    assert org.sector.pk not in options
    assert 'value="Mangler brannslukker"' in html
    assert "Brannslukkeren i bilen er borte." in html
    # A search is not a failed submission: no error messages.
    assert "invalid-feedback" not in html
    assert Deviation.objects.count() == 0

    # Pick the unit found and send.
    data.pop("search_unit")
    data.update(unit=org.sibling_unit.pk, submit_report="")
    assert reporter_client.post(REPORT_URL, data).status_code == 302
    assert Deviation.objects.get().unit == org.sibling_unit


def test_unit_search_without_javascript_says_when_nothing_matches(reporter_client, org, categories):
    data = report_data(
        org.department,
        categories["nestenulykke"],
        title="Mangler brannslukker",
        unit_search="Ingenstedsenhet",
        search_unit="Søk",
    )
    del data["submit_report"]

    response = reporter_client.post(REPORT_URL, data)

    assert response.status_code == 200
    assert errors_next_to(response, "unit_search") == [
        "Ingen enheter passer med «Ingenstedsenhet»."
    ]
    html = response.content.decode()
    assert 'value="Ingenstedsenhet"' in html
    assert 'value="Mangler brannslukker"' in html
    assert Deviation.objects.count() == 0


def test_unit_search_without_javascript_says_how_many_it_found(reporter_client, org, categories):
    data = report_data(
        org.department, categories["nestenulykke"], unit_search="hjemme", search_unit="Søk"
    )
    del data["submit_report"]

    html = reporter_client.post(REPORT_URL, data).content.decode()

    assert "1 enhet funnet; velg i listen." in html


def test_any_active_unit_can_be_chosen_not_only_the_listed_ones(reporter_client, org, categories):
    data = report_data(org.sibling_unit, categories["nestenulykke"])

    assert reporter_client.post(REPORT_URL, data).status_code == 302
    assert Deviation.objects.get().unit == org.sibling_unit


@pytest.mark.parametrize("value", ["999999", "abc"])
def test_a_unit_that_does_not_exist_is_refused(reporter_client, org, categories, value):
    data = report_data(org.department, categories["nestenulykke"], unit=value)

    response = reporter_client.post(REPORT_URL, data)

    assert response.status_code == 200
    assert errors_next_to(response, "unit")
    assert Deviation.objects.count() == 0


def test_the_form_starts_with_the_reporters_own_unit(reporter_client, org, categories):
    response = reporter_client.get(REPORT_URL)

    form = response.context["form"]
    assert response.status_code == 200
    assert list(form.fields["unit"].choices)[0][0] == org.department.pk
    assert form["submission_token"].value()


def test_a_qr_code_link_fills_in_unit_and_place(reporter_client, org, categories):
    response = reporter_client.get(REPORT_URL, {"enhet": "HJT", "sted": "Kjøkken 2. etg"})

    form = response.context["form"]
    html = response.content.decode()
    assert form["unit"].value() == org.sibling_unit.pk
    assert form["location"].value() == "Kjøkken 2. etg"
    assert f'<option value="{org.sibling_unit.pk}" selected>' in html
    assert 'value="Kjøkken 2. etg"' in html


def test_a_qr_code_for_a_closed_unit_falls_back_to_the_reporters_own(
    reporter_client, org, categories
):
    org.sibling_unit.is_active = False
    org.sibling_unit.save()

    response = reporter_client.get(REPORT_URL, {"enhet": "HJT"})

    form = response.context["form"]
    assert org.sibling_unit.pk not in [pk for pk, _label in form.fields["unit"].choices]
    assert list(form.fields["unit"].choices)[0][0] == org.department.pk


@pytest.mark.parametrize(
    "field, limit",
    [("description", 4000), ("immediate_action", 2000), ("suggested_measure", 2000)],
)
def test_free_text_over_its_limit_is_refused_next_to_the_field_and_kept(
    reporter_client, org, categories, field, limit
):
    typed = "Vann på gulvet. " * (limit // 16 + 10)
    data = report_data(org.department, categories["nestenulykke"], **{field: typed})

    response = reporter_client.post(REPORT_URL, data)

    assert response.status_code == 200
    assert errors_next_to(response, field)
    assert typed.strip() in response.content.decode()
    assert f'maxlength="{limit}"' in response.content.decode()
    assert Deviation.objects.count() == 0


def test_a_million_characters_are_not_stored(reporter_client, org, categories):
    data = report_data(org.department, categories["nestenulykke"], description="x" * 1_000_000)

    response = reporter_client.post(REPORT_URL, data)

    assert response.status_code == 200
    assert Deviation.objects.count() == 0
