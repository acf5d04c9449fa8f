"""Re-encoding uploaded photos safely: refused by their declared size before any pixel is
decoded, decoded within a memory budget, one at a time per process, and written back
without comments or metadata (which removes the camera's GPS position).

A 115 KB PNG can declare 10,900 × 10,900 pixels; decoding it costs over a gigabyte, and a
few at once took every web worker down. Phone cameras stay far below the limits here.
"""

from __future__ import annotations

import io
import threading
import warnings

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

# Photos larger than this on their long side are scaled down; phone cameras go far beyond
# what anyone needs to see the damage.
MAX_IMAGE_SIDE = 3000
# A 200-megapixel phone sensor is sold, but its photos are saved at 50 MP or less.
MAX_IMAGE_PIXELS = 50_000_000
# Pillow's own guard, as a second line behind the check of the declared size below.
Image.MAX_IMAGE_PIXELS = MAX_IMAGE_PIXELS

# One decode and re-encode at a time in each process: a burst of large photos then waits
# its turn instead of multiplying the memory a worker needs.
_reencoding = threading.BoundedSemaphore(1)


def decode_budget_bytes() -> int:
    return settings.IMAGE_DECODE_BUDGET_BYTES


def _refuse(name: str, message: str, code: str):
    return ValidationError(message, params={"name": name}, code=code)


def _declared_bytes(image: Image.Image) -> int:
    bands = len(image.getbands())
    bits = 16 if image.mode.startswith("I;16") else (32 if image.mode in {"I", "F"} else 8)
    return image.width * image.height * bands * bits // 8


def clean_image(data: bytes, kind: str, name: str) -> bytes:
    """The picture re-encoded without metadata, or a ValidationError saying why not."""
    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            # Opening reads only the header: nothing is decoded yet.
            image = Image.open(io.BytesIO(data))
        except (Image.DecompressionBombError, Image.DecompressionBombWarning) as error:
            raise _too_large(name) from error
        except (UnidentifiedImageError, OSError) as error:
            raise _refuse(
                name, _("“%(name)s” could not be read as a picture."), "broken"
            ) from error
        if image.width * image.height > MAX_IMAGE_PIXELS:
            raise _too_large(name)
        with _reencoding:
            return _reencode(image, kind, name)


def _too_large(name: str) -> ValidationError:
    return ValidationError(
        _(
            "“%(name)s” is a picture of more than %(megapixels)s megapixels. Take a new "
            "photo with the phone's camera, or send a screenshot of it."
        ),
        params={"name": name, "megapixels": MAX_IMAGE_PIXELS // 1_000_000},
        code="too_many_pixels",
    )


def _reencode(image: Image.Image, kind: str, name: str) -> bytes:
    # A JPEG can be decoded at a half, quarter or eighth of its size straight away, which
    # is all the thumbnail below needs.
    if image.format == "JPEG":
        image.draft("RGB", (MAX_IMAGE_SIDE, MAX_IMAGE_SIDE))
    if _declared_bytes(image) > decode_budget_bytes():
        raise _refuse(
            name,
            _("“%(name)s” is too large a picture to handle here. Send a smaller copy of it."),
            "over_memory_budget",
        )
    try:
        image.load()
    except (OSError, Image.DecompressionBombError, Image.DecompressionBombWarning) as error:
        raise _refuse(name, _("“%(name)s” could not be read as a picture."), "broken") from error
    # Turn the picture the way the camera meant, then drop every metadata block.
    image = ImageOps.exif_transpose(image)
    image.thumbnail((MAX_IMAGE_SIDE, MAX_IMAGE_SIDE))
    # Comments, EXIF, XMP, ICC profiles and text chunks are all kept in ``info``; Pillow
    # writes some of them back (a JPEG comment, for one) unless they are gone.
    image.info = {}
    out = io.BytesIO()
    if kind == "image/jpeg":
        image.convert("RGB").save(out, "JPEG", quality=85, optimize=True)
    elif kind == "image/png":
        image.save(out, "PNG", optimize=True)
    else:
        image.save(out, "WEBP", quality=85)
    return out.getvalue()
