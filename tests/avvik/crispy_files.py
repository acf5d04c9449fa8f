"""Rendering with crispy-bootstrap5's template files alone, to compare what
avvik.form_rendering draws in Python with what the files draw."""

from __future__ import annotations

from contextlib import contextmanager

from crispy_forms import utils as crispy_utils
from crispy_forms.templatetags import crispy_forms_filters, crispy_forms_tags
from django.conf import settings
from django.test import override_settings

CRISPY_CACHES = [
    crispy_utils.default_field_template,
    crispy_forms_filters.uni_form_template,
    crispy_forms_tags.whole_uni_form_template,
]


@contextmanager
def files_only():
    """Every crispy template from its file: the Django engine alone."""
    django_engine = next(e for e in settings.TEMPLATES if e["BACKEND"].endswith("DjangoTemplates"))
    for cache in CRISPY_CACHES:
        cache.cache_clear()
    try:
        with override_settings(TEMPLATES=[django_engine]):
            yield
    finally:
        for cache in CRISPY_CACHES:
            cache.cache_clear()
