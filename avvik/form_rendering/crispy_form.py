"""The form around the fields, as ``{% crispy form %}`` draws it with crispy-bootstrap5's
``whole_uni_form.html``: the ``<form>`` tag, the CSRF token, the form's media, the errors
that belong to no field (``errors.html``), the fields the helper's layout drew
(``display_form.html``) and the helper's buttons (``inputs.html``, each input with
``layout/baseinput.html``, which a ``Submit`` inside a layout renders too).

Like the template, the whole is passed through crispy's ``specialspaceless``
(``remove_spaces``): the markup is written with the template's whitespace first.
"""

from __future__ import annotations

from crispy_forms.templatetags.crispy_forms_utils import remove_spaces
from django.template.defaultfilters import slugify, unordered_list, wordcount
from django.utils.html import format_html

from avvik.form_rendering.ported import PortedTemplate, rendered_by_django
from avvik.form_rendering.values import shown

WHOLE_FORM = "bootstrap5/whole_uni_form.html"
DISPLAY_FORM = "bootstrap5/display_form.html"
FORM_ERRORS = "bootstrap5/errors.html"
INPUTS = "bootstrap5/inputs.html"
BASE_INPUT = "bootstrap5/layout/baseinput.html"
# What display_form.html includes for a form whose helper has no layout.
LAYOUTLESS_FORM = "bootstrap5/uni_form.html"


def csrf_input(context: dict) -> str:
    """As ``{% csrf_token %}``."""
    token = context.get("csrf_token")
    if not token or token == "NOTPROVIDED":
        return ""
    return format_html('<input type="hidden" name="csrfmiddlewaretoken" value="{}">', token)


def form_errors(context: dict) -> str:
    """errors.html: the errors that belong to no field, in a list."""
    form = context["form"]
    errors = form.non_field_errors()
    if not errors:
        return "\n"
    title = context.get("form_error_title")
    heading = f'<h4 class="alert-heading">{shown(title)}</h4>' if title else ""
    return (
        '\n    <div class="alert alert-block alert-danger">\n'
        f"        {heading}\n"
        '        <ul class="m-0">\n'
        f"            {unordered_list(errors, autoescape=True)}\n"
        "        </ul>\n"
        "    </div>\n\n"
    )


def display_form(context: dict) -> str:
    """display_form.html: the media, the form's errors and the layout's fields."""
    form = context["form"]
    form_html = getattr(form, "form_html", None)
    if not form_html:
        # A helper without a layout: crispy's uni_form.html draws every field. None of
        # the project's forms comes here; the file renders it.
        return f"\n    {rendered_by_django(LAYOUTLESS_FORM, context)}\n\n"
    media = shown(form.media) if context.get("include_media") else ""
    errors = f"\n        {form_errors(context)}\n    " if context.get("form_show_errors") else ""
    return f"\n    {media}\n    {errors}\n    {shown(form_html)}\n\n"


def base_input(submit) -> str:
    """layout/baseinput.html: a helper's button (``Submit``, ``Button``, ``Hidden`` …)."""
    name = getattr(submit, "name", "")
    input_type = getattr(submit, "input_type", "")
    name_shown = shown(slugify(name)) if wordcount(name) > 1 else shown(name)
    out = [
        f'<input type="{shown(input_type)}"\n'
        f'    name="{name_shown}"\n'
        f'    value="{shown(getattr(submit, "value", ""))}"\n    '
    ]
    if input_type != "hidden":
        css_id = getattr(submit, "id", None)
        id_shown = shown(css_id) if css_id else f"{shown(input_type)}-id-{shown(slugify(name))}"
        out.append(
            f'\n        class="{shown(getattr(submit, "field_classes", ""))}"\n'
            f'        id="{id_shown}"\n    '
        )
    out.append(f"\n    {shown(getattr(submit, 'flat_attrs', ''))}\n    />\n")
    return "".join(out)


def helper_inputs(context: dict) -> str:
    """inputs.html: the helper's buttons in a row of their own."""
    inputs = context.get("inputs")
    if not inputs:
        return "\n"
    try:
        horizontal = "form-horizontal" in context.get("form_class")
    except TypeError:
        horizontal = False
    label_class = context.get("label_class")
    label_column = (
        f'\n            <div class="aab {shown(label_class)}"></div>\n        '
        if label_class
        else ""
    )
    drawn = "".join(f"\n                {base_input(each)}\n            " for each in inputs)
    return (
        f'\n    <div class="mb-3{" row" if horizontal else ""}">\n'
        f"        {label_column}\n\n"
        f'        <div class="{shown(context.get("field_class", ""))}">\n'
        f"            {drawn}\n"
        "        </div>\n"
        "    </div>\n\n"
    )


class WholeForm(PortedTemplate):
    """whole_uni_form.html with everything it includes (see the module's docstring)."""

    name = WHOLE_FORM
    ports = (WHOLE_FORM, DISPLAY_FORM, FORM_ERRORS, INPUTS, BASE_INPUT)

    def draw(self, context: dict) -> str:
        form = context["form"]
        form_tag = context.get("form_tag")
        method = context.get("form_method", "")
        out = ["\n"]
        if form_tag:
            multipart = ' enctype="multipart/form-data"' if form.is_multipart() else ""
            out.append(
                f'<form {shown(context.get("flat_attrs", ""))} method="{shown(method)}" '
                f"{multipart}>"
            )
        out.append("\n    ")
        if str(method).lower() == "post" and not context.get("disable_csrf"):
            out.append(f"\n        {csrf_input(context)}\n    ")
        out.append(f"\n\n    {display_form(context)}\n\n    {helper_inputs(context)}\n\n")
        if form_tag:
            out.append("</form>")
        out.append("\n")
        return f"\n\n{remove_spaces(''.join(out).strip())}\n"


class BaseInput(PortedTemplate):
    name = BASE_INPUT
    ports = (BASE_INPUT,)

    def draw(self, context: dict) -> str:
        return base_input(context["input"])


WHOLE_FORM_TEMPLATE = WholeForm()
BASE_INPUT_TEMPLATE = BaseInput()
