"""Checking and storing uploaded photos and PDFs.

The type is read from the file's first bytes, never from its name or the browser's
claim, and the stored name carries the extension of that type. Photos are re-encoded
without metadata (``avvik.upload_images``), PDFs lose their active content
(``avvik.upload_pdfs``).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import PurePosixPath

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.utils import formats
from django.utils.translation import gettext as _

from avvik.upload_images import clean_image
from avvik.upload_pdfs import clean_pdf

MAX_BYTES = 10 * 1024 * 1024
MAX_PER_REPORT = 5
EXTENSIONS = {
    "image/jpeg": ".jpg",
    "image/png": ".png",
    "image/webp": ".webp",
    "application/pdf": ".pdf",
}


@dataclass(frozen=True)
class CheckedFile:
    content: ContentFile
    content_type: str
    original_name: str


def _sniff(head: bytes) -> str | None:
    if head.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "image/webp"
    if head.startswith(b"%PDF-"):
        return "application/pdf"
    if head[4:12] in (b"ftypheic", b"ftypheix", b"ftypmif1", b"ftyphevc"):
        return "image/heic"
    return None


def named_for_type(name: str, content_type: str) -> str:
    """The file name with the extension of what the file really is: ``skade.pdf`` that is
    a JPEG is downloaded as ``skade.jpg``, so no program opens it as something else."""
    extension = EXTENSIONS.get(content_type)
    if not extension:
        return name
    stem = PurePosixPath(name).stem if PurePosixPath(name).suffix else name
    if not stem or stem.startswith("."):
        stem = "vedlegg"
    return f"{stem}{extension}"


def file_size(size: int, *, above: int | None = None) -> str:
    """A size in megabytes or kilobytes in the reader's locale ("10,1 MB", "195,3 KB").
    With ``above``, as many decimals as it takes for the figure to read larger than that
    limit: a file a kilobyte over 10 MB is "10,001 MB", never "10,0 MB"."""
    unit, divisor = (_("MB"), 1024 * 1024) if size >= 1024 * 1024 else (_("KB"), 1024)
    if above is None and size % divisor == 0:
        return f"{formats.number_format(size // divisor, 0, use_l10n=True)}\xa0{unit}"
    for decimals in (1, 2, 3):
        shown = round(size / divisor, decimals)
        if above is None or shown > above / divisor:
            return f"{formats.number_format(shown, decimals, use_l10n=True)}\xa0{unit}"
    figure = formats.number_format(size, 0, use_l10n=True, force_grouping=True)
    return _("%(figure)s bytes") % {"figure": figure}


def check_upload(upload) -> CheckedFile:
    """Validate one uploaded file and return what will be stored, or raise a
    ValidationError that tells the reporter why the file was refused."""
    name = (upload.name or "fil").replace("\\", "/").rsplit("/", 1)[-1][:200]
    if upload.size > MAX_BYTES:
        raise ValidationError(
            _("“%(name)s” is %(size)s; files may be at most %(limit)s."),
            params={
                "name": name,
                "size": file_size(upload.size, above=MAX_BYTES),
                "limit": file_size(MAX_BYTES),
            },
            code="too_large",
        )
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    kind = _sniff(head)
    if kind == "image/heic":
        raise ValidationError(
            _(
                "“%(name)s” is a HEIC photo, which cannot be shown here. Choose JPEG "
                "(“Most compatible”) in the camera settings, or take a screenshot of it."
            ),
            params={"name": name},
            code="heic",
        )
    if kind is None:
        raise ValidationError(
            _("“%(name)s” is not a photo (JPEG, PNG, WebP) or a PDF, whatever its name says."),
            params={"name": name},
            code="bad_type",
        )
    data = upload.read()
    cleaned = clean_pdf(data, name) if kind == "application/pdf" else clean_image(data, kind, name)
    return CheckedFile(ContentFile(cleaned), kind, named_for_type(name, kind))
