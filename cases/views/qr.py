"""Printable QR codes that open "Meld avvik" with the unit and place already filled in,
for a leader to put up on the wall of a kitchen, a corridor or a vehicle."""

from __future__ import annotations

from urllib.parse import urlencode

import segno
from django import forms
from django.conf import settings
from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from avvik.services import print_poster
from orgchart.access import access_for


class QrLocationForm(forms.Form):
    sted = forms.CharField(
        label=gettext_lazy("Place within the unit (optional)"),
        help_text=gettext_lazy("For example “Kitchen, 2nd floor”. It is filled in on the form."),
        required=False,
        max_length=200,
    )


class NewPosterForm(forms.Form):
    sted = forms.CharField(
        label=gettext_lazy("Place within the unit (optional)"),
        required=False,
        max_length=200,
    )
    without_account = forms.BooleanField(
        label=gettext_lazy("Anyone at the workplace may report from it without an account"),
        help_text=gettext_lazy(
            "For substitutes, apprentices and hired staff. They give their name (or report "
            "anonymously) and get a follow-up code. Printing a new poster for the same place "
            "replaces the old one."
        ),
        required=False,
    )


def poster_url(poster) -> str:
    """The absolute address a signed poster's QR code opens."""
    path = reverse("cases:poster_report", args=[poster.unit.code, poster.token])
    return f"{settings.SITE_URL}{path}"


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


def _led_unit(request, code):
    units = access_for(request.user).led_units().active().filter(is_specialist_unit=False)
    return get_object_or_404(units, code=code)


def unit_qr(request, code):
    """The poster for one unit. Only the unit's leader line and HMS administrators may
    print it; for everyone else the unit does not exist here."""
    unit = _led_unit(request, code)
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
            "new_poster_form": NewPosterForm(initial={"sted": location}, prefix="poster"),
            "posters": unit.posters.current().order_by("location"),
        },
    )


@require_POST
def new_poster(request, code):
    """Print a new signed poster for a place, replacing the one there before."""
    unit = _led_unit(request, code)
    form = NewPosterForm(request.POST, prefix="poster")
    if not form.is_valid():
        messages.error(request, " ".join(form.errors.get("sted", [])))
        return redirect("cases:unit_qr", code=unit.code)
    poster = print_poster(
        unit,
        by=request.user,
        location=form.cleaned_data["sted"].strip(),
        allows_reporting_without_account=form.cleaned_data["without_account"],
    )
    return redirect("cases:poster_print", code=unit.code, pk=poster.pk)


def poster_print(request, code, pk):
    """A signed poster, ready to print."""
    unit = _led_unit(request, code)
    poster = get_object_or_404(unit.posters.current(), pk=pk)
    url = poster_url(poster)
    return render(
        request,
        "cases/unit_qr.html",
        {
            "unit": unit,
            "location": poster.location,
            "poster": poster,
            "url": url,
            "qr": qr_svg(url, title=_("QR code: report a deviation at %(unit)s") % {"unit": unit}),
        },
    )
