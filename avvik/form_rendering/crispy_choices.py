"""Radio buttons and checkbox lists, as crispy-bootstrap5's
``layout/radio_checkbox_select.html`` draws them: each option a ``form-check`` with its input
(the option's attributes as ``layout/attrs.html`` writes them) and its label; the errors
under the last option, or under the whole row when the options are inline
(``inline_class``); the help text last."""

from __future__ import annotations

from crispy_forms.templatetags.crispy_forms_filters import optgroups
from django.templatetags.l10n import unlocalize

from avvik.form_rendering.crispy_feedback import (
    FIELD_ERRORS_BLOCK,
    HELP_TEXT,
    field_errors,
    help_text,
)
from avvik.form_rendering.ported import PortedTemplate
from avvik.form_rendering.values import shown
from avvik.form_rendering.widgets import attributes

RADIO_CHECKBOX_SELECT = "bootstrap5/layout/radio_checkbox_select.html"
ATTRS = "bootstrap5/layout/attrs.html"


class RadioCheckboxSelect(PortedTemplate):
    name = RADIO_CHECKBOX_SELECT
    ports = (RADIO_CHECKBOX_SELECT, ATTRS, FIELD_ERRORS_BLOCK, HELP_TEXT)

    def draw(self, context: dict) -> str:
        field = context["field"]
        errors = field.errors
        inline = context.get("inline_class")
        field_class = context.get("field_class")
        flat_attrs = context.get("flat_attrs")
        out = [
            "\n\n\n<div ",
            f'class="{shown(field_class)}"' if field_class else "",
            f" {shown(flat_attrs)}" if flat_attrs else "",
            ">\n\n    ",
        ]
        check_class = "form-check form-check-inline" if inline else "form-check"
        input_class = "form-check-input is-invalid" if errors else "form-check-input"
        html_name = shown(field.html_name)
        groups = optgroups(field)
        for group_number, (group, options, _index) in enumerate(groups, start=1):
            out.append(f"\n    {f'<strong>{shown(group)}</strong>' if group else ''}\n    ")
            for number, option in enumerate(options, start=1):
                out.append(
                    f'\n      <div class="{check_class}">\n'
                    f'        <input type="{shown(option["type"])}" class="{input_class}"  '
                    f'name="{html_name}" value="{shown(unlocalize(option["value"]))}" '
                    f"{attributes(option['attrs'])}>\n"
                    f'        <label for="{shown(option["attrs"].get("id", ""))}" '
                    'class="form-check-label">\n'
                    f"            {shown(unlocalize(option['label']))}\n"
                    "        </label>\n        "
                )
                last = number == len(options) and group_number == len(groups)
                if errors and last and not inline:
                    out.append(f"\n            {field_errors(field, context, 'p')}\n        ")
                out.append("\n     </div>\n    ")
            out.append("\n    ")
        out.append("\n\n</div>\n")
        if errors and inline:
            auto_id = shown(field.auto_id)
            lines = "".join(
                f'\n            <p id="error_{shown(counter)}_{auto_id}"><strong>{shown(error)}'
                "</strong></p>\n        "
                for counter, error in enumerate(errors, start=1)
            )
            out.append(
                f'\n    <div id="{shown(errors.field_id)}_error" class="invalid-feedback">\n'
                f"        {lines}\n    </div>\n"
            )
        out.append(f"\n{help_text(field, context)}\n")
        return "".join(out)


RADIO_CHECKBOX_SELECT_TEMPLATE = RadioCheckboxSelect()
