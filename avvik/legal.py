"""The pages the law asks for: the privacy notice (personvernerklæring) and the
accessibility statement (tilgjengelighetserklæring).

Each has a default here, in English msgids translated through the catalogue, which the
municipality replaces by writing its own text in the admin (``LegalText``)."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

from avvik.models import LegalText


def _privacy_sections() -> list[tuple[str, list[str]]]:
    return [
        (
            _("Who is responsible"),
            [
                _(
                    "The municipality is the controller for the personal data in this "
                    "service. The HMS administrators run it on the municipality's behalf; "
                    "the municipality's data protection officer answers questions about "
                    "privacy."
                )
            ],
        ),
        (
            _("What is stored"),
            [
                _(
                    "About the person who reports: name, employee ID, e-mail address, phone "
                    "number and units from the HR register, and each report they file: what "
                    "happened, when and where, what was done, and any photos and documents."
                ),
                _(
                    "About someone who was injured: who it was, the kind of injury, the "
                    "treatment and any absence. These details are kept apart from the "
                    "report, and every time someone opens them it is logged."
                ),
                _(
                    "About those who handle cases: name and role, and what they did in each "
                    "case (received, assessed, measures, comments, closure), which is kept "
                    "in the case's timeline."
                ),
                _(
                    "Technical logs hold a request number, the person's internal number and "
                    "the address of the page, not names or what was typed. Error reports "
                    "to the operator contain no personal data."
                ),
            ],
        ),
        (
            _("Why: the legal basis"),
            [
                _(
                    "The employer must have internal control of health, safety and "
                    "environment and follow up deviations (the Working Environment Act "
                    "sections 3-1 and 5-1, the Internal Control Regulations section 5). The "
                    "processing is necessary to meet that legal obligation (GDPR article "
                    "6(1)(c)). Details about injuries are health data, processed to meet "
                    "the employer's obligations in working life (GDPR article 9(2)(b) and "
                    "the Personal Data Act section 6)."
                )
            ],
        ),
        (
            _("Who sees what"),
            [
                _(
                    "You see your own reports and what the leader tells you about them. "
                    "Your nearest leader with personnel responsibility and the leaders "
                    "above in the service line see the cases in their units; injury "
                    "details only they see. A specialist unit sees the cases it is asked "
                    "to help on. Safety representatives see the cases in their area, "
                    "without injury details. The working environment committee (AMU) gets "
                    "summaries without names, injury details or free text. HMS "
                    "administrators maintain the service and can see every case."
                )
            ],
        ),
        (
            _("How long it is kept"),
            [
                _(
                    "Cases and their timeline are documentation of the internal control "
                    "and are kept as long as the municipality's archive plan sets for HMS "
                    "documentation. Photos uploaded to a report that was never sent are "
                    "deleted after a day. Backups are replaced in turn. People who leave "
                    "are deactivated, so that the cases they took part in keep their "
                    "history."
                )
            ],
        ),
        (
            _("Your rights"),
            [
                _(
                    "You may ask to see what is stored about you, to have errors corrected "
                    "and, where the law allows, to have data deleted or its use restricted. "
                    "Ask the HMS administrators or the municipality's data protection "
                    "officer. If you think the municipality processes your data unlawfully, "
                    "you may complain to the Norwegian Data Protection Authority "
                    "(Datatilsynet)."
                )
            ],
        ),
    ]


def _accessibility_sections() -> list[tuple[str, list[str]]]:
    return [
        (
            _("Requirements"),
            [
                _(
                    "The municipality must make its ICT solutions universally designed "
                    "(the Regulations on universal design of ICT solutions), which means "
                    "meeting WCAG 2.1 at level A and AA. This statement applies to the "
                    "deviation reporting service (Avvik)."
                )
            ],
        ),
        (
            _("Status"),
            [
                _(
                    "The pages are made to meet WCAG 2.1 AA: they work with keyboard only "
                    "and with a screen reader, without JavaScript, at 200 % zoom and on a "
                    "360 pixel wide phone screen, and every page has a link that skips to "
                    "the main content."
                ),
                _(
                    "Known shortcomings: the PDF summaries (case summary and AMU summary) "
                    "are not fully accessible to screen readers; the same information is "
                    "on the web pages."
                ),
            ],
        ),
        (
            _("Feedback and complaints"),
            [
                _(
                    "Tell the HMS administrators or the municipality's service desk if "
                    "something is hard to use. If you are not satisfied with the answer, "
                    "you may notify the Authority for Universal Design of ICT "
                    "(Tilsynet for universell utforming av ikt, uutilsynet.no)."
                )
            ],
        ),
    ]


# The pages the browser tests (tests/browser/) check with axe-core for WCAG 2.1 A and AA
# problems of serious or critical impact; a finding fails the build, so a released
# version has none on these pages. Keep this list in step with the tests.
ACCESSIBILITY_TESTED_PAGES = [
    gettext_lazy("the login page and the start page, on a phone"),
    gettext_lazy("the report form (Meld avvik), on a phone, also with errors shown"),
    gettext_lazy("the leaders' case list (Saker), with and without filters"),
    gettext_lazy("the case page and the forms of its steps"),
    gettext_lazy("statistics and the AMU summaries"),
    gettext_lazy("this statement and the privacy notice"),
]

DEFAULTS = {
    LegalText.Kind.PRIVACY: _privacy_sections,
    LegalText.Kind.ACCESSIBILITY: _accessibility_sections,
}


def default_text(kind: str) -> str:
    """The default in the active language, in the format the admin edits."""
    parts = []
    for heading, paragraphs in DEFAULTS[kind]():
        parts.append(f"## {heading}")
        parts.extend(paragraphs)
    return "\n\n".join(parts)


@dataclass(frozen=True)
class Block:
    text: str
    is_heading: bool


def page_blocks(kind: str) -> tuple[list[Block], LegalText | None]:
    """The page's headings and paragraphs in the reader's language: the municipality's
    own text when it wrote one, else the default."""
    own = LegalText.objects.filter(kind=kind, language=get_language()).first()
    text = own.text if own else default_text(kind)
    blocks = []
    for chunk in text.replace("\r\n", "\n").split("\n\n"):
        chunk = chunk.strip()
        if chunk.startswith("## "):
            blocks.append(Block(chunk[3:].strip(), True))
        elif chunk:
            blocks.append(Block(chunk, False))
    return blocks, own
