"""An attachment is downloaded under the type its content was found to be, never the
uploader's extension."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from avvik.attachments import check_upload
from avvik.services import store_attachment
from tests.avvik.filing import jpeg_bytes, pdf

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "uploaded_as, content, downloaded_as, content_type",
    [
        ("skade.pdf", jpeg_bytes(), "skade.jpg", "image/jpeg"),
        ("rapport.html", None, "rapport.pdf", "application/pdf"),
        ("IMG_0001.JPG", jpeg_bytes(), "IMG_0001.jpg", "image/jpeg"),
    ],
)
def test_a_download_is_named_by_the_type_its_content_was_found_to_be(
    client, org, file_report, uploaded_as, content, downloaded_as, content_type
):

    case = file_report()
    upload = pdf(uploaded_as) if content is None else SimpleUploadedFile(uploaded_as, content)
    attachment = store_attachment(check_upload(upload), by=org.reporter, deviation=case.deviation)
    client.force_login(org.leader)

    response = client.get(f"/avvik/vedlegg/{attachment.pk}/")

    assert response.status_code == 200
    assert response["Content-Type"] == content_type
    assert f'filename="{downloaded_as}"' in response["Content-Disposition"]
