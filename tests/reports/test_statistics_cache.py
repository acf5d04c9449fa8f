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
