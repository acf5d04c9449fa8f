"""The form renderer draws Django's standard widgets in Python exactly as Django's widget
templates draw them (avvik.form_rendering.widgets): every widget, every state, byte for
byte; and whatever it has not ported, or finds overridden, it renders with the template."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django import forms
from django.forms.renderers import DjangoTemplates
from django.template.backends.django import DjangoTemplates as DjangoTemplateEngine
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy
from hypothesis import given
from hypothesis import strategies as st

from avvik.form_rendering.widgets import (
    DJANGO_FORM_TEMPLATES,
    PORTED,
    PythonWidgetRenderer,
)

PYTHON = PythonWidgetRenderer()
TEMPLATES = DjangoTemplates()

GROUPED = [
    ("", "Velg …"),
    ("Folk i <Enhet>", [("person:1", "Åse Ø & co"), ("person:2", 'Kari "K" Nord')]),
    ("Faginstanser", [(3, "Brann"), (4, gettext_lazy("Yes"))]),
    ("loose", "Løs <valg>"),
]
ATTRS = {
    "id": "id_x",
    "class": 'form-control "quoted" & <b>',
    "required": True,
    "disabled": True,
    "readonly": False,
    "data-none": None,
    "maxlength": 200,
    "data-zero": 0,
    "data-safe": mark_safe("<i>safe</i>"),
}


def _both(widget: forms.Widget, value, attrs=None) -> tuple[str, str]:
    python = widget.render("field", value, attrs=attrs, renderer=PYTHON)
    template = widget.render("field", value, attrs=attrs, renderer=TEMPLATES)
    return python, template


def _assert_drawn_alike(widget, value, attrs=None) -> str:
    python, template = _both(widget, value, attrs)
    assert python == template
    return python


def test_every_ported_template_is_drawn_in_python():
    assert set(PYTHON.ported) == set(PORTED)


INPUTS = [
    forms.TextInput(),
    forms.EmailInput(),
    forms.URLInput(),
    forms.NumberInput(),
    forms.PasswordInput(),
    forms.PasswordInput(render_value=True),
    forms.HiddenInput(),
    forms.FileInput(),
    forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    forms.TimeInput(),
    *(
        getattr(forms, name)()
        for name in ("ColorInput", "SearchInput", "TelInput")
        if hasattr(forms, name)
    ),
]
VALUES = [
    None,
    "",
    "Glatt <gulv> & \"vann\" 'ute'",
    mark_safe("<b>safe</b>"),
    3,
    Decimal("1.50"),
    datetime.date(2024, 5, 17),
    datetime.datetime(2024, 5, 17, 8, 30),
]


@pytest.mark.parametrize("widget", INPUTS, ids=lambda w: type(w).__name__)
@pytest.mark.parametrize("value", VALUES, ids=repr)
def test_an_input_is_drawn_as_its_template_draws_it(widget, value):
    _assert_drawn_alike(widget, value)
    _assert_drawn_alike(widget, value, attrs=ATTRS)


@pytest.mark.parametrize("value", [None, "", 'Linje én\nlinje <to> & "tre"', "0"])
def test_a_textarea_is_drawn_as_its_template_draws_it(value):
    _assert_drawn_alike(forms.Textarea(attrs={"rows": 2}), value)
    html = _assert_drawn_alike(forms.Textarea(), value, attrs=ATTRS)
    assert html.startswith('<textarea name="field" cols="40" rows="10" id="id_x"')


@pytest.mark.parametrize("value", [None, "", "person:2", "3", 4, "loose", "nothing"])
def test_a_select_with_optgroups_is_drawn_as_its_template_draws_it(value):
    html = _assert_drawn_alike(forms.Select(choices=GROUPED), value, attrs=ATTRS)
    assert '<optgroup label="Folk i &lt;Enhet&gt;">' in html


@pytest.mark.parametrize("value", [None, [], ["person:1", "3"], ["loose"]])
def test_a_multiple_select_is_drawn_as_its_template_draws_it(value):
    html = _assert_drawn_alike(forms.SelectMultiple(choices=GROUPED), value, attrs=ATTRS)
    assert " multiple" in html


@pytest.mark.parametrize("value", [None, True, False, "unknown"])
def test_a_yes_no_select_is_drawn_as_its_template_draws_it(value):
    _assert_drawn_alike(forms.NullBooleanSelect(), value)


@pytest.mark.parametrize("value", [None, True, False, "", "on", "yes"])
def test_a_checkbox_is_drawn_as_its_template_draws_it(value):
    html = _assert_drawn_alike(forms.CheckboxInput(), value, attrs={"id": "id_x"})
    assert (" checked" in html) == (value in (True, "on", "yes"))
    _assert_drawn_alike(forms.CheckboxInput(attrs={"class": "form-check-input"}), value, ATTRS)


@pytest.mark.django_db
def test_a_model_choice_list_is_drawn_as_its_template_draws_it(org):
    from orgchart.models import OrgUnit

    field = forms.ModelChoiceField(queryset=OrgUnit.objects.order_by("name"))
    units = list(OrgUnit.objects.all())
    for value in (None, units[0].pk, str(units[-1].pk)):
        _assert_drawn_alike(field.widget, value)
    multiple = forms.ModelMultipleChoiceField(queryset=OrgUnit.objects.order_by("name"))
    _assert_drawn_alike(multiple.widget, [units[0].pk, units[-1].pk])


class ErrorForm(forms.Form):
    """A bound form whose fields carry what a page shows: errors, help text, required
    and disabled fields, initial values."""

    title = forms.CharField(max_length=5, help_text="Kort <tittel>")
    count = forms.IntegerField(min_value=1, required=False, disabled=True, initial=2)
    when = forms.DateTimeField(
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        initial=datetime.datetime(2024, 5, 17, 8, 30),
    )
    text = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), help_text="Hjelp")
    kind = forms.ChoiceField(choices=GROUPED)
    kinds = forms.MultipleChoiceField(choices=GROUPED, required=False)
    agreed = forms.BooleanField()
    secret = forms.CharField(widget=forms.HiddenInput, initial="a&b")


@pytest.mark.parametrize(
    "data",
    [None, {"title": "far too long", "kind": "nothing", "kinds": ["3"], "text": "<x>"}],
    ids=["blank", "with errors"],
)
def test_a_forms_fields_are_drawn_as_their_templates_draw_them(data):
    python_form = ErrorForm(data, renderer=PYTHON)
    template_form = ErrorForm(data, renderer=TEMPLATES)
    for name in ErrorForm.base_fields:
        assert str(python_form[name]) == str(template_form[name])
    if data:
        assert 'aria-invalid="true"' in str(python_form["title"])


def test_a_radio_list_and_a_file_with_a_link_are_rendered_with_their_templates():
    """Neither is ported: their templates are rendered, by the renderer's engine."""
    for widget, value in [
        (forms.RadioSelect(choices=GROUPED), "person:1"),
        (forms.CheckboxSelectMultiple(choices=GROUPED), ["3"]),
        (forms.ClearableFileInput(), None),
        (forms.SplitDateTimeWidget(), datetime.datetime(2024, 5, 17, 8, 30)),
    ]:
        _assert_drawn_alike(widget, value, attrs={"id": "id_x"})


class StarredOption(forms.Select):
    option_template_name = "avvik/tests/starred_option.html"


class StarredEngine:
    """A renderer whose engine has a template of its own for options and, optionally, an
    override of Django's attrs.html in front of Django's."""

    def __init__(self, tmp_path, override_attrs: bool):
        (tmp_path / "avvik/tests").mkdir(parents=True)
        (tmp_path / "avvik/tests/starred_option.html").write_text(
            "<option>*{{ widget.label }}</option>\n"
        )
        if override_attrs:
            (tmp_path / "django/forms/widgets").mkdir(parents=True)
            (tmp_path / "django/forms/widgets/attrs.html").write_text(
                "{% for name, value in widget.attrs.items %} data-{{ name }}{% endfor %}"
            )
        self.dirs = [tmp_path, DJANGO_FORM_TEMPLATES]

    def renderers(self) -> tuple[PythonWidgetRenderer, DjangoTemplates]:
        engine = DjangoTemplateEngine(
            {"APP_DIRS": False, "DIRS": self.dirs, "NAME": "test", "OPTIONS": {}}
        )
        python, templates = PythonWidgetRenderer(), DjangoTemplates()
        python.engine = templates.engine = engine
        return python, templates


def test_an_option_with_a_template_of_its_own_is_rendered_with_it(tmp_path):
    python, templates = StarredEngine(tmp_path, override_attrs=False).renderers()
    widget = StarredOption(choices=GROUPED)
    html = widget.render("field", "3", renderer=python)
    assert html == widget.render("field", "3", renderer=templates)
    assert "<option>*Brann</option>" in html


def test_an_overridden_widget_template_is_still_used(tmp_path):
    python, templates = StarredEngine(tmp_path, override_attrs=True).renderers()
    assert python.ported == {}
    for widget in (forms.TextInput(), forms.Textarea(), forms.Select(choices=GROUPED)):
        html = widget.render("field", "3", attrs={"id": "id_x"}, renderer=python)
        assert html == widget.render("field", "3", attrs={"id": "id_x"}, renderer=templates)
        assert " data-id" in html


text = st.text(st.characters(blacklist_categories=("Cs",)), max_size=20)


@given(value=text, label=text, attribute=text)
def test_any_text_is_escaped_as_the_templates_escape_it(value, label, attribute):
    attrs = {"id": "id_x", "title": attribute, "data-flag": True}
    _assert_drawn_alike(forms.TextInput(), value, attrs)
    _assert_drawn_alike(forms.Textarea(), value, attrs)
    choices = [(value, label), (label, [(attribute, value)])]
    _assert_drawn_alike(forms.Select(choices=choices), value)
