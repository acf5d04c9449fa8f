"""How much free text each field takes.

Without a limit a million characters was stored and made a 1 MB case page. The limits
are far above what anyone writes about one deviation; the form's counter
(static/js/length-limits.js) shows them while typing and the server refuses more.
"""

from __future__ import annotations

from django import forms
from django.core.validators import MaxLengthValidator

TITLE = 150
LONG_TEXT = 4000
SHORT_TEXT = 2000


def limit_length(field: forms.CharField, limit: int) -> None:
    """Give a form field (often one built from a model's TextField) a maximum length:
    validated on the server, and announced to the browser for the counter."""
    field.max_length = limit
    field.validators = [v for v in field.validators if not isinstance(v, MaxLengthValidator)] + [
        MaxLengthValidator(limit)
    ]
    field.widget.attrs["maxlength"] = str(limit)
