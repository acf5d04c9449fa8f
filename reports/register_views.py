"""The injury register's page and CSV (see reports.injury_register)."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from reports.injury_register import (
    ROW_LIMIT,
    RegisterFilterForm,
    register_access,
    register_csv,
    register_rows,
)


def _register(request):
    scope = register_access(request.user)
    if not scope.any:
        raise PermissionDenied
    form = RegisterFilterForm(request.GET or None, roots=scope.roots)
    rows, more = register_rows(request.user, form)
    return scope, form, rows, more


@require_GET
def injury_register(request):
    scope, form, rows, more = _register(request)
    return render(
        request,
        "reports/injury_register.html",
        {
            "form": form,
            "rows": rows,
            "more": more,
            "limit": ROW_LIMIT,
            "query": request.GET.urlencode(),
            "sees_all_names": scope.everything,
        },
    )


@require_GET
def injury_register_csv(request):
    _scope, _form, rows, _more = _register(request)
    response = HttpResponse(register_csv(rows), content_type="text/csv; charset=utf-8")
    stamp = timezone.localdate().isoformat()
    response["Content-Disposition"] = f'attachment; filename="skaderegister-{stamp}.csv"'
    return response
