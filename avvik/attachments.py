"""Checking and storing uploaded photos and PDFs.

The type is read from the file's first bytes, never from its name or the browser's
claim. Photos are re-encoded without metadata, which removes the camera's GPS position.
"""

from __future__ import annotations

import io
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

MAX_BYTES = 10 * 1024 * 1024
MAX_PER_REPORT = 5
# Photos larger than this on their long side are scaled down; phone cameras go far beyond
# what anyone needs to see the damage.
MAX_IMAGE_SIDE = 3000

Image.MAX_IMAGE_PIXELS = 60_000_000


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


def check_upload(upload) -> CheckedFile:
    """Validate one uploaded file and return what will be stored, or raise a
    ValidationError that tells the reporter why the file was refused."""
    name = (upload.name or "fil").rsplit("/", 1)[-1][:200]
    if upload.size > MAX_BYTES:
        raise ValidationError(
            _("“%(name)s” is %(size).1f MB; files may be at most 10 MB."),
            params={"name": name, "size": upload.size / 1024 / 1024},
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
    if kind == "application/pdf":
        return CheckedFile(ContentFile(data), kind, name)
    return CheckedFile(ContentFile(_clean_image(data, kind, name)), kind, name)


def _clean_image(data: bytes, kind: str, name: str) -> bytes:
    try:
        image = Image.open(io.BytesIO(data))
        image.load()
    except (UnidentifiedImageError, OSError, Image.DecompressionBombError) as error:
        raise ValidationError(
            _("“%(name)s” could not be read as a picture."), params={"name": name}, code="broken"
        ) from error
    # Turn the picture the way the camera meant, then drop every metadata block.
    image = ImageOps.exif_transpose(image)
    image.thumbnail((MAX_IMAGE_SIDE, MAX_IMAGE_SIDE))
    out = io.BytesIO()
    if kind == "image/jpeg":
        image.convert("RGB").save(out, "JPEG", quality=85, optimize=True)
    elif kind == "image/png":
        image.save(out, "PNG", optimize=True)
    else:
        image.save(out, "WEBP", quality=85)
    return out.getvalue()
