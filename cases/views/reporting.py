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

from avvik.attachments import MAX_PER_REPORT, check_upload
from avvik.forms import AddInformationForm, DeviationForm
from avvik.models import Attachment, Severity
from avvik.services import discard_pending_attachments, pending_attachments, store_attachment
from cases import selectors, services
from cases.forms import CompleteActionForm
from cases.models import Case
from orgchart.access import responsible_leader
from orgchart.models import OrgUnit

# Someone who reports often still finds the newest first without a long page to render.
MY_REPORTS_PER_PAGE = 20


def _stage_uploads(request, token) -> list[str]:
    """Keep every acceptable upload under the form's token right away, so the form can
    come back with errors without losing them; return why the others were refused."""
    errors = []
    removed = [pk for pk in request.POST.getlist("remove_attachment") if pk.isdigit()]
    if removed:
        discard_pending_attachments(token, request.user, removed)
    uploads = request.FILES.getlist("attachments")
    # Refuse the whole batch rather than keep an arbitrary five of it.
    if uploads and len(uploads) + pending_attachments(token, request.user).count() > MAX_PER_REPORT:
        return [_("At most %(max)d files per report.") % {"max": MAX_PER_REPORT}]
    for upload in uploads:
        try:
            store_attachment(check_upload(upload), by=request.user, token=token)
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
        upload_errors = _stage_uploads(request, token)
        pending = list(pending_attachments(token, request.user))
        searching = "search_unit" in request.POST
        form = DeviationForm(
            request.POST,
            user=request.user,
            pending=pending,
            unit_choices=selectors.unit_choices_for(
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
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                return redirect("cases:receipt", pk=filed.case.pk)
        if searching:
            form.errors.clear()
        for message in upload_errors:
            form.add_error("attachments", message)
    else:
        qr_unit = OrgUnit.objects.active().filter(code=request.GET.get("enhet", "")).first()
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
        pending = []
    return render(
        request,
        "cases/report_form.html",
        {"form": form, "pending": pending, "severity_help": Severity.explanations()},
    )


def receipt(request, pk):
    case = get_object_or_404(
        Case.objects.reported_by(request.user).select_related(
            "deviation__category", "deviation__unit", "responsible_leader"
        ),
        pk=pk,
    )
    leader, _unit = responsible_leader(case.deviation.unit)
    return render(request, "cases/receipt.html", {"case": case, "own_leader": leader})


def my_reports(request):
    paginator = Paginator(selectors.my_reports(request.user), MY_REPORTS_PER_PAGE)
    page = paginator.get_page(request.GET.get("page"))
    return render(
        request,
        "cases/my_reports.html",
        {
            "cases": page.object_list,
            "page": page,
            "page_range": paginator.get_elided_page_range(page.number, on_each_side=2, on_ends=1),
        },
    )


def my_report(request, pk):
    case = get_object_or_404(
        Case.objects.reported_by(request.user).select_related(
            "deviation__category", "deviation__unit", "responsible_leader"
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
            "form": AddInformationForm(),
            "my_actions": _actions_given_to(request.user, case),
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
    case = get_object_or_404(Case.objects.reported_by(request.user), pk=pk)
    form = AddInformationForm(request.POST, request.FILES)
    checked, refused = [], []
    for upload in request.FILES.getlist("attachments"):
        try:
            checked.append(check_upload(upload))
        except ValidationError as error:
            refused.extend(error.messages)
    if form.is_valid() and not refused:
        try:
            services.add_information(
                case, by=request.user, text=form.cleaned_data["text"], files=checked
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Thank you. Your leader has been told."))
        return redirect("cases:my_report", pk=case.pk)
    for message in refused:
        form.add_error("attachments", message)
    return render(
        request,
        "cases/my_report.html",
        {
            "case": case,
            "events": selectors.reporter_events(case),
            "attachments": case.deviation.attachments.all(),
            "form": form,
        },
    )


def download_attachment(request, pk):
    """Attachments only through the case the user may see, always as a download."""
    attachment = get_object_or_404(
        Attachment.objects.filter(deviation__case__in=Case.objects.visible_to(request.user)),
        pk=pk,
    )
    try:
        handle = attachment.file.open("rb")
    except FileNotFoundError as error:
        raise Http404 from error
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=attachment.original_name,
        content_type=attachment.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response
