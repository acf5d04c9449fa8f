"""Form markup drawn in Python, byte for byte as the templates draw it.

A form field costs two trips through the template engine: crispy-forms renders
``bootstrap5/field.html`` for it, and Django's form renderer renders the widget's template
(and, for a select, one more for each option). On the filing form those trips were more
than half of the request's CPU; after them, crispy-bootstrap5's templates around the fields
(the form and its buttons, radio lists, file inputs) were most of what was left. The
templates stay the definition of the markup: the tests (tests/avvik/test_*_drawn_in_python.py,
tests/test_field_template.py) draw every widget, every kind of field, every helper setting
and the real pages' forms both ways and compare them.

- ``widgets.PythonWidgetRenderer`` (``FORM_RENDERER``): Django's standard widget templates.
- ``engine.CrispyTemplatesInPython`` (first in ``TEMPLATES``): serves the crispy templates
  below, each an object with ``render(context, request)``; any other name, and a template
  of crispy-bootstrap5's that the project overrides, goes to the Django engine.
- ``crispy_field``: the project's field template, ``bootstrap5/field.html``.
- ``crispy_form``: ``bootstrap5/whole_uni_form.html`` (``{% crispy form %}``) with
  ``display_form.html``, ``errors.html`` and ``inputs.html``; ``layout/baseinput.html``.
- ``crispy_choices``: ``layout/radio_checkbox_select.html`` with ``layout/attrs.html``.
- ``crispy_file``: ``layout/field_file.html``.
- ``crispy_feedback``: the help text and errors those two include (``help_text.html``,
  ``field_errors.html``, ``field_errors_block.html``, ``help_text_and_errors.html``).
- ``ported``: what the ported crispy templates share, and the file they fall back to.
"""
