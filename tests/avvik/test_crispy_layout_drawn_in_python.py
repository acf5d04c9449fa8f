"""crispy-bootstrap5's most used templates are drawn in Python (avvik.form_rendering:
crispy_form, crispy_choices, crispy_file), byte for byte as the template files draw them:
the form around the fields (``whole_uni_form.html`` with what it includes), a helper's
buttons (``layout/baseinput.html``), radio buttons and checkbox lists
(``layout/radio_checkbox_select.html``) and file inputs (``layout/field_file.html``), in
every state and with every helper setting. The real pages' forms through
``{% crispy form %}``: test_crispy_pages_drawn_in_python.py."""

from __future__ import annotations

from decimal import Decimal

import pytest
from crispy_forms import utils as crispy_utils
from crispy_forms.bootstrap import InlineCheckboxes, InlineRadios
from crispy_forms.helper import FormHelper
from crispy_forms.layout import Button, Hidden, Layout, Reset, Submit
from crispy_forms.templatetags.crispy_forms_tags import CrispyFormNode
from django import forms
from django.conf import settings
from django.template import Context, TemplateDoesNotExist, engines
from django.template.loader import get_template
from django.test import override_settings
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy

from avvik.form_fields import MultipleFileField
from avvik.form_rendering.crispy_choices import (
    RADIO_CHECKBOX_SELECT,
    RADIO_CHECKBOX_SELECT_TEMPLATE,
)
from avvik.form_rendering.crispy_file import FIELD_FILE, FIELD_FILE_TEMPLATE
from avvik.form_rendering.crispy_form import (
    BASE_INPUT,
    BASE_INPUT_TEMPLATE,
    WHOLE_FORM,
    WHOLE_FORM_TEMPLATE,
)
from tests.avvik.crispy_files import files_only

PORTED = {
    WHOLE_FORM: WHOLE_FORM_TEMPLATE,
    BASE_INPUT: BASE_INPUT_TEMPLATE,
    RADIO_CHECKBOX_SELECT: RADIO_CHECKBOX_SELECT_TEMPLATE,
    FIELD_FILE: FIELD_FILE_TEMPLATE,
}


def _file(name: str):
    return engines["django"].get_template(name)


def _assert_drawn_alike(name: str, make_context) -> str:
    """The ported template and its file, each given a context of its own (a form's
    fields keep state between renders)."""
    python = PORTED[name].render(make_context())
    template = _file(name).render(make_context())
    assert python == template
    return python


# --- The engine ----------------------------------------------------------------------


def test_crispy_gets_the_ported_templates_in_python():
    for name, template in PORTED.items():
        assert get_template(name) is template


def test_the_templates_not_ported_come_from_the_django_engine():
    for name in ("bootstrap5/uni_form.html", "bootstrap5/layout/button.html"):
        assert get_template(name).backend.name == "django"


def test_a_template_overridden_in_the_project_is_rendered_not_ported(tmp_path):
    (tmp_path / "bootstrap5" / "layout").mkdir(parents=True)
    (tmp_path / "bootstrap5" / "layout" / "help_text.html").write_text("own help text\n")
    django_engine = next(e for e in settings.TEMPLATES if e["BACKEND"].endswith("DjangoTemplates"))
    own = dict(django_engine, DIRS=[tmp_path, *django_engine["DIRS"]])
    with override_settings(TEMPLATES=[settings.TEMPLATES[0], own]):
        # help_text.html is included by the radio list and the file input, not by the form.
        assert get_template(RADIO_CHECKBOX_SELECT).backend.name == "django"
        assert get_template(FIELD_FILE).backend.name == "django"
        assert get_template(WHOLE_FORM) is WHOLE_FORM_TEMPLATE


def test_only_the_ported_names_are_served():
    engine = engines[settings.TEMPLATES[0]["NAME"]]
    with pytest.raises(TemplateDoesNotExist):
        engine.get_template("bootstrap5/layout/field_with_buttons.html")
    with pytest.raises(TemplateDoesNotExist):
        engine.from_string("{{ x }}")


# --- The form around the fields: whole_uni_form.html ----------------------------------


class FrameForm(forms.Form):
    title = forms.CharField(max_length=5, help_text="Kort")
    note = forms.CharField(required=False)

    def clean(self):
        if self.cleaned_data.get("note") == "refuse":
            raise forms.ValidationError(["Saken er <lukket>", mark_safe("Se <b>her</b>")])
        return self.cleaned_data


class MultipartForm(FrameForm):
    photo = forms.FileField(required=False)


class FormWithMedia(FrameForm):
    class Media:
        css = {"all": ["/static/skjema.css"]}
        js = ["/static/skjema.js"]


FRAME_FORMS = {
    "blank": lambda: FrameForm(),
    "with field errors": lambda: FrameForm({"title": "far too long"}),
    "with non-field errors": lambda: FrameForm({"title": "kort", "note": "refuse"}),
    "multipart": lambda: MultipartForm({"title": ""}),
    "with media": lambda: FormWithMedia(),
}


def _helper(**settings_of_helper) -> FormHelper:
    helper = FormHelper()
    helper.layout = Layout("title", "note")
    inputs = settings_of_helper.pop("inputs", [Submit("submit", "Lagre")])
    for name, value in settings_of_helper.items():
        setattr(helper, name, value)
    for each in inputs:
        helper.add_input(each)
    return helper


HELPERS = {
    "crispy's defaults": lambda: _helper(),
    "no form tag": lambda: _helper(form_tag=False),
    "no csrf": lambda: _helper(disable_csrf=True),
    "neither tag nor csrf": lambda: _helper(form_tag=False, disable_csrf=True),
    "get": lambda: _helper(form_method="get"),
    "POST in capitals": lambda: _helper(form_method="POST"),
    "form attributes": lambda: _helper(
        form_action="/saker/1/lukk/",
        form_id="lukk",
        form_class="step-form step-close <x>",
        attrs={"novalidate": "", "data_x": 'a "b" & c', "hidden": True},
    ),
    "horizontal": lambda: _helper(
        form_class="form-horizontal", label_class="col-lg-2", field_class="col-lg-8"
    ),
    "without errors": lambda: _helper(form_show_errors=False),
    "without labels": lambda: _helper(form_show_labels=False),
    "error title": lambda: _helper(form_error_title="Noe <gikk> galt"),
    "without media": lambda: _helper(include_media=False),
    "help inline, errors as paragraphs": lambda: _helper(
        help_text_inline=True, error_text_inline=False
    ),
    "no inputs": lambda: _helper(inputs=[]),
    "every kind of input": lambda: _helper(
        inputs=[
            Submit("submit", gettext_lazy("Save"), css_id="submit-close"),
            Submit("Lagre og lukk", "Lagre & lukk", css_class="btn-lg <x>"),
            Button("avbryt", "Avbryt", onclick="history.back()", data_role="<cancel>"),
            Reset("reset", "Tøm"),
            Hidden("neste", "/saker/?a=1&b=2"),
            Hidden("to ord", "x", css_id="skjult"),
        ]
    ),
}
TOKENS = {"a token": "abc<def>", "no token": None, "token not provided": "NOTPROVIDED"}


def _crispy_context(form, helper, token) -> dict:
    """The context that ``{% crispy form helper %}`` gives whole_uni_form.html (the layout
    drawn into ``form.form_html``)."""
    values = {"form": form, "helper": helper}
    if token is not None:
        values["csrf_token"] = token
    return CrispyFormNode("form", "helper").get_render(Context(values)).flatten()


@pytest.mark.parametrize("token", TOKENS)
@pytest.mark.parametrize("form", FRAME_FORMS)
@pytest.mark.parametrize("helper", HELPERS)
def test_the_form_is_drawn_as_whole_uni_form_draws_it(form, helper, token):
    make = FRAME_FORMS[form]
    _assert_drawn_alike(
        WHOLE_FORM, lambda: _crispy_context(make(), HELPERS[helper](), TOKENS[token])
    )


def test_a_helper_without_a_layout_is_drawn_by_the_file():
    def context():
        helper = _helper()
        helper.layout = None
        return _crispy_context(FrameForm({"note": "refuse"}), helper, "abc")

    drawn = _assert_drawn_alike(WHOLE_FORM, context)
    assert 'name="title"' in drawn


def test_the_form_draws_its_errors_and_buttons():
    drawn = _assert_drawn_alike(
        WHOLE_FORM,
        lambda: _crispy_context(
            FrameForm({"title": "kort", "note": "refuse"}),
            HELPERS["every kind of input"](),
            "abc<def>",
        ),
    )
    assert "<li>Saken er &lt;lukket&gt;</li>" in drawn
    assert "<li>Se <b>her</b></li>" in drawn
    assert 'name="lagre-og-lukk"' in drawn
    assert '<input type="hidden" name="csrfmiddlewaretoken" value="abc&lt;def&gt;">' in drawn


# --- A helper's button: layout/baseinput.html ------------------------------------------


def test_each_input_is_drawn_as_baseinput_draws_it():
    for each in HELPERS["every kind of input"]().inputs:
        _assert_drawn_alike(BASE_INPUT, lambda each=each: {"input": each})


def test_an_input_missing_attributes_is_drawn_as_baseinput_draws_it():
    class Bare:
        input_type = "submit"
        name = "to ord"

    _assert_drawn_alike(BASE_INPUT, lambda: {"input": Bare()})


def test_a_submit_inside_a_layout_is_drawn_as_baseinput_draws_it():
    def drawn() -> str:
        form = FrameForm()
        helper = FormHelper()
        helper.layout = Layout("title", Submit("lagre", "Lagre {{ form.prefix }}"))
        return crispy_utils.render_crispy_form(form, helper)

    python = drawn()
    with files_only():
        assert drawn() == python


# --- Radio buttons and checkbox lists: layout/radio_checkbox_select.html ---------------

GROUPED = [
    ("Folk i <Enhet>", [("person:1", "Åse Ø & co"), ("person:2", mark_safe("Kari <b>K</b>"))]),
    ("loose", "Løs <valg>"),
]


class ChoicesForm(forms.Form):
    harm = forms.ChoiceField(
        choices=[("no", "Nei"), ("yes", gettext_lazy("Yes"))],
        widget=forms.RadioSelect,
        help_text="Velg <b>én</b>",
    )
    boxes = forms.MultipleChoiceField(
        choices=GROUPED, required=False, widget=forms.CheckboxSelectMultiple
    )
    numbers = forms.TypedChoiceField(
        choices=[(1000, Decimal("1234.5")), (2, 2)], coerce=int, widget=forms.RadioSelect
    )
    locked = forms.ChoiceField(
        choices=[("a", "A")],
        required=False,
        disabled=True,
        widget=forms.RadioSelect(attrs={"data-x": 'y"z', "hidden": True, "off": False}),
    )
    empty = forms.MultipleChoiceField(
        choices=[], required=False, widget=forms.CheckboxSelectMultiple
    )

    def clean_harm(self):
        if self.cleaned_data["harm"] == "yes":
            self.add_error("harm", "Først <feil>")
            raise forms.ValidationError("Så en til")
        return self.cleaned_data["harm"]


CHOICE_FORMS = {
    "blank": lambda: ChoicesForm(),
    "with errors": lambda: ChoicesForm({"harm": "maybe", "boxes": ["x"], "numbers": "7"}),
    "two errors": lambda: ChoicesForm({"harm": "yes", "boxes": ["person:2", "loose"]}),
    "filled in": lambda: ChoicesForm({"harm": "no", "boxes": ["loose"], "numbers": "1000"}),
    "without ids": lambda: ChoicesForm({"harm": "maybe"}, auto_id=False),
    "with a prefix": lambda: ChoicesForm(prefix="steg"),
}
CHOICE_SETTINGS = {
    "crispy's defaults": {},
    "inline": {"inline_class": "inline"},
    "inline, without errors": {"inline_class": "inline", "form_show_errors": False},
    "without errors": {"form_show_errors": False},
    "help text inline": {"help_text_inline": True},
    "field class": {"field_class": 'col-8 "x"'},
    "field attributes": {"flat_attrs": mark_safe(' data-a="1"')},
    "field class and attributes": {"field_class": "col", "flat_attrs": ' data-a="<b>"'},
}
CRISPY_DEFAULTS = {
    "form_show_errors": True,
    "form_show_labels": True,
    "error_text_inline": True,
    "help_text_inline": False,
    "field_class": "",
    "flat_attrs": "",
}


@pytest.mark.parametrize("thousands", [False, True])
@pytest.mark.parametrize("form", CHOICE_FORMS)
@pytest.mark.parametrize("setting", CHOICE_SETTINGS)
def test_choices_are_drawn_as_radio_checkbox_select_draws_them(form, setting, thousands):
    with override_settings(USE_THOUSAND_SEPARATOR=thousands):
        for name in ChoicesForm.base_fields:
            _assert_drawn_alike(
                RADIO_CHECKBOX_SELECT,
                lambda name=name: {
                    **CRISPY_DEFAULTS,
                    **CHOICE_SETTINGS[setting],
                    "field": CHOICE_FORMS[form]()[name],
                },
            )


def test_inline_radios_and_checkboxes_are_drawn_as_the_templates_draw_them():
    def drawn() -> str:
        helper = FormHelper()
        helper.form_tag = False
        helper.layout = Layout(InlineRadios("harm"), InlineCheckboxes("boxes"))
        return crispy_utils.render_crispy_form(CHOICE_FORMS["two errors"](), helper)

    python = drawn()
    assert "form-check-inline" in python
    with files_only():
        assert drawn() == python


# --- File inputs: layout/field_file.html -----------------------------------------------


class StoredFile:
    """What a model's FileField holds for a stored file."""

    url = "/media/vedlegg/a&b.pdf"
    name = "vedlegg/a&b.pdf"

    def __str__(self):
        return self.name


class FilesForm(forms.Form):
    photo = forms.FileField(help_text="Et <b>bilde</b>")
    photos = MultipleFileField(
        required=False,
        widget=MultipleFileField.widget(
            attrs={"accept": "image/*", "class": "own <c>", "data-max": 5, "hidden": True}
        ),
    )
    locked = forms.FileField(required=False, disabled=True)
    stored = forms.FileField(required=False, widget=forms.ClearableFileInput)
    stored_required = forms.FileField(widget=forms.ClearableFileInput)

    def clean_photos(self):
        raise forms.ValidationError(["Først <feil>", "Så en til"])


FILE_FORMS = {
    "blank": lambda: FilesForm(),
    "with errors": lambda: FilesForm({}, {}),
    "without ids": lambda: FilesForm({}, {}, auto_id=False),
    "with a stored file": lambda: FilesForm(
        initial={"stored": StoredFile(), "stored_required": StoredFile()}
    ),
    "with a stored file and errors": lambda: FilesForm(
        {}, {}, initial={"stored": StoredFile(), "stored_required": StoredFile()}
    ),
}
FILE_SETTINGS = {
    "crispy's defaults": {},
    "without errors": {"form_show_errors": False},
    "help text inline": {"help_text_inline": True},
    "errors as paragraphs": {"error_text_inline": False},
    "help inline, errors as paragraphs": {"help_text_inline": True, "error_text_inline": False},
}


@pytest.mark.parametrize("form", FILE_FORMS)
@pytest.mark.parametrize("setting", FILE_SETTINGS)
def test_file_inputs_are_drawn_as_field_file_draws_them(form, setting):
    for name in FilesForm.base_fields:
        _assert_drawn_alike(
            FIELD_FILE,
            lambda name=name: {
                **CRISPY_DEFAULTS,
                **FILE_SETTINGS[setting],
                "field": FILE_FORMS[form]()[name],
            },
        )


def test_a_request_is_left_to_the_files(rf):
    request = rf.get("/")
    context = {**CRISPY_DEFAULTS, "field": FILE_FORMS["with errors"]()["photos"]}
    assert FIELD_FILE_TEMPLATE.render(context, request) == _file(FIELD_FILE).render(
        context, request
    )
