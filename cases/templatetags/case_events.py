from django import template

from cases.event_sentences import event_sentence as sentence_for

register = template.Library()


@register.simple_tag
def event_sentence(event, show_internal=False) -> str:
    return sentence_for(event, internal=bool(show_internal))
