"""The template engine that serves crispy-forms' templates drawn in Python.

crispy-forms loads its templates with ``get_template`` (the field template for each field,
``whole_uni_form.html`` for ``{% crispy form %}``, a layout's button, and, through the
field template drawn here, the radio list and the file input), which asks every engine in
``TEMPLATES`` in turn. This one comes first and has only the templates ported to Python;
every other name goes to the Django engine, and so does every ``{% include %}`` inside a
template file, which the Django engine resolves itself.
"""

from __future__ import annotations

from pathlib import Path

from django.template import TemplateDoesNotExist
from django.template.backends.base import BaseEngine
from django.utils.functional import cached_property

from avvik.form_rendering.crispy_choices import RADIO_CHECKBOX_SELECT_TEMPLATE
from avvik.form_rendering.crispy_field import FIELD, FIELD_TEMPLATE
from avvik.form_rendering.crispy_file import FIELD_FILE_TEMPLATE
from avvik.form_rendering.crispy_form import BASE_INPUT_TEMPLATE, WHOLE_FORM_TEMPLATE
from avvik.form_rendering.ported import CRISPY_BOOTSTRAP5_TEMPLATES, django_engine

PORTED = (
    WHOLE_FORM_TEMPLATE,
    BASE_INPUT_TEMPLATE,
    RADIO_CHECKBOX_SELECT_TEMPLATE,
    FIELD_FILE_TEMPLATE,
)


class CrispyTemplatesInPython(BaseEngine):
    """A template engine that knows the project's field template and the crispy-bootstrap5
    templates in ``PORTED``, as Python objects with a ``render(context, request)``."""

    def __init__(self, params):
        params = params.copy()
        params.pop("OPTIONS", None)
        super().__init__(params)

    def get_template(self, template_name):
        template = self.served.get(template_name)
        if template is None:
            raise TemplateDoesNotExist(template_name, backend=self)
        return template

    def from_string(self, template_code):
        raise TemplateDoesNotExist("(a template from a string)", backend=self)

    @cached_property
    def served(self) -> dict:
        """The field template (the project's own file, templates/bootstrap5/field.html),
        and each ported template whose files, its includes too, the Django engine would
        load from crispy-bootstrap5 itself: an override elsewhere is rendered, not ported."""

        def crispys_own(name: str) -> bool:
            try:
                origin = django_engine().get_template(name).origin.name
            except TemplateDoesNotExist:
                return False
            return Path(origin) == CRISPY_BOOTSTRAP5_TEMPLATES / name

        return {
            FIELD_TEMPLATE: FIELD,
            **{
                template.name: template
                for template in PORTED
                if all(crispys_own(name) for name in template.ports)
            },
        }
