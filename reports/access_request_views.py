"""A person's own data (GDPR art. 15), downloaded by the person or by an HMS
administrator on their behalf."""

from __future__ import annotations

from django import forms
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET

from orgchart.access import access_for
from orgchart.models import User
from reports.access_requests import personal_data_zip


def _zip_response(person) -> HttpResponse:
    response = HttpResponse(
        personal_data_zip(person, language=get_language()), content_type="application/zip"
    )
    stamp = timezone.localdate().isoformat()
    response["Content-Disposition"] = f'attachment; filename="innsyn-{person.username}-{stamp}.zip"'
    return response


@require_GET
def my_data(request):
    return render(request, "reports/my_data.html")


@require_GET
def my_data_zip(request):
    return _zip_response(request.user)


class PersonForm(forms.Form):
    person = forms.CharField(
        label=_("Username, employee ID or e-mail of the person"), max_length=150
    )

    def clean_person(self):
        value = self.cleaned_data["person"].strip()
        people = list(
            User.objects.filter(
                Q(username__iexact=value) | Q(employee_id=value) | Q(email__iexact=value)
            )[:2]
        )
        if len(people) != 1:
            raise forms.ValidationError(_("No single person matches; check the spelling."))
        return people[0]


@require_GET
def person_data(request):
    """The HMS administrator answers a request on the person's behalf."""
    if not access_for(request.user).is_hms_admin:
        raise PermissionDenied
    form = PersonForm(request.GET or None)
    if form.is_valid():
        return _zip_response(form.cleaned_data["person"])
    return render(request, "reports/person_data.html", {"form": form})
