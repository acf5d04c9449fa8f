"""The pieces the report forms are built from: a folded section for crispy's layout, a
file field that takes several photos, and choices of rows the process keeps (the
categories) offered and checked without a query."""

from __future__ import annotations

from crispy_forms.layout import LayoutObject
from django import forms
from django.forms.models import ModelChoiceIterator
from django.template.loader import render_to_string
from django.utils.translation import gettext_lazy as _

from avvik.attachments import MAX_BYTES
from avvik.models import Category, active_categories, kept_categories


class Details(LayoutObject):
    """A folded section (<details>), open when one of its fields has an error."""

    template = "avvik/layout/details.html"

    def __init__(self, summary, *fields, open_when=None, element_id=""):
        self.summary = summary
        self.fields = list(fields)
        self.open_when = open_when
        self.element_id = element_id

    def render(self, form, context, template_pack=None, **kwargs):
        html = self.get_rendered_fields(form, context, template_pack, **kwargs)
        names = [f if isinstance(f, str) else "" for f in self.fields]
        is_open = any(form.errors.get(n) for n in names) or (
            self.open_when and self.open_when(form)
        )
        return render_to_string(
            self.template,
            {"summary": self.summary, "fields": html, "open": is_open, "id": self.element_id},
        )


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    widget = MultipleFileInput

    def clean(self, data, initial=None):
        files = data if isinstance(data, list | tuple) else ([data] if data else [])
        return [super(MultipleFileField, self).clean(f, initial) for f in files]


def photos_or_pdf(**kwargs) -> MultipleFileField:
    """The attachments of a report, when filed and when information is added later."""
    return MultipleFileField(
        label=_("Photos or PDF"),
        required=False,
        widget=MultipleFileInput(
            # Photos are made smaller in the browser, and what is still too large is
            # refused there, before it is sent (static/js/photo-shrink.js).
            attrs={
                "accept": "image/jpeg,image/png,image/webp,application/pdf",
                "data-max-bytes": MAX_BYTES,
            }
        ),
        **kwargs,
    )


class _KeptChoices(ModelChoiceIterator):
    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        for row in self.field.rows():
            yield self.choice(row)

    def __len__(self) -> int:
        return len(self.field.rows()) + (self.field.empty_label is not None)

    def __bool__(self) -> bool:
        return self.field.empty_label is not None or bool(self.field.rows())


class KeptChoiceField(forms.ModelChoiceField):
    """A choice of rows already read (``rows()``: the rows this process keeps, see
    avvik.kept_rows, or a list read once for the request), offered and checked from
    them instead of a query each time the form asks."""

    iterator = _KeptChoices
    # The rows, for a field whose rows are given per form (``field.listed = …``).
    listed = None

    def rows(self) -> list:
        return self.listed()

    def to_python(self, value):
        if value in self.empty_values:
            return None
        key = str(getattr(value, "pk", value))
        for row in self.rows():
            if str(row.pk) == key:
                return row
        raise forms.ValidationError(
            self.error_messages["invalid_choice"], code="invalid_choice", params={"value": value}
        )


class ActiveCategoryField(KeptChoiceField):
    def rows(self) -> list[Category]:
        return active_categories()


class AnyCategoryField(KeptChoiceField):
    """Every category, those no longer in use too (to find older reports by them)."""

    def rows(self) -> list[Category]:
        return kept_categories.get()
