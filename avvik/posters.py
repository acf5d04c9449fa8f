"""QR posters that carry a signed token, so that whoever works at the unit can report
from the poster without an account.

A poster belongs to one unit and one place. Printing a new poster for the same unit and
place replaces the old one: its token then opens a page that says so and whom to ask.
"""

from __future__ import annotations

from django.conf import settings
from django.core import signing
from django.db import models
from django.utils.translation import gettext_lazy as _

from orgchart.models import OrgUnit

_SALT = "avvik.poster"


class PosterQuerySet(models.QuerySet):
    def current(self) -> PosterQuerySet:
        return self.filter(replaced_at__isnull=True)


class Poster(models.Model):
    unit = models.ForeignKey(
        OrgUnit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="posters"
    )
    location = models.CharField(_("place"), max_length=200, blank=True)
    allows_reporting_without_account = models.BooleanField(
        _("anyone at the workplace may report from it without an account"), default=False
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("printed by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("printed"), auto_now_add=True)
    replaced_at = models.DateTimeField(_("replaced"), null=True, blank=True)

    objects = PosterQuerySet.as_manager()

    class Meta:
        verbose_name = _("poster")
        verbose_name_plural = _("posters")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "location"],
                condition=models.Q(replaced_at__isnull=True),
                name="one_current_poster_per_unit_and_place",
            )
        ]

    def __str__(self) -> str:
        return f"{self.unit} {self.location}".strip()

    @property
    def token(self) -> str:
        """Signed with the unit's code: valid only for this poster, this unit and place."""
        return signing.dumps({"poster": self.pk, "place": self.location}, salt=_salt(self.unit))


def _salt(unit: OrgUnit) -> str:
    return f"{_SALT}:{unit.code}"


class PosterRefused(Exception):
    """The token is not a poster of this unit (forged, altered or for another unit)."""


def poster_for_token(unit_code: str, token: str) -> Poster:
    """The poster the token was signed for, checked against the unit in the address.
    Raises PosterRefused for anything else; a replaced poster is returned, so the page
    can say it was replaced."""
    unit = OrgUnit.objects.filter(code=unit_code).first()
    if unit is None:
        raise PosterRefused
    try:
        payload = signing.loads(token, salt=_salt(unit))
    except signing.BadSignature as error:
        raise PosterRefused from error
    poster = (
        Poster.objects.select_related("unit", "unit__leader")
        .filter(pk=payload.get("poster"), unit=unit, location=payload.get("place", ""))
        .first()
    )
    if poster is None:
        raise PosterRefused
    return poster
