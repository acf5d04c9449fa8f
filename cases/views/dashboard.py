"""The dashboard ("Saker"): the cases a person handles or follows, most urgent first."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.shortcuts import render
from django.utils.functional import cached_property
from django.views.decorators.http import require_GET

from cases.case_rows import case_rows
from cases.dashboard import status_counts
from cases.filters import CaseFilter

PER_PAGE = 25


class CountedPaginator(Paginator):
    """A paginator told its count, which the counts per status already give, instead of
    counting the same rows a second time."""

    def __init__(self, object_list, per_page, *, count: int, **kwargs):
        super().__init__(object_list, per_page, **kwargs)
        self._known_count = count

    @cached_property
    def count(self) -> int:
        return self._known_count


@require_GET
def dashboard(request):
    filters = CaseFilter(request.GET, user=request.user)
    if not filters.scopes:
        return render(request, "cases/dashboard.html", {"filters": filters})
    cases = filters.qs
    counts = status_counts(filters.without_status, filters.now)
    paginator = CountedPaginator(cases, PER_PAGE, count=counts.matching(filters.chosen_status))
    page = paginator.get_page(request.GET.get("page"))
    return render(
        request,
        "cases/dashboard.html",
        {
            "filters": filters,
            "counts": counts,
            "page": page,
            "page_range": paginator.get_elided_page_range(page.number, on_each_side=2, on_ends=1),
            "cases": page.object_list,
            "rows": case_rows(page.object_list),
            "count_capped": counts.is_capped(filters.chosen_status),
        },
    )
