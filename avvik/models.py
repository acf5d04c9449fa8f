"""The deviation report: what happened, where, how serious, and what the reporter did."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.db import models
from django.utils import translation
from django.utils.functional import LazyObject
from django.utils.translation import gettext_lazy as _

from orgchart.models import OrgUnit


class Category(models.Model):
    """A kind of deviation, configured by HMS administrators, with its name and help text
    in each language (``name`` and ``description`` give the reader's)."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name_nb = models.CharField(_("name (bokmål)"), max_length=120, blank=True)
    name_nn = models.CharField(_("name (nynorsk)"), max_length=120, blank=True)
    name_en = models.CharField(_("name (English)"), max_length=120, blank=True)
    description_nb = models.TextField(_("help text (bokmål)"), blank=True)
    description_nn = models.TextField(_("help text (nynorsk)"), blank=True)
    description_en = models.TextField(_("help text (English)"), blank=True)
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
        ordering = ["sort_order", "name_nb"]
        constraints = [
            models.CheckConstraint(
                name="category_has_a_name",
                condition=~models.Q(name_nb="", name_nn="", name_en=""),
            )
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        """The name in the active language, else in the municipality's, else any."""
        return in_reader_language(self, "name")

    @property
    def description(self) -> str:
        return in_reader_language(self, "description")


def in_reader_language(obj, field: str) -> str:
    """``obj``'s ``field_<language>`` for the active language; where that is empty, the
    municipality's default language, then the other languages: never an empty string
    while any language has a text."""
    order = [translation.get_language() or "", settings.LANGUAGE_CODE, "nb", "nn", "en"]
    for language in order:
        value = getattr(obj, f"{field}_{language.split('-')[0]}", "")
        if value:
            return value
    return ""


class Severity(models.TextChoices):
    LOW = "low", _("Low")
    MEDIUM = "medium", _("Medium")
    HIGH = "high", _("High")
    CRITICAL = "critical", _("Critical")

    @classmethod
    def explanations(cls) -> dict[str, str]:
        """Each severity's help text in the reader's language, as the administrators
        worded it (see avvik.severity_names)."""
        from avvik.severity_names import severity_help

        return {value: severity_help(value) for value in cls.values}

    @classmethod
    def catalogue_explanations(cls) -> dict[str, str]:
        return {
            cls.LOW: _("Little or no harm; can be put right in the unit's daily work."),
            cls.MEDIUM: _("Could have hurt someone or damaged property; needs follow-up."),
            cls.HIGH: _("Someone was hurt or could easily have been seriously hurt."),
            cls.CRITICAL: _("Serious injury, danger to life or large damage: act now."),
        }

    @classmethod
    def rank(cls, value: str) -> int:
        return [cls.LOW, cls.MEDIUM, cls.HIGH, cls.CRITICAL].index(value)


class SeverityName(models.Model):
    """What a severity is called, and how it is explained on the report form, in each
    language, as HMS administrators word it. An empty field gives the municipality's
    language, then the wording of the catalogues (see avvik.severity_names)."""

    severity = models.CharField(_("severity"), max_length=10, choices=Severity.choices, unique=True)
    name_nb = models.CharField(_("name (bokmål)"), max_length=60, blank=True)
    name_nn = models.CharField(_("name (nynorsk)"), max_length=60, blank=True)
    name_en = models.CharField(_("name (English)"), max_length=60, blank=True)
    help_nb = models.CharField(_("help text (bokmål)"), max_length=200, blank=True)
    help_nn = models.CharField(_("help text (nynorsk)"), max_length=200, blank=True)
    help_en = models.CharField(_("help text (English)"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("severity name")
        verbose_name_plural = _("severity names")

    def __str__(self) -> str:
        return self.severity

    def save(self, *args, **kwargs) -> None:
        from avvik import severity_names

        super().save(*args, **kwargs)
        severity_names.changed()

    def delete(self, *args, **kwargs):
        from avvik import severity_names

        result = super().delete(*args, **kwargs)
        severity_names.changed()
        return result


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

    def get_severity_display(self) -> str:
        from avvik.severity_names import severity_name

        return severity_name(self.severity)


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

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["uploaded_at"]

    def __str__(self) -> str:
        return self.original_name
