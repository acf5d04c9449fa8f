"""crispy-forms' field template, ``bootstrap5/field.html``, drawn in Python.

crispy-forms renders each field of a layout with ``get_template("bootstrap5/field.html")``
(crispy_forms.utils.render_field), which asks every engine in ``TEMPLATES`` in turn. The
engine that comes first (avvik.form_rendering.engine) answers with ``FIELD``: an object whose
``render`` writes what the project's lean template (templates/bootstrap5/field.html) writes,
newline for newline. Every ``{% include %}`` of the field template from crispy's own
templates (``{{ form|crispy }}`` draws fields that way) goes to the Django engine.

The template file stays the definition of the markup:
tests/avvik/test_crispy_field_drawn_in_python.py renders both and compares them byte for
byte. The branches that include crispy's own templates (radio buttons, checkbox lists,
file inputs) get them with ``get_template`` too, and so drawn in Python where the engine has
them (avvik.form_rendering.crispy_choices, crispy_file).
"""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.template.loader import get_template
from django.utils.safestring import SafeString

from avvik.form_rendering.values import shown

FIELD_TEMPLATE = "bootstrap5/field.html"
REQUIRED_MARK = '<span class="asteriskField">*</span>'


def with_css_classes(field: forms.BoundField, css_classes: str) -> str:
    """As crispy's ``{% crispy_field field 'class' css_classes %}``: the widget's class
    gains the widget's own name (after ``CRISPY_CLASS_CONVERTERS``) and ``css_classes``
    that it lacks, then the field is drawn."""
    widget = field.field.widget
    widgets = getattr(widget, "widgets", [getattr(widget, "widget", widget)])
    converters = getattr(settings, "CRISPY_CLASS_CONVERTERS", {})
    for each in widgets:
        class_name = each.__class__.__name__.lower()
        class_name = converters.get(class_name, class_name)
        classes = each.attrs.get("class", "")
        if not classes:
            classes = class_name
        elif classes.find(class_name) == -1:
            classes += f" {class_name}"
        for css_class in css_classes.split():
            if css_class not in classes.split():
                classes += f" {css_class}"
        each.attrs["class"] = classes
    return str(field)


def help_and_errors(field: forms.BoundField, context: dict) -> str:
    """The three lines after the widget: help text beside it, the errors, help text
    under it."""
    help_inline = context.get("help_text_inline")
    error_inline = context.get("error_text_inline")
    help_text = str(field.help_text)
    auto_id = shown(field.auto_id)
    lines = []
    if help_inline and not error_inline and help_text:
        lines.append(f'<span id="{auto_id}_helptext" class="form-text">{help_text}</span>')
    lines.append("\n")
    errors = field.errors
    if context.get("form_show_errors") and errors:
        element = "span" if error_inline else "p"
        lines.append(f'<div id="{shown(errors.field_id)}_error" class="invalid-feedback">')
        for counter, error in enumerate(errors, start=1):
            lines.append(
                f'<{element} id="error_{shown(counter)}_{auto_id}"><strong>{shown(error)}'
                f"</strong></{element}>"
            )
        lines.append("</div>")
    lines.append("\n")
    if not help_inline and help_text:
        id_attribute = f'id="{auto_id}_helptext" ' if field.auto_id else ""
        lines.append(f'<div {id_attribute}class="form-text">{help_text}</div>')
    lines.append("\n")
    return "".join(lines)


def included(name: str, context: dict, request, **with_values) -> str:
    return get_template(name).render({**context, **with_values}, request)


class FieldTemplate:
    """templates/bootstrap5/field.html, line for line (see the module's docstring)."""

    def render(self, context=None, request=None) -> SafeString:
        context = context or {}
        field = context["field"]
        if field.is_hidden:
            return SafeString(f"{field}\n")
        widget = field.field.widget
        checkbox = isinstance(widget, forms.CheckboxInput)
        boxes = isinstance(widget, forms.CheckboxSelectMultiple)
        radios = isinstance(widget, forms.RadioSelect) and not boxes
        tag = context.get("tag")
        element = shown(tag) if tag else "div"
        show_labels = context.get("form_show_labels")
        wrapped = checkbox and tag != "td"
        required = field.field.required
        label = field.label
        fieldset = field.use_fieldset
        errors = field.errors
        required_class = " requiredField" if required else ""
        label_line = f"{shown(label)}{REQUIRED_MARK if required else ''}\n"

        out = ["\n", '<div class="mb-3">' if wrapped else "", "\n"]
        classes = "form-check" if checkbox and show_labels else "mb-3"
        if wrapper_class := context.get("wrapper_class"):
            classes += f" {shown(wrapper_class)}"
        if css_classes := field.css_classes():
            classes += f" {shown(css_classes)}"
        out.append(f'<{element} id="div_{shown(field.auto_id)}" class="{classes}">\n')

        if label and not checkbox and show_labels:
            if fieldset:
                described = field.aria_describedby
                out.append(
                    f'<fieldset aria-describedby="{shown(described)}">'
                    if described
                    else "<fieldset>"
                )
            label_element = "legend" if fieldset else "label"
            id_for_label = field.id_for_label
            for_attribute = f'for="{shown(id_for_label)}"' if id_for_label else ""
            out.append(
                f"\n<{label_element} {for_attribute} "
                f'class="form-label{required_class}{" fs-6" if fieldset else ""}">\n'
                f"{label_line}</{label_element}>\n"
            )
        out.append("\n")

        if boxes or radios:
            out.append(
                included(
                    "bootstrap5/layout/radio_checkbox_select.html",
                    context,
                    request,
                    checkbox=checkbox,
                    radios=radios,
                    boxes=boxes,
                )
            )
            out.append("\n")
        elif checkbox and show_labels:
            out.append(
                with_css_classes(
                    field, "form-check-input is-invalid" if errors else "form-check-input"
                )
            )
            out.append(
                f'\n<label for="{shown(field.id_for_label)}" class="form-check-label'
                f'{required_class}">\n{label_line}</label>\n'
            )
            out.append(help_and_errors(field, context))
        elif isinstance(widget, forms.FileInput):
            out.append(
                included(
                    "bootstrap5/layout/field_file.html",
                    context,
                    request,
                    checkbox=checkbox,
                    radios=radios,
                    boxes=boxes,
                )
            )
            out.append("\n")
        else:
            if isinstance(widget, forms.Select):
                css_class = "form-select"
            elif checkbox:
                css_class = "form-check-input"
            else:
                css_class = "form-control"
            out.append(with_css_classes(field, f"{css_class} is-invalid" if errors else css_class))
            out.append("\n")
            out.append(help_and_errors(field, context))
        out.append("\n")

        if fieldset and label and show_labels:
            out.append("</fieldset>")
        out.append(f"\n</{element}>\n")
        if wrapped:
            out.append("</div>")
        out.append("\n\n")
        return SafeString("".join(out))


FIELD = FieldTemplate()
