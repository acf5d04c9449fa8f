"""The CSV export opens in Norwegian Excel as it is, holds the same figures as the
database, and names nobody."""

from __future__ import annotations

import csv
import io
from datetime import timedelta

from django.db.models import Q

from avvik.models import Category, Deviation
from reports.periods import calendar_period
from tests.factories import OrgUnitFactory
from tests.reports.seeding import SECRET_TEXTS, make_case, oslo, squeezed

Q1 = calendar_period("quarter", 2026, 1)
URL = "/rapporter/statistikk/csv/"


def _download(client, user, **params):
    client.force_login(user)
    response = client.get(URL, {"start": "2026-01-01", "end": "2026-03-31", **params})
    assert response.status_code == 200
    return response


def test_csv_is_utf8_with_bom_and_semicolons(client, org, seeded, english):
    # Without an English name the category is named in bokmål, letters and all.
    Category.objects.filter(code="branntillop").update(name_en="")
    response = _download(client, org.hms_admin)
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert 'attachment; filename="avvik-' in response["Content-Disposition"]
    raw = response.content
    assert raw.startswith(b"\xef\xbb\xbf")
    text = raw.decode("utf-8-sig")
    assert "Branntilløp" in text
    assert "\r\n" in text
    rows = list(csv.reader(io.StringIO(text), delimiter=";"))
    assert rows[1] == ["Period", "2026-01-01", "2026-03-31"]
    assert rows[2] == ["Previous period", "2025-10-01", "2025-12-31"]


def test_csv_counts_equal_the_database(client, org, seeded, english):
    response = _download(client, org.higher_leader, unit=org.sector.code)
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    start, end = Q1.bounds()
    previous_start, _ = Q1.previous().bounds()
    under = Q(unit__path__startswith=org.sector.path)
    now_ = Deviation.objects.filter(under, reported_at__gte=start, reported_at__lt=end)
    before = Deviation.objects.filter(under, reported_at__gte=previous_start, reported_at__lt=start)
    by_item = {(row[0], row[1]): row[2:] for row in rows if len(row) >= 4}
    assert by_item[("Headline figures", "Deviations reported")] == [
        str(now_.count()),
        str(before.count()),
        str(now_.count() - before.count()),
    ]
    for category in Category.objects.all():
        n, p = now_.filter(category=category).count(), before.filter(category=category).count()
        assert by_item[("Category", category.name)] == [str(n), str(p), str(n - p)]
    months = [row for row in rows if row and row[0] == "Month"]
    assert [row[1] for row in months] == ["2026-01", "2026-02", "2026-03"]
    assert sum(int(row[2]) for row in months) == now_.count()
    median = by_item[("Headline figures", "Time to closure, median (hours)")][0]
    assert "," in median and "." not in median  # a decimal comma, as Norwegian Excel reads it


def test_csv_has_no_names_health_details_or_reporters_text(client, org, seeded):
    text = _download(client, org.hms_admin).content.decode("utf-8-sig")
    everything = squeezed(text)
    for person in (org.reporter, org.leader, org.higher_leader, org.amu_member):
        assert squeezed(person.get_full_name()) not in everything
        assert person.email not in text
    for secret in SECRET_TEXTS:
        assert squeezed(secret) not in everything
    for reference in Deviation.objects.values_list("reference", flat=True):
        assert reference not in text


def test_csv_cells_never_start_a_formula(client, org, english):
    unit = OrgUnitFactory(code="EVIL", name='=HYPERLINK("http://evil.example")', parent=org.kommune)
    make_case(unit, org.reporter, oslo(2026, 2, 1, 12))
    text = _download(client, org.hms_admin, unit=org.kommune.code).content.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text), delimiter=";"))
    unit_rows = [row for row in rows if row and row[0] == "Unit" and "HYPERLINK" in row[1]]
    assert unit_rows and unit_rows[0][1].startswith("'=")


def test_page_and_csv_round_a_duration_the_same_way(client, org, english):
    """66.9 hours to closure: 2.8 days on the page (not cut to 2.7), 66.9 in the CSV."""
    from reports.templatetags.report_figures import duration

    reported = oslo(2026, 2, 2, 8)
    make_case(
        org.department,
        org.reporter,
        reported,
        acknowledged_after=timedelta(hours=1),
        closed_after=timedelta(hours=66.9),
        leader=org.leader,
    )
    period = {"start": "2026-02-01", "end": "2026-02-28"}
    client.force_login(org.higher_leader)
    page = client.get("/rapporter/statistikk/", period).content.decode()
    assert "2.8 days" in page and "2.7 days" not in page
    rows = list(
        csv.reader(
            io.StringIO(_download(client, org.higher_leader, **period).content.decode("utf-8-sig")),
            delimiter=";",
        )
    )
    median = next(r for r in rows if r[1:2] == ["Time to closure, median (hours)"])
    assert median[2] == "66,9"
    assert duration(66.9 * 3600) == "2.8 days"
    assert duration(3600) == "1.0 hour"
    assert duration(2.25 * 3600) == "2.3 hours"  # half away from zero, not to even
