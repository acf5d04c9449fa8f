"""The project's lean field template (templates/bootstrap5/field.html) draws the same
markup as crispy-bootstrap5's: labels, required marks, errors, help text and
aria-describedby, on every page that draws crispy forms, blank and with errors."""

from __future__ import annotations

import re
from contextlib import contextmanager

import pytest
from crispy_forms import utils as crispy_utils
from crispy_forms.templatetags import crispy_forms_filters, crispy_forms_tags
from django.conf import settings
from django.test import override_settings
from django.urls import reverse

from tests.avvik.filing import ensure_categories, report_data
from tests.cases.workflow import acknowledged_case, open_case, ready_to_close

pytestmark = pytest.mark.django_db

CACHED_TEMPLATES = [
    crispy_utils.default_field_template,
    crispy_forms_filters.uni_form_template,
    crispy_forms_filters.uni_formset_template,
    crispy_forms_tags.whole_uni_form_template,
    crispy_forms_tags.whole_uni_formset_template,
]


def _forget_crispy_templates():
    for cached in CACHED_TEMPLATES:
        cached.cache_clear()


@contextmanager
def crispy_own_field_template():
    """Templates found in the apps before the project's folder, so that
    ``bootstrap5/field.html`` is crispy-bootstrap5's own."""
    engine = dict(settings.TEMPLATES[0], APP_DIRS=False)
    engine["OPTIONS"] = dict(
        engine["OPTIONS"],
        loaders=[
            "django.template.loaders.app_directories.Loader",
            "django.template.loaders.filesystem.Loader",
        ],
    )
    _forget_crispy_templates()
    try:
        with override_settings(TEMPLATES=[engine]):
            yield
    finally:
        _forget_crispy_templates()


def _normalised(html: str) -> str:
    html = re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", html)
    html = re.sub(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", "UUID", html)
    html = re.sub(r"\s+", " ", html)
    return re.sub(r"\s*([<>])\s*", r"\1", html).replace(' ">', '">')


def _both(request) -> tuple[str, str]:
    _forget_crispy_templates()
    lean = request()
    with crispy_own_field_template():
        crispy = request()
    assert lean.status_code == crispy.status_code == 200
    return _normalised(lean.content.decode()), _normalised(crispy.content.decode())


def _assert_same_markup(request):
    lean, crispy = _both(request)
    assert 'class="form-label' in lean
    assert lean == crispy


def test_the_filing_form_is_drawn_as_crispy_draws_it(client, org):
    client.force_login(org.reporter)
    _assert_same_markup(lambda: client.get(reverse("cases:report")))


def test_the_filing_form_with_errors_is_drawn_as_crispy_draws_it(client, org):
    categories = ensure_categories()
    client.force_login(org.reporter)
    data = report_data(org.department, categories["personskade"], title="", severity="")
    data["absence"] = "on"
    lean, crispy = _both(lambda: client.post(reverse("cases:report"), data))
    assert "invalid-feedback" in lean
    assert "aria-describedby" in lean
    assert lean == crispy


@pytest.mark.parametrize("state", ["reported", "acknowledged", "ready to close"])
def test_the_case_page_steps_are_drawn_as_crispy_draws_them(client, org, state):
    make = {"reported": open_case, "acknowledged": acknowledged_case}.get(state, ready_to_close)
    case = make(org)
    client.force_login(org.leader)
    _assert_same_markup(lambda: client.get(reverse("cases:detail", args=[case.pk])))


def test_a_step_refused_for_bad_input_is_drawn_as_crispy_draws_it(client, org):
    case = acknowledged_case(org)
    client.force_login(org.leader)
    url = reverse("cases:add_corrective_action", args=[case.pk])
    lean, crispy = _both(lambda: client.post(url, {"description": "", "due_date": "nope"}))
    assert "invalid-feedback" in lean
    assert lean == crispy


@pytest.mark.parametrize("page", ["orgchart:notification_settings", "reports:statistics"])
def test_other_forms_are_drawn_as_crispy_draws_them(client, org, page):
    client.force_login(org.leader)
    _assert_same_markup(lambda: client.get(reverse(page)))


def test_the_reporters_page_is_drawn_as_crispy_draws_it(client, org):
    case = acknowledged_case(org)
    client.force_login(org.reporter)
    _assert_same_markup(lambda: client.get(reverse("cases:my_report", args=[case.pk])))
