"""The real pages' forms through ``{% crispy form %}`` (the filing form and every step on
the case page, unbound and with errors) are drawn alike by avvik.form_rendering and by
crispy-bootstrap5's template files alone."""

from __future__ import annotations

import functools

import pytest
from django.template import Context, Template

from avvik.forms import DeviationForm
from cases.forms import STEP_FORMS, CommentForm
from tests.avvik.crispy_files import files_only
from tests.avvik.filing import ensure_categories, report_data
from tests.cases.workflow import acknowledged_case, open_case, ready_to_close

CRISPY_TAG = "{% load crispy_forms_tags %}{% crispy form %}"


def _assert_crispy_draws_alike(make_form) -> str:
    python = Template(CRISPY_TAG).render(Context({"form": make_form(), "csrf_token": "t"}))
    with files_only():
        template = Template(CRISPY_TAG).render(Context({"form": make_form(), "csrf_token": "t"}))
    assert python == template
    return python


def _deviation_form(org, data=None) -> DeviationForm:
    units = [org.department, org.sibling_unit]
    if data is None:
        return DeviationForm(user=org.reporter, unit_choices=units, initial={"unit": units[0].pk})
    return DeviationForm(data, user=org.reporter, unit_choices=units)


@pytest.mark.django_db
def test_the_filing_form_is_drawn_as_the_templates_draw_it(org):
    ensure_categories()
    drawn = _assert_crispy_draws_alike(lambda: _deviation_form(org))
    assert "form-check-input" in drawn


@pytest.mark.django_db
def test_the_filing_form_with_errors_is_drawn_as_the_templates_draw_it(org):
    categories = ensure_categories()
    data = report_data(org.department, categories["personskade"], title="", severity="")
    data["absence"] = "on"

    def refused():
        form = _deviation_form(org, data)
        form.is_valid()
        form.add_error(None, "Rapporten ble <ikke> sendt")
        return form

    drawn = _assert_crispy_draws_alike(refused)
    assert "invalid-feedback" in drawn
    assert "alert-danger" in drawn


def _step_forms(case, user, data=None):
    for step, form_class in STEP_FORMS.items():
        extra = {"may_write_to_reporter": True} if form_class is CommentForm else {}
        args = () if data is None else (data,)
        yield step, functools.partial(form_class, *args, case=case, user=user, **extra)


@pytest.mark.django_db
@pytest.mark.parametrize("state", ["reported", "acknowledged", "ready to close"])
def test_the_case_page_steps_are_drawn_as_the_templates_draw_them(org, state):
    make = {"reported": open_case, "acknowledged": acknowledged_case}.get(state, ready_to_close)
    case = make(org)
    for step, make_form in _step_forms(case, org.leader):
        drawn = _assert_crispy_draws_alike(make_form)
        assert f'id="submit-{step}"' in drawn


@pytest.mark.django_db
def test_the_case_page_steps_with_errors_are_drawn_as_the_templates_draw_them(org):
    case = acknowledged_case(org)
    for _step, make_form in _step_forms(case, org.leader, data={"due_date": "nope"}):

        def refused(make_form=make_form):
            form = make_form()
            form.is_valid()
            form.add_error(None, "Saken er <lukket>")
            return form

        drawn = _assert_crispy_draws_alike(refused)
        assert "Saken er &lt;lukket&gt;" in drawn
