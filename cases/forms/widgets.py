"""A select list drawn in Python.

Django draws each <option> through its own template include; a list of a hundred people
(a unit's staff, for a corrective action) then costs more than the rest of the case page's
forms together. The markup is Django's own select.html, option for option.
"""

from __future__ import annotations

from django import forms
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe


def _attributes(attrs: dict) -> str:
    """As django/forms/widgets/attrs.html: False left out, True as a bare name, in the
    given order (django.forms.utils.flatatt would put the bare names last)."""
    parts = []
    for name, value in attrs.items():
        if value is False:
            continue
        parts.append(
            format_html(" {}", name) if value is True else format_html(' {}="{}"', name, value)
        )
    return "".join(parts)


class QuickSelect(forms.Select):
    def render(self, name, value, attrs=None, renderer=None):
        context = self.get_context(name, value, attrs)["widget"]
        groups = []
        for group_name, options, _index in context["optgroups"]:
            rendered = format_html_join(
                "",
                '\n  <option value="{}"{}>{}</option>',
                (
                    (str(option["value"]), mark_safe(_attributes(option["attrs"])), option["label"])
                    for option in options
                ),
            )
            if group_name:
                rendered = format_html(
                    '\n  <optgroup label="{}">{}\n  </optgroup>', group_name, rendered
                )
            groups.append(rendered)
        return format_html(
            '<select name="{}"{}>{}\n</select>',
            context["name"],
            mark_safe(_attributes(context["attrs"])),
            mark_safe("".join(groups)),
        )
