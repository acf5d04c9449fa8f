"""Form markup drawn in Python, byte for byte as the templates draw it.

A form field costs two trips through the template engine: crispy-forms renders
``bootstrap5/field.html`` for it, and Django's form renderer renders the widget's template
(and, for a select, one more for each option). On the filing form those trips were more
than half of the request's CPU. The templates stay the definition of the markup: the tests
(tests/avvik/test_*_drawn_in_python.py, tests/test_field_template.py) draw every widget,
every kind of field and the real pages' forms both ways and compare them.

- ``widgets.PythonWidgetRenderer`` (``FORM_RENDERER``): Django's standard widget templates.
- ``engine.CrispyTemplatesInPython`` (first in ``TEMPLATES``): crispy's field template
  (``crispy_field``).
"""
