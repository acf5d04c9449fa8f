"""The employee's side: file a deviation, see the receipt, follow "Mine avvik"."""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from avvik import follow_up_codes
from avvik.access_log import keep_out_of_access_log
from avvik.attachments import MAX_PER_REPORT, check_upload, named_for_type
from avvik.forms import AddInformationForm, DeviationForm
from avvik.models import Attachment, InjuryDetails, Severity
from avvik.services import (
    discard_pending_attachments,
    pending_attachments,
    record_attachment_download,
    store_attachment,
)
from cases import rules, selectors, services
from cases.case_rows import my_report_rows
from cases.forms import CompleteActionForm
from cases.models import Case
from orgchart.access import own_leader, responsible_leader
from orgchart.models import OrgUnit

# Someone who reports often still finds the newest first without a long page to render.
MY_REPORTS_PER_PAGE = 20


def stage_uploads(request, token, *, by) -> list[str]:
    """Keep every acceptable upload under the form's token right away, so the form can
    come back with errors without losing them; return why the others were refused.
    ``by`` is None for an anonymous report or one without an account."""
    errors = []
    removed = [pk for pk in request.POST.getlist("remove_attachment") if pk.isdigit()]
    if removed:
        discard_pending_attachments(token, by, removed)
    uploads = request.FILES.getlist("attachments")
    # Refuse the whole batch rather than keep an arbitrary five of it.
    if uploads and len(uploads) + pending_attachments(token, by).count() > MAX_PER_REPORT:
        return [_("At most %(max)d files per report.") % {"max": MAX_PER_REPORT}]
    for upload in uploads:
        try:
            store_attachment(check_upload(upload), by=by, token=token)
        except ValidationError as error:
            errors.extend(error.messages)
    return errors


def report_deviation(request):
    """Meld avvik. Works without JavaScript; a QR code link fills unit and place."""
    if request.method == "POST":
        try:
            token = uuid.UUID(request.POST.get("submission_token", ""))
        except ValueError:
            token = uuid.uuid4()
        anonymous = bool(request.POST.get("anonymous"))
        if anonymous:
            keep_out_of_access_log(request)
        uploader = None if anonymous else request.user
        upload_errors = stage_uploads(request, token, by=uploader)
        pending = pending_attachments(token, uploader)
        searching = "search_unit" in request.POST
        form = DeviationForm(
            request.POST,
            user=request.user,
            pending=pending,
            # Read only if the form is shown again (a filed report is not).
            unit_choices=lambda: selectors.unit_choices_for(
                request.user,
                selected=request.POST.get("unit"),
                search=request.POST.get("unit_search", "") if searching else "",
            ),
        )
        if not searching and form.is_valid() and not upload_errors:
            try:
                filed = services.file_deviation(
                    request.user,
                    fields=form.deviation_fields(),
                    injury=form.injury_fields(),
                    submission_token=token,
                    anonymous=form.cleaned_data["anonymous"],
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                if filed.follow_up_code:
                    return render_follow_up_receipt(request, filed)
                return redirect("cases:receipt", pk=filed.case.pk)
        if searching:
            form.errors.clear()
            term = request.POST.get("unit_search", "")
            form.show_unit_search_result(term, len(selectors.search_units(term)))
        for message in upload_errors:
            form.add_error("attachments", message)
    else:
        qr_code = request.GET.get("enhet", "")
        qr_unit = OrgUnit.objects.active().filter(code=qr_code).first() if qr_code else None
        form = DeviationForm(
            user=request.user,
            initial={
                "submission_token": uuid.uuid4(),
                "occurred_at": timezone.localtime().replace(second=0, microsecond=0),
                "unit": qr_unit.pk if qr_unit else None,
                "location": request.GET.get("sted", "")[:200],
            },
            unit_choices=selectors.unit_choices_for(
                request.user, selected=qr_unit.pk if qr_unit else None
            ),
        )
    return render(
        request,
        "cases/report_form.html",
        {"form": form, "severity_help": Severity.explanations()},
    )


def render_follow_up_receipt(request, filed):
    """The receipt of a report without a reporter, with its follow-up code. It is the
    answer to the sending request itself, never a page of its own: the code must not
    appear in an address, a log or a session."""
    return render(
        request,
        "cases/receipt_follow_up.html",
        {
            "case": filed.case,
            "code": follow_up_codes.formatted(filed.follow_up_code),
            "anonymous": filed.case.deviation.is_anonymous,
        },
    )


def receipt(request, pk):
    case = get_object_or_404(
        Case.objects.reported_by(request.user).select_related(
            "deviation__category",
            "deviation__unit",
            "deviation__reported_from",
            "responsible_leader",
        ),
        pk=pk,
    )
    # The leader to tell in person: the reporter's own, of the workplace reported from.
    workplace = case.deviation.reported_from
    if workplace is not None:
        leader, _unit = own_leader(request.user, workplace)
    else:
        leader, _unit = responsible_leader(case.deviation.unit)
    return render(request, "cases/receipt.html", {"case": case, "own_leader": leader})


def my_reports(request):
    paginator = Paginator(selectors.my_reports(request.user), MY_REPORTS_PER_PAGE)
    page = paginator.get_page(request.GET.get("page"))
    cases = selectors.with_latest_update(page.object_list)
    return render(
        request,
        "cases/my_reports.html",
        {
            "cases": cases,
            "rows": my_report_rows(cases),
            "page": page,
            "page_range": paginator.get_elided_page_range(page.number, on_each_side=2, on_ends=1),
        },
    )


def my_report(request, pk):
    case = get_object_or_404(
        Case.objects.reported_by(request.user).select_related(
            "deviation__category", "deviation__unit", "responsible_leader", "responsible_unit"
        ),
        pk=pk,
    )
    return render(
        request,
        "cases/my_report.html",
        {
            "case": case,
            "events": selectors.reporter_events(case),
            "attachments": case.deviation.attachments.all(),
            "injury": InjuryDetails.objects.filter(deviation=case.deviation).first(),
            "form": AddInformationForm(),
            "my_actions": _actions_given_to(request.user, case),
            "name_in_register": InjuryDetails.objects.filter(deviation_id=case.deviation_id)
            .values_list("name_in_register", flat=True)
            .first(),
        },
    )


def _actions_given_to(user, case: Case) -> list:
    """The reporter's own open actions on the case, each with its "mark done" form."""
    actions = list(selectors.actions_given_to(user, case))
    for action in actions:
        action.case = case
        action.done_form = CompleteActionForm(case=case, user=user, action=action)
    return actions


@require_POST
def add_information(request, pk):
    """Add text and files to one's own open report. Whatever is refused (a sixth file,
    a file that is not a photo, a closed case), the page comes back with the text as
    typed, as the report form does."""
    case = get_object_or_404(
        Case.objects.reported_by(request.user).select_related(
            "deviation__category", "deviation__unit", "responsible_leader"
        ),
        pk=pk,
    )
    form = AddInformationForm(
        request.POST, request.FILES, already_attached=case.deviation.attachments.count()
    )
    if form.is_valid():
        checked = _checked_uploads(form)
        if not form.errors:
            try:
                services.add_information(
                    case, by=request.user, text=form.cleaned_data["text"], files=checked
                )
            except ValidationError as error:
                # Shown above the page: a closed case no longer shows the form.
                messages.error(request, " ".join(error.messages))
            else:
                messages.success(request, _("Thank you. Your leader has been told."))
                return redirect("cases:my_report", pk=case.pk)
    return render(
        request,
        "cases/my_report.html",
        {
            "case": case,
            "events": selectors.reporter_events(case),
            "attachments": case.deviation.attachments.all(),
            "injury": InjuryDetails.objects.filter(deviation=case.deviation).first(),
            "form": form,
            "my_actions": _actions_given_to(request.user, case),
        },
    )


def _checked_uploads(form) -> list:
    """The form's files checked and cleaned; each refusal is put next to the field."""
    checked = []
    for upload in form.cleaned_data["attachments"]:
        try:
            checked.append(check_upload(upload))
        except ValidationError as error:
            for message in error.messages:
                form.add_error("attachments", message)
    return checked


def download_attachment(request, pk):
    """Attachments only through the case the user may see, always as a download; those
    of a health-data case only for who may see health data (unless shared). Every
    download is logged."""
    attachment = get_object_or_404(
        Attachment.objects.filter(
            deviation__case__in=Case.objects.visible_to(request.user)
        ).select_related("deviation__category", "deviation__case"),
        pk=pk,
    )
    case = attachment.deviation.case
    if not rules.may_see_attachment(request.user, case, attachment):
        raise Http404
    record_attachment_download(attachment, request.user)
    try:
        handle = attachment.file.open("rb")
    except FileNotFoundError as error:
        raise Http404 from error
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=named_for_type(attachment.original_name, attachment.content_type),
        content_type=attachment.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response
