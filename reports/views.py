"""Statistics for leaders, and the committees' summaries."""

from __future__ import annotations

from functools import partial

from django.conf import settings
from django.contrib import messages
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.http import urlencode
from django.utils.text import slugify
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from avvik.downloads import content_disposition
from reports import services
from reports.charts import charts_for
from reports.csv_export import figures_csv
from reports.definitions import DEFINITIONS
from reports.documents import figures_pdf
from reports.figure_cache import FiguresUnavailable, cached_figures
from reports.forms import (
    OrderSummaryForm,
    StatisticsForm,
    default_statistics_period,
    preset_periods,
)
from reports.models import AmuReport, committees_visible_to
from reports.scopes import scope_choices, statistics_scope


def _figures_for(request, *, current: bool = False):
    """The scope (404 outside the person's own subtree), the chooser and the figures
    (``current``: never figures being updated, see reports.figure_cache)."""
    code = request.GET.get("unit", "")
    scope = statistics_scope(request.user, code)
    form = StatisticsForm(
        request.GET or None,
        unit_choices=scope_choices(request.user, scope),
        initial={"unit": scope.code},
    )
    period = form.cleaned_data["period"] if form.is_valid() else default_statistics_period()
    try:
        figures = cached_figures(scope, period, current=current)
    except FiguresUnavailable:
        figures = None
        request.figures_unavailable = True
    return form, scope, period, figures


def _query(code: str, period) -> str:
    """The query string of the statistics of this unit (code) and period."""
    params = {"unit": code, "start": period.start, "end": period.end}
    return urlencode({name: value for name, value in params.items() if value})


@require_GET
def statistics(request):
    """The figures, or (a large subtree and a period nobody asked for before) a page that
    says they are being computed and comes back for them."""
    form, scope, period, figures = _figures_for(request)
    presets = [
        (label, _query(scope.code, preset), preset == period) for label, preset in preset_periods()
    ]
    return render(
        request,
        "reports/statistics.html",
        {
            "form": form,
            "scope": scope,
            "period": period,
            "previous_period": period.previous(),
            "figures": figures,
            # Drawn only when the figures' part of the page is not in the cache already.
            "charts": partial(charts_for, figures),
            "definitions": DEFINITIONS,
            "presets": presets,
            "query": _query(scope.code, period),
            "period_query": _query("", period),
            "fragment_seconds": settings.STATISTICS_CACHE_SECONDS,
            "figures_unavailable": getattr(request, "figures_unavailable", False),
        },
    )


def _export_name(figures, extension: str) -> str:
    scope = slugify(figures.scope.label, allow_unicode=True)[:40] or "avvik"
    return f"avvik-{scope}-{figures.period.start}-{figures.period.end}.{extension}"


@require_GET
def statistics_csv(request):
    *_chooser, figures = _figures_for(request, current=True)
    response = HttpResponse(figures_csv(figures), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = content_disposition(_export_name(figures, "csv"))
    return response


@require_GET
def statistics_pdf(request):
    *_chooser, figures = _figures_for(request, current=True)
    pdf = figures_pdf(
        figures,
        title=_("Deviation statistics: %(period)s") % {"period": figures.period.label()},
        subtitle=figures.scope.label,
    )
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = content_disposition(_export_name(figures, "pdf"))
    return response


@require_GET
def committee_list(request):
    committees = list(committees_visible_to(request.user).select_related("unit").order_by("name"))
    if not committees:
        raise Http404
    return render(request, "reports/committee_list.html", {"committees": committees})


@require_http_methods(["GET", "POST"])
def committee_reports(request, pk):
    committee = get_object_or_404(committees_visible_to(request.user).select_related("unit"), pk=pk)
    form = OrderSummaryForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        report = services.order_summary(
            committee,
            by=request.user,
            period=form.cleaned_data["chosen_period"],
            language=get_language(),
        )
        if getattr(report, "was_pending", False):
            messages.info(request, _pending_state(report))
        else:
            messages.success(
                request,
                _("The summary for %(period)s is being made.") % {"period": report.period.label()},
            )
        return redirect("reports:committee", pk=committee.pk)
    reports = (
        AmuReport.objects.visible_to(request.user)
        .filter(committee=committee)
        .select_related("requested_by")
    )
    return render(
        request,
        "reports/committee_reports.html",
        {
            "committee": committee,
            "reports": reports,
            "form": form,
            "any_pending": any(r.status == AmuReport.Status.PENDING for r in reports),
        },
    )


def _pending_state(report: AmuReport) -> str:
    """What an order placed before is doing now, for the member who orders it again."""
    values = {
        "period": report.period.label(),
        "ordered": date_format(timezone.localtime(report.created_at), "j. b H:i"),
    }
    if report.started_at:
        values["started"] = date_format(timezone.localtime(report.started_at), "H:i")
        return (
            _(
                "You ordered the summary for %(period)s at %(ordered)s. A worker began "
                "making it at %(started)s; it is not ready yet."
            )
            % values
        )
    return (
        _(
            "You ordered the summary for %(period)s at %(ordered)s. It is waiting for a "
            "background worker and is queued again automatically until one makes it."
        )
        % values
    )


@require_GET
def download_report(request, pk):
    """Only through the reports this person may see, always as a download."""
    report = get_object_or_404(
        AmuReport.objects.visible_to(request.user)
        .filter(status=AmuReport.Status.READY)
        .select_related("committee"),
        pk=pk,
    )
    try:
        handle = report.file.open("rb")
    except (FileNotFoundError, ValueError) as error:
        raise Http404 from error
    response = FileResponse(handle, content_type="application/pdf")
    response["Content-Disposition"] = content_disposition(report.download_name())
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response
