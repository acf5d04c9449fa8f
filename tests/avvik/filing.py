"""A "Meld avvik" submission as a browser sends it, and the files a phone might attach."""

from __future__ import annotations

import io
import re
import uuid
from datetime import timedelta
from html import unescape

import pikepdf
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone, translation
from django.utils.translation import gettext
from PIL import Image

from avvik.default_categories import ensure_default_categories
from avvik.models import Category

REPORT_URL = "/avvik/meld/"


def ensure_categories() -> dict[str, Category]:
    """The routine's categories. Transactional tests (live server, threads) empty the
    database afterwards, so tests ask for them."""
    return ensure_default_categories()


def report_data(unit, category, /, **overrides) -> dict:
    """A valid submission for ``unit`` and ``category``; override any field."""
    data = {
        "submission_token": str(uuid.uuid4()),
        "category": category.pk,
        "severity": "medium",
        "title": "Glatt gulv ved inngangen",
        "description": "Vann på gulvet ved hovedinngangen, ingen skilt satt ut.",
        "occurred_at": local_input(timezone.now() - timedelta(hours=1)),
        "unit": unit.pk,
        "location": "",
        "immediate_action": "",
        "suggested_measure": "",
        "injured_person": "",
        "injury_kind": "",
        "treatment": "none",
        "submit_report": "",
    }
    data.update(overrides)
    return data


def local_input(moment) -> str:
    """A time as a datetime-local input sends it."""
    return timezone.localtime(moment).strftime("%Y-%m-%dT%H:%M")


def jpeg_bytes(*, exif: Image.Exif | None = None, size=(64, 48)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, (200, 40, 40)).save(out, "JPEG", exif=exif or Image.Exif())
    return out.getvalue()


def jpeg(name: str = "bilde.jpg", **kwargs) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, jpeg_bytes(**kwargs), content_type="image/jpeg")


def pdf_bytes() -> bytes:
    """A real one-page PDF, as a scanner or a phone's "print to PDF" makes it."""
    document = pikepdf.new()
    document.add_blank_page(page_size=(595, 842))
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def pdf(name: str = "skjema.pdf", content: bytes | None = None) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content or pdf_bytes(), content_type="application/pdf")


def nb(message: str, **params) -> str:
    """``message`` as a Norwegian user reads it (the interface's default language)."""
    with translation.override("nb"):
        text = gettext(message)
    return text % params if params else text


def errors_next_to(response, field: str) -> list[str]:
    """The error messages the page shows beside ``field`` (crispy's invalid-feedback)."""
    html = response.content.decode()
    found = re.findall(rf'id="error_\d+_id_{field}"><strong>(.*?)</strong>', html, re.S)
    return [unescape(message) for message in found]
