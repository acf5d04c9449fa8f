"""What a crispy-forms template drawn in Python has in common with the others: it names
the template files it stands for, and hands a render it does not draw to the file."""

from __future__ import annotations

from pathlib import Path

import crispy_bootstrap5
from django.template import engines
from django.template.backends.django import DjangoTemplates
from django.utils.safestring import SafeString

CRISPY_BOOTSTRAP5_TEMPLATES = Path(crispy_bootstrap5.__file__).parent / "templates"


def django_engine() -> DjangoTemplates:
    """The Django template engine of ``TEMPLATES`` (the one that has the files)."""
    return next(engine for engine in engines.all() if isinstance(engine, DjangoTemplates))


def rendered_by_django(name: str, context: dict, request=None) -> SafeString:
    return django_engine().get_template(name).render(context, request)


class PortedTemplate:
    """A template of crispy-bootstrap5's drawn in Python.

    ``ports`` lists the files whose markup ``draw`` writes: the template itself and those it
    includes. The engine serves it only while the Django engine would load every one of them
    from crispy-bootstrap5 itself; an override in the project's templates is rendered, not
    ported.
    """

    name: str = ""
    ports: tuple[str, ...] = ()

    def render(self, context=None, request=None) -> SafeString:
        context = context or {}
        if request is not None:
            # crispy renders its templates without a request. With one, the context
            # processors could supply any name the template reads: the file decides.
            return rendered_by_django(self.name, context, request)
        return SafeString(self.draw(context))

    def draw(self, context: dict) -> str:
        raise NotImplementedError
