"""What upload abuse of the running app found: decompression bombs, active content in
PDFs, comments surviving re-encoding, downloads named by the uploader's extension."""

import io
import threading

import pikepdf
import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image
from PIL.PngImagePlugin import PngInfo

from avvik import upload_images
from avvik.attachments import check_upload
from avvik.models import Attachment, Deviation
from tests.avvik.filing import REPORT_URL, errors_next_to, jpeg_bytes, nb, pdf, report_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def reporter_client(client, org):
    client.force_login(org.reporter)
    return client


def _png(size, mode="1") -> bytes:
    out = io.BytesIO()
    Image.new(mode, size).save(out, "PNG")
    return out.getvalue()


def test_a_small_png_declaring_119_megapixels_is_refused_before_decoding(
    reporter_client, org, categories, monkeypatch
):
    bomb = _png((10_900, 10_900))
    assert len(bomb) < 120 * 1024  # the premise: a small file that declares a huge picture
    decoded = []
    monkeypatch.setattr(upload_images, "_reencode", lambda *args: decoded.append(args))
    data = report_data(org.department, categories["nestenulykke"])

    response = reporter_client.post(
        REPORT_URL, {**data, "attachments": SimpleUploadedFile("kart.png", bomb, "image/png")}
    )

    assert response.status_code == 200
    assert errors_next_to(response, "attachments") == [
        nb(
            "“%(name)s” is a picture of more than %(megapixels)s megapixels. Take a new "
            "photo with the phone's camera, or send a screenshot of it.",
            name="kart.png",
            megapixels=50,
        )
    ]
    assert decoded == []
    assert Attachment.objects.count() == 0
    assert Deviation.objects.count() == 0


def test_a_picture_just_under_the_limit_is_scaled_down_and_kept():
    checked = check_upload(SimpleUploadedFile("stort.png", _png((7000, 7000)), "image/png"))

    assert Image.open(io.BytesIO(checked.content.read())).size == (3000, 3000)


def test_a_picture_over_the_memory_budget_is_refused_before_decoding(settings):
    settings.IMAGE_DECODE_BUDGET_BYTES = 64 * 48 * 3 - 1
    upload = SimpleUploadedFile("bilde.jpg", jpeg_bytes(size=(64, 48)), "image/jpeg")

    with pytest.raises(ValidationError) as refused:
        check_upload(upload)

    assert refused.value.code == "over_memory_budget"


def test_only_one_picture_is_reencoded_at_a_time_in_a_process(monkeypatch):
    inside, release = threading.Event(), threading.Event()
    active, most = [0], [0]
    real = upload_images._reencode

    def slow_reencode(*args):
        active[0] += 1
        most[0] = max(most[0], active[0])
        inside.set()
        release.wait(10)
        active[0] -= 1
        return real(*args)

    monkeypatch.setattr(upload_images, "_reencode", slow_reencode)
    photos = [SimpleUploadedFile(f"b{n}.jpg", jpeg_bytes(), "image/jpeg") for n in range(3)]
    threads = [threading.Thread(target=check_upload, args=(photo,)) for photo in photos]
    for thread in threads:
        thread.start()
    assert inside.wait(10)
    # The other two wait at the semaphore while the first is inside.
    for thread in threads:
        thread.join(0.2)
    assert active[0] == 1
    release.set()
    for thread in threads:
        thread.join(10)

    assert most[0] == 1


def test_a_jpeg_comment_and_png_text_do_not_survive_reencoding():
    out = io.BytesIO()
    Image.new("RGB", (40, 30), (10, 200, 10)).save(out, "JPEG", comment=b"Ola Nordmann, Storgata 1")
    assert Image.open(io.BytesIO(out.getvalue())).info.get("comment")  # the premise
    png_info = PngInfo()
    png_info.add_text("Author", "Ola Nordmann")
    png = io.BytesIO()
    Image.new("RGB", (40, 30)).save(png, "PNG", pnginfo=png_info)

    jpeg_out = check_upload(SimpleUploadedFile("a.jpg", out.getvalue(), "image/jpeg"))
    png_out = check_upload(SimpleUploadedFile("b.png", png.getvalue(), "image/png"))

    stored_jpeg = Image.open(io.BytesIO(jpeg_out.content.read()))
    stored_png = Image.open(io.BytesIO(png_out.content.read()))
    assert "comment" not in stored_jpeg.info
    assert b"Ola Nordmann" not in jpeg_out.content.open().read()
    assert "Author" not in stored_png.info
    assert b"Ola Nordmann" not in png_out.content.open().read()


def _active_pdf() -> bytes:
    document = pikepdf.new()
    document.add_blank_page()
    script = document.make_indirect(
        pikepdf.Dictionary(S=pikepdf.Name.JavaScript, JS=pikepdf.String("app.alert('hei')"))
    )
    document.Root.OpenAction = script
    document.Root.AA = pikepdf.Dictionary(WC=script)
    document.pages[0].obj.AA = pikepdf.Dictionary(O=script)
    embedded = pikepdf.AttachedFileSpec(document, b"MZ payload", filename="payload.exe")
    document.attachments["payload.exe"] = embedded
    document.Root.Names.JavaScript = pikepdf.Dictionary(
        Names=pikepdf.Array([pikepdf.String("start"), script])
    )
    launch = pikepdf.Dictionary(
        Type=pikepdf.Name.Annot,
        Subtype=pikepdf.Name.Link,
        Rect=pikepdf.Array([0, 0, 100, 100]),
        A=pikepdf.Dictionary(S=pikepdf.Name.Launch, F=pikepdf.String("cmd.exe")),
    )
    document.pages[0].obj.Annots = pikepdf.Array([document.make_indirect(launch)])
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def test_a_pdf_loses_javascript_open_actions_launch_links_and_embedded_files():
    original = _active_pdf()
    assert b"JavaScript" in original and b"payload" in original  # the premise

    checked = check_upload(pdf("skjema.pdf", original))

    cleaned = checked.content.read()
    with pikepdf.open(io.BytesIO(cleaned)) as stored:
        assert len(stored.pages) == 1
        assert "/OpenAction" not in stored.Root
        assert "/AA" not in stored.Root
        assert "/AA" not in stored.pages[0].obj
        assert "/JavaScript" not in stored.Root.get("/Names", {})
        assert len(stored.attachments) == 0
        for annotation in stored.pages[0].obj.get("/Annots", []):
            assert "/A" not in annotation
    for trace in (b"app.alert", b"MZ payload", b"cmd.exe", b"/JavaScript", b"/Launch"):
        assert trace not in cleaned


def test_a_pdf_that_cannot_be_read_is_refused():
    with pytest.raises(ValidationError) as refused:
        check_upload(pdf("skjema.pdf", b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\ngarbage"))

    assert refused.value.messages == [
        nb("“%(name)s” could not be read as a PDF.", name="skjema.pdf")
    ]
