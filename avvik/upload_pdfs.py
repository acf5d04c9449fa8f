"""Removing active content from uploaded PDFs before they are stored.

A leader opens what a reporter uploaded. A PDF can carry JavaScript, actions that run
when it is opened or when a page or field is reached, links that launch programs and
files embedded in it; none of that belongs in a deviation report. pikepdf (on qpdf)
rewrites the file without them; what is left is the pages, their text and pictures.
"""

from __future__ import annotations

import io

import pikepdf
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

# Actions that run something or open something outside the document.
ACTIVE_ACTIONS = {"/JavaScript", "/Launch", "/SubmitForm", "/ImportData", "/RichMediaExecute"}
NAME_TREES_TO_DROP = ("/JavaScript", "/EmbeddedFiles")


def _drop(dictionary, *keys) -> None:
    for key in keys:
        if key in dictionary:
            del dictionary[key]


def _is_active(action) -> bool:
    try:
        return action.get("/S") in ACTIVE_ACTIONS
    except (AttributeError, TypeError, ValueError):
        return True


def _clean_annotations(page) -> None:
    annotations = page.obj.get("/Annots")
    if annotations is None:
        return
    kept = pikepdf.Array()
    for annotation in annotations:
        if not isinstance(annotation, pikepdf.Dictionary):
            continue
        if annotation.get("/Subtype") in ("/FileAttachment", "/RichMedia", "/Movie", "/Sound"):
            continue
        _drop(annotation, "/AA")
        if "/A" in annotation and _is_active(annotation["/A"]):
            del annotation["/A"]
        kept.append(annotation)
    page.obj["/Annots"] = kept


def clean_pdf(data: bytes, name: str) -> bytes:
    """The PDF without JavaScript, open and additional actions, forms' scripts and
    embedded files, or a ValidationError when it cannot be read."""
    try:
        pdf = pikepdf.open(io.BytesIO(data))
    except pikepdf.PasswordError as error:
        raise ValidationError(
            _("“%(name)s” is protected by a password. Send it without the password."),
            params={"name": name},
            code="pdf_password",
        ) from error
    except pikepdf.PdfError as error:
        raise ValidationError(
            _("“%(name)s” could not be read as a PDF."), params={"name": name}, code="broken"
        ) from error
    with pdf:
        root = pdf.Root
        _drop(root, "/OpenAction", "/AA")
        names = root.get("/Names")
        if isinstance(names, pikepdf.Dictionary):
            _drop(names, *NAME_TREES_TO_DROP)
        acroform = root.get("/AcroForm")
        if isinstance(acroform, pikepdf.Dictionary):
            # XFA forms carry their own scripts.
            _drop(acroform, "/XFA")
        for page in pdf.pages:
            _drop(page.obj, "/AA")
            _clean_annotations(page)
        # Form fields may carry actions of their own (a field's /AA, or a field that is
        # not also a page annotation).
        for obj in pdf.objects:
            if isinstance(obj, pikepdf.Dictionary):
                _drop(obj, "/AA", "/JS")
                if "/A" in obj and isinstance(obj.get("/A"), pikepdf.Dictionary):
                    if _is_active(obj["/A"]):
                        del obj["/A"]
                if obj.get("/Type") == "/Filespec":
                    _drop(obj, "/EF")
        out = io.BytesIO()
        pdf.remove_unreferenced_resources()
        pdf.save(out)
    return out.getvalue()
