"""Where a serious injury is notified, for the notices written when they are e-mailed."""

from django import template
from django.conf import settings

register = template.Library()


@register.simple_tag
def arbeidstilsynet_phone() -> str:
    return settings.ARBEIDSTILSYNET_PHONE


@register.simple_tag
def police_phone() -> str:
    return settings.POLICE_PHONE


@register.simple_tag
def legal_event_sentence(event) -> str:
    """The sentence of a legal-duty event, written for the reader at display time from
    the values the event stores."""
    from cases.legal_events import LEGAL_KINDS, sentence

    return sentence(event) if event.kind in LEGAL_KINDS else ""
