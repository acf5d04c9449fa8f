"""Reporting from a QR poster without an account: the poster's signed token opens the
form for its unit and place. Nobody without an account sees anything but the form and
their own receipt; abuse is held back by hourly limits and a field only bots fill in."""

from __future__ import annotations

import uuid
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from avvik.access_log import keep_out_of_access_log
from avvik.models import Severity
from avvik.poster_forms import PosterDeviationForm, sent_by_a_bot
from avvik.posters import PosterRefused, poster_for_token
from avvik.services import pending_attachments
from cases import services, throttling
from cases.views.reporting import render_follow_up_receipt, stage_uploads
from orgchart.access import responsible_leader


def _form_url(poster) -> str:
    query = {"enhet": poster.unit.code}
    if poster.location:
        query["sted"] = poster.location
    return f"{reverse('cases:report')}?{urlencode(query)}"


@login_not_required
def poster_report(request, code, token):
    try:
        poster = poster_for_token(code, token)
    except PosterRefused:
        return render(request, "cases/poster_refused.html", status=404)
    if poster.replaced_at is not None or not poster.unit.is_active:
        leader, _unit = responsible_leader(poster.unit)
        return render(
            request,
            "cases/poster_replaced.html",
            {"poster": poster, "leader": leader},
            status=410,
        )
    if request.user.is_authenticated:
        # An employee with an account reports as themselves, on the ordinary form.
        return redirect(_form_url(poster))
    if not poster.allows_reporting_without_account:
        return redirect_to_login(_form_url(poster))
    if request.method == "POST":
        return _file_from_poster(request, poster)
    form = PosterDeviationForm(
        poster=poster,
        initial={
            "submission_token": uuid.uuid4(),
            "occurred_at": timezone.localtime().replace(second=0, microsecond=0),
            "location": poster.location,
        },
    )
    return _render_form(request, form, poster)


def _render_form(request, form, poster, *, status=200, refusal=""):
    return render(
        request,
        "cases/poster_report_form.html",
        {
            "form": form,
            "poster": poster,
            "refusal": refusal,
            "severity_help": Severity.explanations(),
        },
        status=status,
    )


def _over_a_limit(request, poster) -> str:
    """Why this send is refused for now (empty if it is not), counting it if not."""
    address = throttling.client_address(request)
    if throttling.is_over("poster", str(poster.pk), settings.POSTER_REPORTS_PER_HOUR):
        return _(
            "Many reports have been sent from this poster in the last hour, so it is "
            "resting for a while. Try again later, or tell your leader directly. What you "
            "wrote is kept below; choose any photos again."
        )
    if throttling.is_over("address", address, settings.REPORTS_PER_ADDRESS_PER_HOUR):
        return _(
            "Many reports have been sent from your network in the last hour. Try again "
            "later, or tell your leader directly. What you wrote is kept below; choose any "
            "photos again."
        )
    throttling.count("poster", str(poster.pk))
    throttling.count("address", address)
    return ""


def _file_from_poster(request, poster):
    try:
        token = uuid.UUID(request.POST.get("submission_token", ""))
    except ValueError:
        token = uuid.uuid4()
    anonymous = bool(request.POST.get("anonymous"))
    if anonymous:
        keep_out_of_access_log(request)
    refusal = _over_a_limit(request, poster)
    if refusal:
        form = PosterDeviationForm(
            request.POST, poster=poster, pending=list(pending_attachments(token, None))
        )
        form.is_valid()
        return _render_form(request, form, poster, status=429, refusal=refusal)

    if sent_by_a_bot(request.POST):
        # Nothing is stored, the files included; a person who filled the field by
        # mistake is told which one.
        form = PosterDeviationForm(request.POST, poster=poster)
        form.is_valid()
        refusal = _(
            "The report could not be sent: the field “Leave this field empty” was filled "
            "in. Empty it and send again."
        )
        return _render_form(request, form, poster, status=400, refusal=refusal)
    upload_errors = stage_uploads(request, token, by=None)
    form = PosterDeviationForm(
        request.POST, poster=poster, pending=list(pending_attachments(token, None))
    )
    if form.is_valid() and not upload_errors:
        try:
            filed = services.file_deviation(
                None,
                fields=form.deviation_fields(),
                injury=form.injury_fields(),
                submission_token=token,
                anonymous=form.cleaned_data["anonymous"],
                without_account=form.without_account(),
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            return render_follow_up_receipt(request, filed)
    for message in upload_errors:
        form.add_error("attachments", message)
    return _render_form(request, form, poster)
