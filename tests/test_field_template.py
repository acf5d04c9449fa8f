"""The project's lean field template (templates/bootstrap5/field.html) draws the same
markup as crispy-bootstrap5's: labels, required marks, errors, help text and
aria-describedby, on every page that draws crispy forms, blank and with errors.

And the pages draw their forms in Python (avvik.form_rendering: the field template and
Django's widget templates) byte for byte as the templates draw them."""

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


def _django_engine() -> dict:
    """The Django template engine's settings (the engine ahead of it draws the field
    template in Python)."""
    return next(e for e in settings.TEMPLATES if e["BACKEND"].endswith(".DjangoTemplates"))


@contextmanager
def crispy_own_field_template():
    """Templates found in the apps before the project's folder, so that
    ``bootstrap5/field.html`` is crispy-bootstrap5's own."""
    engine = dict(_django_engine(), APP_DIRS=False)
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


@contextmanager
def drawn_by_templates():
    """The field template from its file and the widgets from Django's templates."""
    _forget_crispy_templates()
    try:
        with override_settings(
            TEMPLATES=[_django_engine()], FORM_RENDERER="django.forms.renderers.DjangoTemplates"
        ):
            yield
    finally:
        _forget_crispy_templates()


def _without_tokens(html: bytes) -> str:
    html = re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", html.decode())
    return re.sub(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", "UUID", html)


def _assert_drawn_alike(request, status=200):
    """The page drawn with the forms in Python and with the templates, byte for byte
    (but for the random tokens)."""
    _forget_crispy_templates()
    python = request()
    with drawn_by_templates():
        templates = request()
    assert python.status_code == templates.status_code == status
    assert 'class="form-' in _without_tokens(python.content)
    assert _without_tokens(python.content) == _without_tokens(templates.content)


def test_the_filing_form_is_drawn_in_python_as_the_templates_draw_it(client, org):
    client.force_login(org.reporter)
    _assert_drawn_alike(lambda: client.get(reverse("cases:report")))


def test_the_filing_form_with_errors_is_drawn_in_python_as_the_templates_draw_it(client, org):
    categories = ensure_categories()
    client.force_login(org.reporter)
    data = report_data(org.department, categories["personskade"], title="", severity="")
    data["absence"] = "on"
    _assert_drawn_alike(lambda: client.post(reverse("cases:report"), data))


@pytest.mark.parametrize("state", ["reported", "acknowledged", "ready to close"])
def test_the_case_page_steps_are_drawn_in_python_as_the_templates_draw_them(client, org, state):
    make = {"reported": open_case, "acknowledged": acknowledged_case}.get(state, ready_to_close)
    case = make(org)
    client.force_login(org.leader)
    _assert_drawn_alike(lambda: client.get(reverse("cases:detail", args=[case.pk])))


def test_a_refused_step_is_drawn_in_python_as_the_templates_draw_it(client, org):
    case = acknowledged_case(org)
    client.force_login(org.leader)
    url = reverse("cases:add_corrective_action", args=[case.pk])
    _assert_drawn_alike(lambda: client.post(url, {"description": "", "due_date": "nope"}))


@pytest.mark.parametrize(
    "page", ["orgchart:notification_settings", "reports:statistics", "cases:dashboard"]
)
def test_other_forms_are_drawn_in_python_as_the_templates_draw_them(client, org, page):
    open_case(org)
    client.force_login(org.leader)
    _assert_drawn_alike(lambda: client.get(reverse(page)))


def test_the_dashboard_filters_with_choices_are_drawn_in_python_as_the_templates_draw_them(
    client, org
):
    open_case(org)
    client.force_login(org.leader)
    query = {"status": "all", "severity": "high", "reported_from": "2024-01-01", "overdue": "on"}
    _assert_drawn_alike(lambda: client.get(reverse("cases:dashboard"), query))


def test_the_reporters_page_is_drawn_in_python_as_the_templates_draw_it(client, org):
    case = acknowledged_case(org)
    client.force_login(org.reporter)
    _assert_drawn_alike(lambda: client.get(reverse("cases:my_report", args=[case.pk])))
