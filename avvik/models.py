"""The deviation report: what happened, where, how serious, and what the reporter did."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.db import models
from django.utils.functional import LazyObject
from django.utils.translation import gettext_lazy as _

from orgchart.models import OrgUnit


class Category(models.Model):
    """A kind of deviation, configured by HMS administrators."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=120)
    description = models.TextField(_("description"), blank=True)
    report_orally = models.BooleanField(
        _("also report orally to your leader"),
        default=False,
        help_text=_("The receipt tells the reporter to also tell their leader in person."),
    )
    involves_health_data = models.BooleanField(
        _("involves health data"),
        default=False,
        help_text=_("The form asks for injury details, kept apart from the report."),
    )
    inform_safety_representative = models.BooleanField(
        _("inform the safety representative"), default=False
    )
    sort_order = models.PositiveSmallIntegerField(_("order"), default=100)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("category")
        verbose_name_plural = _("categories")
        ordering = ["sort_order", "name"]

    def __str__(self) -> str:
        return self.name


class Severity(models.TextChoices):
    LOW = "low", _("Low")
    MEDIUM = "medium", _("Medium")
    HIGH = "high", _("High")
    CRITICAL = "critical", _("Critical")

    @classmethod
    def explanations(cls) -> dict[str, str]:
        return {
            cls.LOW: _("Little or no harm; can be put right in the unit's daily work."),
            cls.MEDIUM: _("Could have hurt someone or damaged property; needs follow-up."),
            cls.HIGH: _("Someone was hurt or could easily have been seriously hurt."),
            cls.CRITICAL: _("Serious injury, danger to life or large damage: act now."),
        }

    @classmethod
    def rank(cls, value: str) -> int:
        return [cls.LOW, cls.MEDIUM, cls.HIGH, cls.CRITICAL].index(value)


class ReferenceCounter(models.Model):
    """The last reference number given out in a year. Incrementing the row locks it, so
    two reports filed at the same instant get different numbers."""

    year = models.PositiveSmallIntegerField(primary_key=True)
    last_number = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("reference counter")
        verbose_name_plural = _("reference counters")

    def __str__(self) -> str:
        return f"{self.year}: {self.last_number}"


class Deviation(models.Model):
    reference = models.CharField(_("reference"), max_length=20, unique=True)
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reported by"),
        on_delete=models.PROTECT,
        related_name="reported_deviations",
    )
    unit = models.ForeignKey(
        OrgUnit,
        verbose_name=_("unit where it happened"),
        on_delete=models.PROTECT,
        related_name="deviations",
    )
    # The workplace the report is filed from (the reporter's primary unit unless they
    # chose another of theirs): its nearest leader handles the case ("nærmeste leder med
    # personalansvar … fra sine medarbeidere"). Empty on reports filed before the rule.
    reported_from = models.ForeignKey(
        OrgUnit,
        verbose_name=_("reported from (the reporter's workplace)"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    occurred_at = models.DateTimeField(_("when it happened"))
    location = models.CharField(_("where it happened"), max_length=200, blank=True)
    category = models.ForeignKey(
        Category, verbose_name=_("category"), on_delete=models.PROTECT, related_name="deviations"
    )
    severity = models.CharField(_("severity"), max_length=10, choices=Severity.choices)
    title = models.CharField(_("title"), max_length=150)
    description = models.TextField(_("what happened"))
    immediate_action = models.TextField(_("what I did at once"), blank=True)
    suggested_measure = models.TextField(_("suggested measure"), blank=True)
    reported_at = models.DateTimeField(_("reported"), auto_now_add=True, db_index=True)
    # The form's one-time token: the same submission sent twice files one deviation.
    submission_token = models.UUIDField(unique=True, null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("deviation")
        verbose_name_plural = _("deviations")
        ordering = ["-reported_at"]
        indexes = [
            models.Index(fields=["reporter", "-reported_at"]),
            # A subtree's deviations in a date range, or newest first (the dashboard).
            # (Carrying the id lets a subtree's deviations be joined to their cases from
            # the index alone.)
            models.Index(
                fields=["unit", "reported_at"], include=["id"], name="deviation_unit_reported_id"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.reference} {self.title}"


class InjuryDetails(models.Model):
    """Health data about a personal injury, kept apart from the report and shown only to
    the responsible leader line and HMS administrators; every view is logged."""

    class Treatment(models.TextChoices):
        NONE = "none", _("No treatment")
        FIRST_AID = "first_aid", _("First aid at the workplace")
        DOCTOR = "doctor", _("Doctor or emergency room")
        HOSPITAL = "hospital", _("Hospital")

    deviation = models.OneToOneField(
        Deviation, on_delete=models.PROTECT, related_name="injury_details"
    )
    injured_person = models.CharField(_("who was hurt"), max_length=200)
    # When the injured person is an employee (the reporter, say): their own leader follows
    # them up and is kept on the case whoever handles it.
    injured_employee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("injured employee"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    injury_kind = models.CharField(_("kind of injury"), max_length=300)
    treatment = models.CharField(
        _("treatment"), max_length=20, choices=Treatment.choices, default=Treatment.NONE
    )
    absence = models.BooleanField(_("led to sick leave or absence"), default=False)

    class Meta:
        verbose_name = _("injury details")
        verbose_name_plural = _("injury details")

    def __str__(self) -> str:
        return str(_("Injury details for %(ref)s") % {"ref": self.deviation.reference})


class InjuryDetailsAccess(models.Model):
    """Who looked at injury details, when, on which case."""

    deviation = models.ForeignKey(Deviation, on_delete=models.PROTECT, related_name="+")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    viewed_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("view of injury details")
        verbose_name_plural = _("views of injury details")
        ordering = ["-viewed_at"]

    def __str__(self) -> str:
        return f"{self.user} {self.viewed_at:%Y-%m-%d %H:%M}"


class _PrivateStorage(LazyObject):
    """Uploaded files under MEDIA_ROOT/private, never served by a static URL."""

    def _setup(self):
        self._wrapped = FileSystemStorage(location=settings.MEDIA_ROOT / "private", base_url=None)


private_storage = _PrivateStorage()


def get_private_storage():
    """A callable, so migrations name this function rather than a machine's path."""
    return private_storage


def attachment_path(instance: Attachment, filename: str) -> str:
    return f"attachments/{uuid.uuid4().hex}"


class Attachment(models.Model):
    """A photo or PDF. Until the report is filed it belongs to the form's submission token,
    so a form that comes back with errors keeps what was already uploaded."""

    deviation = models.ForeignKey(
        Deviation, null=True, blank=True, on_delete=models.PROTECT, related_name="attachments"
    )
    upload_token = models.UUIDField(null=True, blank=True, db_index=True, editable=False)
    file = models.FileField(storage=get_private_storage, upload_to=attachment_path, max_length=200)
    original_name = models.CharField(_("file name"), max_length=200)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)
    # An attachment of a health-data case is shown only to the leader line, unless a
    # leader shared it (with the safety representative and the specialist units asked).
    shared_at = models.DateTimeField(_("shared"), null=True, blank=True, editable=False)
    shared_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("shared by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        editable=False,
    )
    share_reason = models.TextField(
        _("why it was shared"), blank=True, db_default="", editable=False
    )

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["uploaded_at"]

    def __str__(self) -> str:
        return self.original_name


class AttachmentDownload(models.Model):
    """Who downloaded which attachment, when."""

    attachment = models.ForeignKey(Attachment, on_delete=models.PROTECT, related_name="+")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    downloaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("download of an attachment")
        verbose_name_plural = _("downloads of attachments")
        ordering = ["-downloaded_at"]

    def __str__(self) -> str:
        return f"{self.user} {self.downloaded_at:%Y-%m-%d %H:%M}"


class HealthDataCaseOpening(models.Model):
    """Who opened a report in a category that involves health data, when."""

    deviation = models.ForeignKey(Deviation, on_delete=models.PROTECT, related_name="+")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    opened_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("opening of a health-data case")
        verbose_name_plural = _("openings of health-data cases")
        ordering = ["-opened_at"]

    def __str__(self) -> str:
        return f"{self.user} {self.opened_at:%Y-%m-%d %H:%M}"
