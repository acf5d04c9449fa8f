"""How a Django template shows a value, for code that writes the same markup itself."""

from __future__ import annotations

import html

from django.utils.formats import localize
from django.utils.html import conditional_escape
from django.utils.safestring import SafeData, SafeString
from django.utils.timezone import template_localtime


def _escaped(text: str) -> SafeString:
    """Django's ``escape`` of a plain string, without its look for lazy text among the
    arguments, which the filing form pays some 400 times."""
    return SafeString(html.escape(text))


def shown(value) -> str:
    """As ``{{ value }}``: local time, localized, escaped unless already safe."""
    if type(value) is str:
        return _escaped(value)
    value = localize(template_localtime(value))
    if not isinstance(value, str):
        value = str(value)
    return conditional_escape(value)


def formatted(value) -> str:
    """As ``{{ value|stringformat:'s' }}``: the filter keeps a safe value safe, so only
    an unsafe one is escaped."""
    try:
        text = "%s" % (str(value) if isinstance(value, tuple) else value)
    except (ValueError, TypeError):
        text = ""
    return text if isinstance(value, SafeData) else _escaped(text)
