"""Statistics are kept in the cache, and any new report or case step recomputes them."""

from datetime import timedelta

import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone

from cases import services
from tests.avvik.filing import ensure_categories


def file(org, title="Glatt gulv"):
    categories = ensure_categories()
    return services.file_deviation(
        org.reporter,
        fields={
            "unit": org.department,
            "occurred_at": timezone.now() - timedelta(hours=1),
            "location": "",
            "category": categories["nestenulykke"],
            "severity": "medium",
            "title": title,
            "description": "Vann på gulvet",
            "immediate_action": "",
            "suggested_measure": "",
        },
    ).case


@pytest.mark.django_db
def test_cached_statistics_follow_a_new_report_at_once(client, org, settings):
    settings.STATISTICS_CACHE_SECONDS = 300
    cache.clear()
    file(org)
    client.force_login(org.top_leader)
    first = client.get(reverse("reports:statistics")).context["figures"]
    again = client.get(reverse("reports:statistics")).context["figures"]
    assert again.total.current == first.total.current
    case = file(org, "Enda en")
    after_report = client.get(reverse("reports:statistics")).context["figures"]
    assert after_report.total.current == first.total.current + 1
    services.acknowledge(case, by=org.leader)
    after_step = client.get(reverse("reports:statistics")).context["figures"]
    assert after_step.acknowledged.current == after_report.acknowledged.current + 1


@pytest.mark.django_db
def test_the_leaders_committee_summary_reaches_the_serious_list(org):
    from reports.periods import Period
    from reports.scopes import Scope
    from reports.statistics import compute_figures

    case = file(org, "Fall fra stige")
    from cases.models import Case

    Case.objects.filter(pk=case.pk).update(committee_summary="Stigen er byttet ut.")
    case.deviation.__class__.objects.filter(pk=case.deviation.pk).update(severity="high")
    today = timezone.localdate()
    figures = compute_figures(
        Scope(roots=(org.kommune,)), Period(today.replace(day=1), today), serious_list=True
    )
    assert [row.summary for row in figures.serious_list] == ["Stigen er byttet ut."]
    assert "Fall fra stige" not in repr(figures.serious_list)
