"""Redacting a case for release under offentleglova: names of people the system knows
(everyone in the org chart, the injured person), national identity numbers, phone
numbers and e-mail addresses are replaced in free text by a marked redaction that names
its legal basis; the free text of a health-data category is withheld as a whole.

A text becomes a list of ``Part``: plain text, or a redaction with its reason and legal
basis, so that the preview can highlight each one and the released file can print the
marker in its place.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.utils.translation import gettext as _

from orgchart.models import User

# Personal matters (including health) are subject to confidentiality: forvaltningsloven
# § 13 første ledd nr. 1, which offentleglova § 13 makes a ground for withholding.
LEGAL_BASIS = "offentleglova § 13, jf. forvaltningsloven § 13 første ledd nr. 1"

NATIONAL_ID = re.compile(r"(?<!\d)\d{6}[ .-]?\d{5}(?!\d)")
PHONE = re.compile(r"(?<![\d+-])(?:(?:\+|00)47 ?)?\d(?: ?\d){7}(?![\d-])")
EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
WORD = re.compile(r"[^\W\d_][\w'-]*", re.UNICODE)


@dataclass(frozen=True)
class Part:
    text: str
    reason: str = ""  # empty: not redacted
    basis: str = ""

    @property
    def redacted(self) -> bool:
        return bool(self.reason)

    def marker(self) -> str:
        return _("[withheld, %(basis)s]") % {"basis": self.basis}


def known_names(*extra: str) -> frozenset[str]:
    """Every first and last name of every person in the org chart (one query), and the
    words of the extra names given (the injured person)."""
    names: set[str] = set()
    for first, last in User.objects.values_list("first_name", "last_name").iterator():
        for value in (first, last):
            names.update(word for word in WORD.findall(value or "") if len(word) > 1)
    for value in extra:
        names.update(word for word in WORD.findall(value or "") if len(word) > 1)
    return frozenset(names)


class Redactor:
    def __init__(self, names: frozenset[str], extra_terms: list[str] = ()):
        self.names = names
        self.extra_terms = [term.strip() for term in extra_terms if term.strip()]

    def withhold(self, text: str, reason: str) -> list[Part]:
        """The whole text, withheld (a health-data category's free text)."""
        if not (text or "").strip():
            return []
        return [Part(text, reason=reason, basis=LEGAL_BASIS)]

    def redact(self, text: str) -> list[Part]:
        text = text or ""
        spans: list[tuple[int, int, str]] = []
        for pattern, reason in (
            (NATIONAL_ID, _("national identity number")),
            (EMAIL, _("contact data")),
            (PHONE, _("phone number")),
        ):
            for match in pattern.finditer(text):
                spans.append((match.start(), match.end(), reason))
        for term in self.extra_terms:
            for match in re.finditer(re.escape(term), text, flags=re.IGNORECASE):
                spans.append((match.start(), match.end(), _("redacted by hand")))
        for match in WORD.finditer(text):
            if match.group() in self.names:
                spans.append((match.start(), match.end(), _("name of a person")))
        return _parts(text, _merge(spans, text))


def _merge(spans, text):
    """Overlapping spans, and names separated only by spaces, become one redaction."""
    merged: list[list] = []
    for start, end, reason in sorted(spans):
        if merged and (
            start <= merged[-1][1]
            or (text[merged[-1][1] : start].strip() == "" and reason == merged[-1][2])
        ):
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end, reason])
    return merged


def _parts(text: str, spans) -> list[Part]:
    parts, position = [], 0
    for start, end, reason in spans:
        if start > position:
            parts.append(Part(text[position:start]))
        parts.append(Part(text[start:end], reason=reason, basis=LEGAL_BASIS))
        position = end
    if position < len(text):
        parts.append(Part(text[position:]))
    return parts


def as_released(parts: list[Part]) -> str:
    return "".join(part.marker() if part.redacted else part.text for part in parts)
