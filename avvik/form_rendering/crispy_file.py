"""A file input, as crispy-bootstrap5's ``layout/field_file.html`` draws it: for each of the
field's subwidgets the input (``form-control``, its attributes but the class) and the help
text and errors (``layout/help_text_and_errors.html``)."""

from __future__ import annotations

from avvik.form_rendering.crispy_feedback import FEEDBACK_TEMPLATES, help_text_and_errors
from avvik.form_rendering.ported import PortedTemplate, rendered_by_django
from avvik.form_rendering.values import formatted, shown

FIELD_FILE = "bootstrap5/layout/field_file.html"


class FieldFile(PortedTemplate):
    name = FIELD_FILE
    ports = (FIELD_FILE, *FEEDBACK_TEMPLATES)

    def draw(self, context: dict) -> str:
        field = context["field"]
        subwidgets = field.subwidgets
        if any(subwidget.data.get("is_initial") for subwidget in subwidgets):
            # A ClearableFileInput that holds a stored file: the link to it and the box that
            # clears it. None of the project's forms edits a stored file; the file renders it.
            return rendered_by_django(self.name, context)
        errors = field.errors
        invalid = ' class="is-invalid"' if errors else ""
        is_invalid = " is-invalid" if errors else ""
        disabled = " disabled" if field.field.disabled else ""
        out = ["\n\n"]
        for subwidget in subwidgets:
            data = subwidget.data
            attrs = data["attrs"]
            extra_class = f" {shown(attrs['class'])}" if attrs.get("class") else ""
            other_attributes = "".join(
                f" {shown(name)}" if value is True else f' {shown(name)}="{formatted(value)}"'
                for name, value in attrs.items()
                if value is not False and name != "class"
            )
            out.append(
                f"\n\n<div{invalid}>\n"
                f'    <input type="{shown(data["type"])}" name="{shown(data["name"])}" '
                f'class="form-control{extra_class}{is_invalid}"{disabled}{other_attributes}>\n'
                f"    {help_text_and_errors(field, context)}\n"
                "</div>\n"
            )
        out.append("\n")
        return "".join(out)


FIELD_FILE_TEMPLATE = FieldFile()
