"""The release of deviation reports under offentleglova: select, preview, release, and
the released files (see reports.public_release)."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import get_language, gettext_lazy, ngettext
from django.views.decorators.http import require_GET, require_POST

from reports.public_release import (
    CASE_LIMIT,
    may_release,
    redact_cases,
    release,
    releases_visible_to,
    selected_cases,
)

# The release's own fields; every other parameter is one of the dashboard's filters.
OWN_FIELDS = ("extra_terms", "recipient", "csrfmiddlewaretoken")


class ReleaseForm(forms.Form):
    extra_terms = forms.CharField(
        label=gettext_lazy("Also redact (one word or phrase per line)"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3, "class": "form-control"}),
    )
    recipient = forms.CharField(
        label=gettext_lazy("Released to (name, newspaper, reference of the request)"),
        required=False,
        max_length=200,
        widget=forms.TextInput(attrs={"class": "form-control"}),
    )

    def terms(self) -> list[str]:
        raw = self.cleaned_data.get("extra_terms", "") if self.is_valid() else ""
        return [line.strip() for line in raw.splitlines() if line.strip()]


def _filter_query(data: QueryDict) -> QueryDict:
    query = data.copy()
    for name in OWN_FIELDS:
        query.pop(name, None)
    return query


def _page(request, data: QueryDict, form: ReleaseForm, status: int = 200):
    filterset, cases = selected_cases(request.user, _filter_query(data))
    form.is_valid()
    return render(
        request,
        "reports/public_release.html",
        {
            "filterset": filterset,
            "form": form,
            "preview": redact_cases(cases, form.terms()),
            "limit": CASE_LIMIT,
            "hidden_query": list(_filter_query(data).lists()),
            "releases": releases_visible_to(request.user).select_related("released_by")[:20],
        },
        status=status,
    )


@require_GET
def release_preview(request):
    if not may_release(request.user):
        raise PermissionDenied
    return _page(request, request.GET, ReleaseForm(request.GET or None))


@require_POST
def release_create(request):
    if not may_release(request.user):
        raise PermissionDenied
    form = ReleaseForm(request.POST)
    if form.is_valid():
        try:
            record = release(
                request.user,
                _filter_query(request.POST),
                recipient=form.cleaned_data["recipient"],
                extra_terms=form.terms(),
                language=get_language(),
            )
        except ValidationError as error:
            if hasattr(error, "error_dict"):
                for name, errors in error.error_dict.items():
                    form.add_error(name if name in form.fields else None, errors)
            else:
                form.add_error(None, error)
        else:
            messages.success(
                request,
                ngettext(
                    "%(count)d case released to %(recipient)s.",
                    "%(count)d cases released to %(recipient)s.",
                    len(record.references),
                )
                % {"count": len(record.references), "recipient": record.recipient},
            )
            return redirect("reports:public_release")
    return _page(request, request.POST, form)


@require_GET
def release_download(request, pk):
    record = get_object_or_404(releases_visible_to(request.user), pk=pk)
    return FileResponse(
        record.file.open("rb"),
        as_attachment=True,
        filename=f"innsyn-{record.released_at:%Y-%m-%d}-{record.pk}.pdf",
        content_type="application/pdf",
    )
