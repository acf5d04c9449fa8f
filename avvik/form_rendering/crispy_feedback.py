"""The help text and the errors under a field, as crispy-bootstrap5's small templates draw
them when the radio list and the file input templates include them: ``help_text.html``,
``field_errors.html``, ``field_errors_block.html`` and ``help_text_and_errors.html``.

Each function returns what the template renders, the newline that ends its file included.
"""

from __future__ import annotations

from django import forms
from django.utils.safestring import mark_safe

from avvik.form_rendering.values import shown

HELP_TEXT = "bootstrap5/layout/help_text.html"
FIELD_ERRORS = "bootstrap5/layout/field_errors.html"
FIELD_ERRORS_BLOCK = "bootstrap5/layout/field_errors_block.html"
HELP_TEXT_AND_ERRORS = "bootstrap5/layout/help_text_and_errors.html"


def help_text(field: forms.BoundField, context: dict) -> str:
    """help_text.html: the text as it is (``|safe``), beside the field or under it."""
    if not field.help_text:
        return "\n"
    text = shown(mark_safe(field.help_text))
    if context.get("help_text_inline"):
        element = (
            f'\n        <span id="{shown(field.auto_id)}_helptext" class="form-text">'
            f"{text}</span>\n    "
        )
    else:
        id_attribute = f'id="{shown(field.auto_id)}_helptext" ' if field.auto_id else ""
        element = f'\n        <div {id_attribute}class="form-text">{text}</div>\n    '
    return f"\n    {element}\n\n"


def field_errors(field: forms.BoundField, context: dict, element: str = "span") -> str:
    """field_errors.html (each error in a ``span``) or, with ``element="p"``,
    field_errors_block.html."""
    errors = field.errors
    if not (context.get("form_show_errors") and errors):
        return "\n"
    auto_id = shown(field.auto_id)
    lines = "".join(
        f'\n        <{element} id="error_{shown(counter)}_{auto_id}"><strong>{shown(error)}'
        f"</strong></{element}>\n    "
        for counter, error in enumerate(errors, start=1)
    )
    return (
        f'\n    <div id="{shown(errors.field_id)}_error" class="invalid-feedback">\n    '
        f"{lines}\n    </div>\n\n"
    )


def help_text_and_errors(field: forms.BoundField, context: dict) -> str:
    """help_text_and_errors.html: the help text beside the field only when the errors are
    paragraphs, then the errors, then the help text under the field."""
    help_inline = context.get("help_text_inline")
    error_inline = context.get("error_text_inline")
    parts = []
    if help_inline and not error_inline:
        parts.append(f"\n    {help_text(field, context)}\n")
    parts.append("\n\n")
    parts.append(f"\n    {field_errors(field, context, 'span' if error_inline else 'p')}\n")
    parts.append("\n\n")
    if not help_inline:
        parts.append(f"\n    {help_text(field, context)}\n")
    parts.append("\n")
    return "".join(parts)


FEEDBACK_TEMPLATES = (HELP_TEXT, FIELD_ERRORS, FIELD_ERRORS_BLOCK, HELP_TEXT_AND_ERRORS)
