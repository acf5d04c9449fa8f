"""What every step form of the case page shares.

Each form lists its own fields, so whatever else a request carries (``status``, ``unit``,
``reporter`` …) never reaches a service. The services decide what is allowed; a form only
turns what was typed into the arguments they take, and puts the services' refusals next to
the field they are about (``error_fields``).
"""

from __future__ import annotations

from functools import cached_property

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Layout, Submit
from django import forms
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from cases.models import Case

DATE_INPUT = {"type": "date"}
YES_NO = [("yes", _("Yes")), ("no", _("No"))]


def yes_no(value: str) -> bool:
    return value == "yes"


class StepForm(forms.Form):
    """A step of the routine on one case, posted to its own URL (``cases:<step>``)."""

    step: str = ""
    title = ""
    submit_label = _("Save")
    # What is shown with the form on the case page.
    template = "cases/_step_form.html"
    # Which field a service's error (by its code) is about; the rest go above the form.
    error_fields: dict[str, str] = {}

    def __init__(self, *args, case: Case, user, **kwargs):
        # Many forms share one page: ids carry the step so that no two labels clash.
        kwargs.setdefault("auto_id", f"id_{self.step}_%s")
        super().__init__(*args, **kwargs)
        self.case = case
        self.user = user

    def action_url(self) -> str:
        return reverse(f"cases:{self.step}", args=[self.case.pk])

    def layout(self) -> Layout:
        return Layout(*self.fields)

    @cached_property
    def helper(self) -> FormHelper:
        helper = FormHelper(self)
        helper.form_action = self.action_url()
        helper.form_class = f"step-form step-{self.step}"
        # The server's messages, next to each field, rather than the browser's own.
        helper.attrs = {"novalidate": ""}
        helper.layout = self.layout()
        helper.add_input(Submit("submit", self.submit_label, css_id=f"submit-{self.step}"))
        return helper

    def add_service_error(self, error: ValidationError) -> None:
        """Show a service's ValidationError on the form."""
        if hasattr(error, "error_dict"):
            for name, errors in error.error_dict.items():
                self.add_error(name if name in self.fields else None, errors)
            return
        for item in error.error_list:
            name = self.error_fields.get(item.code)
            self.add_error(name if name in self.fields else None, item)
