"""Printable QR codes that open "Meld avvik" with the unit and place already filled in,
for a leader to put up on the wall of a kitchen, a corridor or a vehicle."""

from __future__ import annotations

from urllib.parse import urlencode

import segno
from django import forms
from django.conf import settings
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from orgchart.access import access_for


class QrLocationForm(forms.Form):
    sted = forms.CharField(
        label=gettext_lazy("Place within the unit (optional)"),
        help_text=gettext_lazy("For example “Kitchen, 2nd floor”. It is filled in on the form."),
        required=False,
        max_length=200,
    )


def report_form_url(unit_code: str, location: str = "") -> str:
    """The absolute address of the report form with unit (and place) filled in."""
    query = {"enhet": unit_code}
    if location:
        query["sted"] = location
    return f"{settings.SITE_URL}{reverse('cases:report')}?{urlencode(query)}"


def qr_svg(url: str, *, title: str) -> str:
    """The QR code as inline SVG: no scripts, no style attributes, so the page's
    Content-Security-Policy has nothing to block."""
    code = segno.make(url, error="m")
    return code.svg_inline(
        border=4, dark="#000", light="#fff", title=title, svgclass="w-100 h-auto", omitsize=True
    )


def unit_qr(request, code):
    """The poster for one unit. Only the unit's leader line and HMS administrators may
    print it; for everyone else the unit does not exist here."""
    units = access_for(request.user).led_units().active().filter(is_specialist_unit=False)
    unit = get_object_or_404(units, code=code)
    form = QrLocationForm(request.GET or None)
    location = form.cleaned_data["sted"].strip() if form.is_valid() else ""
    url = report_form_url(unit.code, location)
    return render(
        request,
        "cases/unit_qr.html",
        {
            "unit": unit,
            "location": location,
            "form": form if form.is_bound else QrLocationForm(),
            "url": url,
            "qr": qr_svg(url, title=_("QR code: report a deviation at %(unit)s") % {"unit": unit}),
        },
    )
