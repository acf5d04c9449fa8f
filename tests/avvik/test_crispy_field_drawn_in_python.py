"""crispy-forms gets the field template in Python (avvik.form_rendering.crispy_field), and it
draws every kind of field, in every state and with every layout setting, byte for byte as
the project's template file templates/bootstrap5/field.html does."""

from __future__ import annotations

import datetime

import pytest
from crispy_forms.utils import default_field_template
from django import forms
from django.template import engines
from django.template.loader import get_template

from avvik.form_fields import MultipleFileField
from avvik.form_rendering.crispy_field import FIELD, FIELD_TEMPLATE

GROUPED = [
    ("", "Velg …"),
    ("Folk i <Enhet>", [("person:1", "Åse Ø & co"), ("person:2", 'Kari "K" Nord')]),
    ("loose", "Løs <valg>"),
]


class EveryKindForm(forms.Form):
    title = forms.CharField(max_length=5, help_text="Kort, <b>se</b> her")
    note = forms.CharField(required=False, label="Merknad <valgfri>")
    unlabelled = forms.CharField(required=False, label="")
    locked = forms.CharField(required=False, disabled=True, initial="fast")
    email = forms.EmailField(required=False)
    count = forms.IntegerField(required=False, min_value=1, initial=2)
    day = forms.DateField(
        required=False, widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    when = forms.DateTimeField(
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        initial=datetime.datetime(2024, 5, 17, 8, 30),
    )
    text = forms.CharField(widget=forms.Textarea(attrs={"rows": 2}), help_text="Hjelp")
    kind = forms.ChoiceField(choices=GROUPED, help_text="Velg én")
    kinds = forms.MultipleChoiceField(choices=GROUPED, required=False)
    agreed = forms.BooleanField(help_text="Må krysses av")
    absence = forms.BooleanField(required=False, initial=True)
    harm = forms.ChoiceField(
        choices=[("no", "Nei"), ("yes", "Ja <alvorlig>")], widget=forms.RadioSelect
    )
    boxes = forms.MultipleChoiceField(
        choices=GROUPED[1:], required=False, widget=forms.CheckboxSelectMultiple
    )
    photo = forms.FileField(required=False, help_text="Et bilde")
    photos = MultipleFileField(required=False)
    token = forms.CharField(widget=forms.HiddenInput, initial="a&b")

    def clean_note(self):
        if self.cleaned_data["note"] == "twice":
            self.add_error("note", "Først <feil>")
            raise forms.ValidationError("Så en til")
        return self.cleaned_data["note"]


class ClassedForm(EveryKindForm):
    error_css_class = "has-error"
    required_css_class = "is-required"


WITH_ERRORS = {
    "title": "far too long",
    "note": "twice",
    "email": "no",
    "count": "0",
    "day": "never",
    "when": "",
    "text": "",
    "kind": "nothing",
    "kinds": ["nothing"],
    "harm": "maybe",
    "boxes": ["nothing"],
}
CRISPY_DEFAULTS = {
    "form_show_errors": True,
    "form_show_labels": True,
    "error_text_inline": True,
    "help_text_inline": False,
}
LAYOUTS = {
    "crispy's defaults": {},
    "without labels": {"form_show_labels": False},
    "without errors": {"form_show_errors": False},
    "help text inline": {"help_text_inline": True},
    "errors as paragraphs": {"error_text_inline": False},
    "help inline, errors as paragraphs": {"help_text_inline": True, "error_text_inline": False},
    "wrapper class": {"wrapper_class": 'col-6 "x" <y>'},
    "in a table": {"tag": "td"},
    "in a span": {"tag": "span"},
}
FORMS = {
    "blank": lambda: EveryKindForm(),
    "with errors": lambda: EveryKindForm(WITH_ERRORS),
    "with classes and errors": lambda: ClassedForm(WITH_ERRORS),
    "filled in": lambda: EveryKindForm(
        {**WITH_ERRORS, "title": "kort", "note": "", "harm": "yes", "agreed": "on"}
    ),
    "without ids": lambda: EveryKindForm(WITH_ERRORS, auto_id=False),
    "with a prefix": lambda: EveryKindForm(prefix="step", auto_id="id_step_%s"),
}


def _drawn_both_ways(make_form, name: str, layout: dict) -> tuple[str, str]:
    context = {**CRISPY_DEFAULTS, **layout}
    python = FIELD.render({**context, "field": make_form()[name]})
    file = engines["django"].get_template(FIELD_TEMPLATE)
    template = file.render({**context, "field": make_form()[name]})
    return python, template


@pytest.mark.parametrize("form", FORMS)
@pytest.mark.parametrize("layout", LAYOUTS)
def test_every_field_is_drawn_as_the_template_draws_it(form, layout):
    for name in EveryKindForm.base_fields:
        python, template = _drawn_both_ways(FORMS[form], name, LAYOUTS[layout])
        assert python == template, name


def test_errors_and_help_text_are_drawn():
    python, _template = _drawn_both_ways(FORMS["with errors"], "note", {})
    assert '<span id="error_1_id_note"><strong>Først &lt;feil&gt;</strong></span>' in python
    assert '<span id="error_2_id_note"><strong>Så en til</strong></span>' in python
    assert "Merknad &lt;valgfri&gt;" in python
    python, _template = _drawn_both_ways(FORMS["blank"], "title", {})
    assert '<div id="id_title_helptext" class="form-text">Kort, <b>se</b> her</div>' in python
    assert 'class="textinput form-control"' in python


def test_crispy_gets_the_field_template_in_python():
    default_field_template.cache_clear()
    assert get_template(FIELD_TEMPLATE) is FIELD
    assert default_field_template() is FIELD


def test_other_templates_come_from_the_django_engine():
    assert get_template("bootstrap5/layout/field_with_buttons.html").backend.name == "django"
