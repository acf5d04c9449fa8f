"""The working environment committee's summaries, stored as PDF files."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from avvik.models import private_storage
from orgchart.access import access_for
from orgchart.models import Committee
from reports.periods import Period


class AmuReportQuerySet(models.QuerySet):
    def visible_to(self, user) -> AmuReportQuerySet:
        """Reports of the committees this person sits on; HMS administrators see all."""
        access = access_for(user)
        if access.user_id is None:
            return self.none()
        if access.is_hms_admin:
            return self.all()
        return self.filter(committee_id__in=access.committee_ids)


def committees_visible_to(user):
    """The committees whose report pages this person may open."""
    access = access_for(user)
    if access.user_id is None:
        return Committee.objects.none()
    if access.is_hms_admin:
        return Committee.objects.all()
    return Committee.objects.filter(pk__in=access.committee_ids)


def report_storage():
    """The private storage (MEDIA_ROOT/private, never served by URL). A callable, so the
    migration records this function instead of one machine's MEDIA_ROOT."""
    return private_storage


def report_file_path(instance: AmuReport, filename: str) -> str:
    return f"amu-reports/{uuid.uuid4().hex}.pdf"


class AmuReport(models.Model):
    """A summary of one committee's subtree for one period. The scheduled one is made
    once per committee and period; members may order more, for any period."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Being made")
        READY = "ready", _("Ready")
        FAILED = "failed", _("Failed")

    committee = models.ForeignKey(
        Committee,
        verbose_name=_("committee"),
        on_delete=models.PROTECT,
        related_name="amu_reports",
    )
    period_start = models.DateField(_("first day"))
    period_end = models.DateField(_("last day"))
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    file = models.FileField(
        _("file"), storage=report_storage, upload_to=report_file_path, max_length=200, blank=True
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("ordered by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # Made by the periodic task for the committee's own period (not ordered by anyone).
    scheduled = models.BooleanField(_("made at the end of the period"), default=False)
    # The language the PDF is written in: the orderer's, or the site's default.
    language = models.CharField(_("language"), max_length=10, blank=True)
    created_at = models.DateTimeField(_("ordered"), auto_now_add=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    # The outbox side of a pending summary: when its build task was last handed to the
    # broker (the sweep queues it again when that is long past), when a worker last began
    # building it, and how many times one did (a summary that kills every worker fails).
    queued_at = models.DateTimeField(_("queued"), null=True, blank=True)
    started_at = models.DateTimeField(_("building since"), null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(_("build attempts"), default=0)

    objects = AmuReportQuerySet.as_manager()

    class Meta:
        verbose_name = _("AMU summary")
        verbose_name_plural = _("AMU summaries")
        ordering = ["-period_end", "-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["committee", "period_start", "period_end"],
                condition=Q(scheduled=True),
                name="amu_report_scheduled_once_per_period",
            ),
            models.CheckConstraint(
                condition=Q(period_end__gte=models.F("period_start")),
                name="amu_report_period_not_reversed",
            ),
        ]
        indexes = [
            models.Index(fields=["committee", "-period_end"]),
            models.Index(
                fields=["queued_at"], condition=Q(status="pending"), name="amu_report_pending"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.committee} {self.period.label()}"

    @property
    def period(self) -> Period:
        return Period(self.period_start, self.period_end)

    def download_name(self) -> str:
        # æ, ø and å stay: the download sends an ASCII stand-in beside the real name.
        name = slugify(self.committee.name, allow_unicode=True)
        return f"amu-{name}-{self.period_start}-{self.period_end}.pdf"


def release_file_path(instance: PublicRelease, filename: str) -> str:
    return f"public-releases/{uuid.uuid4().hex}.pdf"


class PublicRelease(models.Model):
    """Cases released to someone who asked for them under offentleglova, with names,
    injury details, contact data and health data redacted. The file is kept as it was
    sent, with its checksum."""

    released_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("released by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    released_at = models.DateTimeField(_("released"), auto_now_add=True)
    recipient = models.CharField(_("released to"), max_length=200)
    references = models.JSONField(_("cases"), default=list)
    extra_terms = models.TextField(_("also redacted by hand"), blank=True)
    file = models.FileField(
        _("file"), storage=report_storage, upload_to=release_file_path, max_length=200
    )
    sha256 = models.CharField(_("checksum (SHA-256)"), max_length=64)

    class Meta:
        verbose_name = _("public access release")
        verbose_name_plural = _("public access releases")
        ordering = ["-released_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.released_at:%Y-%m-%d} {self.recipient}"
