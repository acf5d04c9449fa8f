"""The parts of the page frame drawn once per process ({% cache %} in templates/base.html
and _navigation.html, kept in CACHES["template_fragments"]).

They hold addresses, static file names and the largest request taken, which change only
with a new process in production. Tests change the settings behind them at run time (the
browser tests serve static files under their plain names): then the kept parts are
forgotten."""

from __future__ import annotations

from django.core.cache import caches
from django.core.signals import setting_changed
from django.dispatch import receiver

FRAGMENTS = "template_fragments"
# The settings whose values the kept fragments contain.
DRAWN_FROM = {
    "STORAGES",
    "STATIC_URL",
    "FORCE_SCRIPT_NAME",
    "LANGUAGES",
    "ROOT_URLCONF",
    "MAX_REQUEST_BYTES",  # the size check's limit, in the footer's script tag
}


@receiver(setting_changed)
def forget_the_frame(*, setting: str, **kwargs) -> None:
    if setting in DRAWN_FROM:
        caches[FRAGMENTS].clear()
