"""The follow-up page: with the code from the receipt, and without logging in, the
reporter reads the outcome and the messages meant for them, answers, and adds
information and photos. The code travels only in the body of POST requests, never in an
address; wrong codes are limited per network address and hour."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import ValidationError
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from avvik.access_log import keep_out_of_access_log
from avvik.attachments import check_upload
from cases import selectors, throttling
from cases.forms.follow_up import FollowUpCodeForm, FollowUpReplyForm
from cases.services.follow_up import add_information_by_code, case_for_code

_TOO_MANY = "wrong-code"


def _too_many_wrong_codes(request) -> bool:
    return throttling.is_over(
        _TOO_MANY, throttling.client_address(request), settings.FOLLOW_UP_CODE_FAILURES_PER_HOUR
    )


def _code_page(request, form, *, status=200):
    return render(request, "cases/follow_up_code.html", {"form": form}, status=status)


def _refuse_for_now(request, form):
    form.add_error(
        "code",
        _(
            "Too many wrong codes have been tried from your network in the last hour. "
            "Try again in an hour, or ask your leader."
        ),
    )
    return _code_page(request, form, status=429)


@login_not_required
@require_http_methods(["GET", "POST"])
def follow_up(request):
    if request.method == "GET":
        return _code_page(request, FollowUpCodeForm())
    keep_out_of_access_log(request)
    form = FollowUpCodeForm(request.POST)
    if _too_many_wrong_codes(request):
        return _refuse_for_now(request, form)
    case = case_for_code(form.cleaned_data["code"]) if form.is_valid() else None
    if case is None:
        throttling.count(_TOO_MANY, throttling.client_address(request))
        if form.is_valid():
            form.add_error("code", _("No report has this code. Check it and try again."))
        return _code_page(request, form)
    return _case_page(request, case, form.cleaned_data["code"])


def _case_page(request, case, code, *, reply_form=None, sent=False, status=200):
    reply_form = reply_form or FollowUpReplyForm(
        initial={"code": code, "reply_token": uuid.uuid4()}
    )
    return render(
        request,
        "cases/follow_up.html",
        {
            "case": case,
            "events": selectors.reporter_events(case),
            "form": reply_form,
            "sent": sent,
        },
        status=status,
    )


@login_not_required
@require_POST
def follow_up_reply(request):
    keep_out_of_access_log(request)
    code_form = FollowUpCodeForm({"code": request.POST.get("code", "")})
    if _too_many_wrong_codes(request):
        return _refuse_for_now(request, code_form)
    case = case_for_code(code_form.cleaned_data["code"]) if code_form.is_valid() else None
    if case is None:
        throttling.count(_TOO_MANY, throttling.client_address(request))
        return _code_page(request, FollowUpCodeForm())
    code = code_form.cleaned_data["code"]
    form = FollowUpReplyForm(request.POST, request.FILES)
    checked, refused = [], []
    for upload in request.FILES.getlist("attachments"):
        try:
            checked.append(check_upload(upload))
        except ValidationError as error:
            refused.extend(error.messages)
    if form.is_valid() and not refused:
        try:
            add_information_by_code(
                case,
                text=form.cleaned_data["text"],
                files=checked,
                reply_token=str(form.cleaned_data["reply_token"]),
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            return _case_page(request, case, code, sent=True)
    for message in refused:
        form.add_error("attachments", message)
    return _case_page(request, case, code, reply_form=form)
