"""The statistics page answers from figures kept in the cache, and brings them up to date in
the background after any new report or case step (reports/figure_cache.py)."""

import csv
import io
from datetime import timedelta

import pytest
from django.core.cache import cache
from django.utils import timezone

from cases import services
from reports.tasks import warm_statistics
from tests.avvik.filing import ensure_categories, nb


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


STATISTICS = "/rapporter/statistikk/"


@pytest.fixture
def kept(settings):
    """Figures kept in a cache of this test's own, as in production."""
    settings.CACHES = {
        **settings.CACHES,
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    }
    settings.STATISTICS_CACHE_SECONDS = 3600
    settings.STATISTICS_FRESH_SECONDS = 300
    cache.clear()
    yield
    cache.clear()


@pytest.mark.django_db
def test_kept_figures_are_shown_at_once_and_updated_in_the_background_after_a_change(
    client, org, kept, django_capture_on_commit_callbacks
):
    file(org)
    client.force_login(org.top_leader)
    first = client.get(STATISTICS).context["figures"]
    assert first.total.current == 1 and not first.refreshing

    file(org, "Enda en")
    with django_capture_on_commit_callbacks() as refresh:
        behind = client.get(STATISTICS)
    # The page does not wait: the figures it had, said to be behind, and one refresh queued.
    assert behind.context["figures"].total.current == 1
    assert behind.context["figures"].refreshing
    assert "figures-refreshing" in behind.content.decode()
    assert "Tallene ble beregnet kl." in behind.content.decode()
    assert len(refresh) == 1
    with django_capture_on_commit_callbacks() as again:
        client.get(STATISTICS)
    assert again == []  # one refresh at a time

    refresh[0]()  # the worker's task, run here
    updated = client.get(STATISTICS)
    assert updated.context["figures"].total.current == 2
    assert not updated.context["figures"].refreshing
    assert "figures-refreshing" not in updated.content.decode()


@pytest.mark.django_db
def test_a_case_step_also_makes_the_kept_figures_behind(
    client, org, kept, django_capture_on_commit_callbacks
):
    case = file(org)
    client.force_login(org.top_leader)
    assert client.get(STATISTICS).context["figures"].acknowledged.current == 0

    services.acknowledge(case, by=org.leader)
    with django_capture_on_commit_callbacks(execute=True):
        client.get(STATISTICS)

    assert client.get(STATISTICS).context["figures"].acknowledged.current == 1


@pytest.mark.django_db
def test_kept_figures_older_than_the_fresh_limit_are_refreshed(
    client, org, kept, settings, django_capture_on_commit_callbacks
):
    file(org)
    client.force_login(org.top_leader)
    client.get(STATISTICS)
    settings.STATISTICS_FRESH_SECONDS = 0  # "overdue" moves with the clock alone

    with django_capture_on_commit_callbacks() as refresh:
        response = client.get(STATISTICS)

    assert response.context["figures"].refreshing
    assert len(refresh) == 1


@pytest.mark.django_db
def test_exports_never_hold_figures_that_are_behind(client, org, kept):
    file(org)
    client.force_login(org.top_leader)
    client.get(STATISTICS)
    file(org, "Enda en")

    text = client.get("/rapporter/statistikk/csv/").content.decode("utf-8-sig")

    rows = list(csv.reader(io.StringIO(text), delimiter=";"))
    by_item = {(row[0], row[1]): row[2:] for row in rows if len(row) >= 4}
    assert by_item[(nb("Headline figures"), nb("Deviations reported"))][0] == "2"


@pytest.mark.django_db
def test_the_figures_part_of_the_page_is_drawn_once_while_the_figures_stand(
    client, org, kept, monkeypatch
):
    file(org)
    client.force_login(org.top_leader)
    first = client.get(STATISTICS).content.decode()

    def no_drawing(figures):
        raise AssertionError("charts drawn again")

    monkeypatch.setattr("reports.views.charts_for", no_drawing)
    second = client.get(STATISTICS).content.decode()

    assert second.count("<svg") == first.count("<svg") > 0


@pytest.mark.django_db
def test_warmed_statistics_answer_the_first_visit_without_computing(client, org, kept, monkeypatch):
    file(org)
    warm_statistics()

    def no_computing(scope, period, **kwargs):
        raise AssertionError("computed on the page")

    monkeypatch.setattr("reports.figure_cache.compute_figures", no_computing)
    for person in (org.top_leader, org.leader, org.higher_leader):
        client.force_login(person)
        figures = client.get(STATISTICS).context["figures"]
        assert figures.total.current == 1
        # And every quick choice of period offered above the figures.
        for _label, link, _current in client.get(STATISTICS).context["presets"]:
            assert client.get(f"{STATISTICS}?{link}").status_code == 200


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


@pytest.mark.django_db
def test_a_large_subtree_not_kept_yet_is_computed_by_the_worker_while_the_page_says_so(
    client, org, kept, settings, monkeypatch, django_capture_on_commit_callbacks
):
    settings.STATISTICS_INLINE_UNITS = 2  # the municipality has more
    file(org)
    client.force_login(org.top_leader)

    def no_computing(scope, period, **kwargs):
        raise AssertionError("computed in the web process")

    with monkeypatch.context() as patched:
        patched.setattr("reports.figure_cache.compute_figures", no_computing)
        with django_capture_on_commit_callbacks() as queued:
            waiting = client.get(STATISTICS)
            again = client.get(STATISTICS)

    assert waiting.status_code == 200
    assert waiting.context["figures"] is None
    html = waiting.content.decode()
    assert "figures-pending" in html and "statistics-pending" in html
    assert org.kommune.name in html  # which subtree and period it is about
    assert again.context["figures"] is None
    assert len(queued) == 1  # one computation, however often the page comes back

    queued[0]()  # the worker's task
    ready = client.get(STATISTICS)
    assert ready.context["figures"].total.current == 1
    assert "statistics-pending" not in ready.content.decode()


@pytest.mark.django_db
def test_a_small_subtree_is_computed_on_the_spot(client, org, kept, settings):
    settings.STATISTICS_INLINE_UNITS = 100
    file(org)
    client.force_login(org.leader)

    figures = client.get(STATISTICS).context["figures"]

    assert figures is not None and figures.total.current == 1


@pytest.mark.django_db
def test_exports_of_a_large_subtree_not_kept_yet_are_computed_at_once(client, org, kept, settings):
    settings.STATISTICS_INLINE_UNITS = 2
    file(org)
    client.force_login(org.top_leader)

    text = client.get("/rapporter/statistikk/csv/").content.decode("utf-8-sig")

    rows = list(csv.reader(io.StringIO(text), delimiter=";"))
    by_item = {(row[0], row[1]): row[2:] for row in rows if len(row) >= 4}
    assert by_item[(nb("Headline figures"), nb("Deviations reported"))][0] == "1"


@pytest.mark.django_db
def test_a_refresh_for_units_that_no_longer_exist_lets_the_page_ask_again(org, kept):
    from django.utils import translation

    from reports.figure_cache import figures_key, refresh_figures
    from reports.forms import default_statistics_period

    period = default_statistics_period()
    paths = ["99999999/"]
    key = figures_key(paths, False, period, "nb")
    cache.set(f"{key}:refreshing", True, 120)

    with translation.override("nb"):
        refresh_figures(paths, False, period.start.isoformat(), period.end.isoformat(), "nb")

    assert cache.get(f"{key}:refreshing") is None
    assert cache.get(key) is None
