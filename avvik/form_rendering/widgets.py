"""Django's standard widget templates, drawn in Python.

Every widget on a page is a trip through the template engine (``text.html`` includes
``input.html``, which includes ``attrs.html``), and a select makes one more trip for each of
its options. Those trips cost more than the rest of a form's rendering. This renderer
writes the same markup for the templates it knows, and renders any other template (a
custom widget's, a radio list's) as Django does.

The Python is a port of the templates in django/forms/templates/django/forms/widgets/,
whitespace included: an ``{% include %}`` keeps the newline that ends the included file,
which is why each ``<option>`` is followed by an empty line. A template that the renderer's
engine would load from anywhere else (an override in an app) is rendered, not ported.
"""

from __future__ import annotations

from pathlib import Path

import django.forms
from django.forms.renderers import DjangoTemplates
from django.template import TemplateDoesNotExist
from django.utils.functional import cached_property
from django.utils.safestring import mark_safe

from avvik.form_rendering.values import formatted, shown

WIDGETS = "django/forms/widgets/"
DJANGO_FORM_TEMPLATES = Path(django.forms.__file__).parent / "templates"
SELECT_OPTION = WIDGETS + "select_option.html"


def attributes(attrs: dict) -> str:
    """As attrs.html: False left out, True as a bare name, everything else (None too)
    as name="value", in the dictionary's order."""
    return "".join(
        f" {shown(name)}" if value is True else f' {shown(name)}="{formatted(value)}"'
        for name, value in attrs.items()
        if value is not False
    )


def draw_input(widget: dict, context: dict, renderer) -> str:
    """input.html, and the one-line templates that include it (text.html, date.html …)."""
    value = widget["value"]
    value_attribute = "" if value is None else f' value="{formatted(value)}"'
    return (
        f'<input type="{shown(widget["type"])}" name="{shown(widget["name"])}"'
        f"{value_attribute}{attributes(widget['attrs'])}>"
    )


def draw_textarea(widget: dict, context: dict, renderer) -> str:
    value = widget["value"]
    return (
        f'<textarea name="{shown(widget["name"])}"{attributes(widget["attrs"])}>\n'
        f"{shown(value) if value else ''}</textarea>"
    )


def draw_option(widget: dict, context: dict, renderer) -> str:
    return (
        f'<option value="{formatted(widget["value"])}"'
        f"{attributes(widget['attrs'])}>{shown(widget['label'])}</option>"
    )


def draw_select(widget: dict, context: dict, renderer) -> str:
    """select.html with its select_option.html includes (each ending in a newline). An
    option with a template of its own is rendered with it, as the include would."""
    draw_own_option = renderer.ported.get(SELECT_OPTION)
    parts = [f'<select name="{shown(widget["name"])}"{attributes(widget["attrs"])}>']
    for group_name, options, _index in widget["optgroups"]:
        if group_name:
            parts.append(f'\n  <optgroup label="{shown(group_name)}">')
        for option in options:
            if option["template_name"] == SELECT_OPTION and draw_own_option:
                drawn = draw_own_option(option, context, renderer) + "\n"
            else:
                template = renderer.get_template(option["template_name"])
                drawn = template.render({**context, "widget": option})
            parts.append(f"\n  {drawn}")
        if group_name:
            parts.append("\n  </optgroup>")
    parts.append("\n</select>")
    return "".join(parts)


# Each ported template, the templates it includes, and the function that draws it.
INPUT_PARTS = (WIDGETS + "input.html", WIDGETS + "attrs.html")
PORTED = {
    **{
        f"{WIDGETS}{name}.html": (INPUT_PARTS, draw_input)
        for name in (
            "checkbox",
            "color",
            "date",
            "datetime",
            "email",
            "file",
            "hidden",
            "number",
            "password",
            "search",
            "tel",
            "text",
            "time",
            "url",
        )
    },
    WIDGETS + "input.html": (INPUT_PARTS, draw_input),
    WIDGETS + "textarea.html": ((WIDGETS + "attrs.html",), draw_textarea),
    WIDGETS + "select.html": ((WIDGETS + "attrs.html",), draw_select),
    SELECT_OPTION: ((WIDGETS + "attrs.html",), draw_option),
}


class PythonWidgetRenderer(DjangoTemplates):
    """Django's default form renderer, with its standard widget templates drawn in
    Python (see the module's docstring); every other template is rendered."""

    def render(self, template_name, context, request=None):
        draw = self.ported.get(template_name)
        if draw is None:
            return super().render(template_name, context, request=request)
        return draw(context["widget"], context, self)

    @cached_property
    def ported(self) -> dict:
        """The ported templates that this renderer's engine would load from Django
        itself, with every template they include."""

        def djangos_own(name: str) -> bool:
            try:
                origin = self.get_template(name).origin.name
            except TemplateDoesNotExist:
                return False
            return Path(origin) == DJANGO_FORM_TEMPLATES / name

        return {
            name: draw
            for name, (included, draw) in PORTED.items()
            if all(djangos_own(template) for template in (name, *included))
        }


class QuickSelect(django.forms.Select):
    """A select list written straight from its choices, in select.html's markup.

    Django first builds a dictionary for every option (``optgroups``), copying the
    widget's attributes into each, and only then draws them: for a list of a hundred
    people (a unit's staff, for a corrective action) or the dashboard's filters, on every
    visit, that costs more than the rest of the form. As in Django, only the first option
    with the chosen value is marked selected, and a group's options follow its label."""

    def render(self, name, value, attrs=None, renderer=None):
        chosen = self.format_value(value)
        parts = [f'<select name="{shown(name)}"{attributes(self.build_attrs(self.attrs, attrs))}>']
        has_selected = False
        for option_value, label in self.choices:
            if option_value is None:
                option_value = ""
            is_group = isinstance(label, (list, tuple))
            if is_group:
                parts.append(f'\n  <optgroup label="{shown(option_value)}">')
            for subvalue, sublabel in label if is_group else [(option_value, label)]:
                selected = not has_selected and str(subvalue) in chosen
                has_selected |= selected
                parts.append(
                    f'\n  <option value="{formatted(subvalue)}"{" selected" if selected else ""}>'
                    f"{shown(sublabel)}</option>\n"
                )
            if is_group:
                parts.append("\n  </optgroup>")
        parts.append("\n</select>")
        return mark_safe("".join(parts))
