"""The deviation report: what happened, where, how serious, and what the reporter did."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.core.exceptions import ObjectDoesNotExist
from django.core.files.storage import FileSystemStorage
from django.db import models
from django.utils import translation
from django.utils.functional import LazyObject
from django.utils.translation import gettext_lazy as _

from avvik.kept_rows import KeptRows
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
    # The committee follows near misses (nestenulykker) by unit and category.
    is_near_miss = models.BooleanField(
        _("counts as a near miss"),
        default=False,
        help_text=_("The committee's summary counts these deviations as near misses."),
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


def _read_categories() -> list[Category]:
    return list(Category.objects.all())


# The report form offers and checks the active categories on every filing, and the
# dashboard's filter offers them all: they are kept per process and read again after a
# change in the admin.
kept_categories = KeptRows("categories", _read_categories, model="avvik.Category")


def active_categories() -> list[Category]:
    return [category for category in kept_categories.get() if category.is_active]


def kept_category(pk: int) -> Category:
    """The category with this id, from the kept rows; one added since they were read, from
    the database."""
    for category in kept_categories.get():
        if category.pk == pk:
            return category
    return Category.objects.get(pk=pk)


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
    # Empty for an anonymous report and for one filed from a poster without an account.
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reported by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="reported_deviations",
    )
    # An anonymous report keeps nothing about who filed it: no reporter, no name, no
    # contact, no uploader on its attachments, no actor on its reporter's events.
    is_anonymous = models.BooleanField(_("anonymous"), default=False, editable=False)
    # Given by someone without an account (from a poster), so they can be reached.
    reporter_name = models.CharField(_("reporter's name"), max_length=150, blank=True)
    reporter_contact = models.CharField(_("reporter's phone or e-mail"), max_length=200, blank=True)
    poster = models.ForeignKey(
        "avvik.Poster",
        verbose_name=_("filed from poster"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="deviations",
        editable=False,
    )
    # SHA-256 of the follow-up code given on the receipt of a report filed without an
    # account or anonymously; the code itself is never stored.
    follow_up_code_hash = models.CharField(
        max_length=64, unique=True, null=True, blank=True, editable=False
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

    @property
    def injury(self) -> InjuryDetails | None:
        """The injury details, or None. Read once: with the case when the case was read
        with ``select_related("deviation__injury_details")``, else on first use."""
        try:
            return self.injury_details
        except ObjectDoesNotExist:
            return None

    @property
    def reporter_label(self) -> str:
        """Who reported it, as the leader reads it."""
        if self.is_anonymous:
            return _("anonymous reporter")
        if self.reporter is not None:
            return self.reporter.display_name
        return _("%(name)s (without an account)") % {"name": self.reporter_name}

    def get_severity_display(self) -> str:
        from avvik.severity_names import severity_name

        return severity_name(self.severity)


class InjuryType(models.TextChoices):
    """The kinds of injury the register shows (no further medical detail)."""

    CUT = "cut", _("Cut or puncture wound")
    NEEDLE_STICK = "needle_stick", _("Needle-stick or blood exposure")
    FRACTURE = "fracture", _("Fracture")
    SPRAIN = "sprain", _("Sprain, strain or dislocation")
    BRUISE = "bruise", _("Bruise or crush injury")
    BURN = "burn", _("Burn or scald")
    CHEMICAL = "chemical", _("Chemical burn or poisoning")
    HEAD = "head", _("Head injury or concussion")
    VIOLENCE = "violence", _("Injury from violence or threats")
    PSYCHOLOGICAL = "psychological", _("Psychological strain after an incident")
    ILLNESS = "illness", _("Illness believed to come from the work")
    OTHER = "other", _("Other injury")


class Harm(models.TextChoices):
    """Arbeidsmiljøloven § 5-2 (serious injury or death at work)."""

    NOT_SERIOUS = "not_serious", _("No, not seriously injured")
    SERIOUS = "serious", _("Yes, seriously injured")
    FATAL = "fatal", _("Yes, a person died")


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
    # The injury register (arbeidsmiljøloven § 5-1) lists the kind from this fixed list,
    # never the free text above.
    injury_type = models.CharField(
        _("type of injury"), max_length=30, choices=InjuryType.choices, blank=True
    )
    # Arbeidsmiljøloven § 5-2: a serious injury or a death starts the duty to notify
    # Arbeidstilsynet and the police at once.
    harm = models.CharField(
        _("serious injury or death"), max_length=20, choices=Harm.choices, default=Harm.NOT_SERIOUS
    )
    work_illness = models.BooleanField(
        _("an illness believed to come from the work"), default=False
    )
    name_in_register = models.BooleanField(
        _("the injured person agrees to be named in the injury register"), default=False
    )

    class Meta:
        verbose_name = _("injury details")
        verbose_name_plural = _("injury details")

    def __str__(self) -> str:
        return str(_("Injury details for %(ref)s") % {"ref": self.deviation.reference})

    @property
    def is_serious(self) -> bool:
        return self.harm in (Harm.SERIOUS, Harm.FATAL)


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
    # Empty when uploaded without an account or to an anonymous report.
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
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


class LegalText(models.Model):
    """The text of a page the law asks for (the privacy notice, the accessibility
    statement) as the municipality wrote it; without one the default in ``avvik/legal.py``
    is shown. Lines starting with "## " are headings; blank lines separate paragraphs."""

    class Kind(models.TextChoices):
        PRIVACY = "privacy", _("Privacy notice")
        ACCESSIBILITY = "accessibility", _("Accessibility statement")

    kind = models.CharField(_("page"), max_length=20, choices=Kind.choices)
    language = models.CharField(_("language"), max_length=10, choices=settings.LANGUAGES)
    text = models.TextField(
        _("text"),
        help_text=_('Lines starting with "## " are headings; a blank line starts a new paragraph.'),
    )
    updated_at = models.DateTimeField(_("last changed"), auto_now=True)

    class Meta:
        verbose_name = _("legal page text")
        verbose_name_plural = _("legal page texts")
        constraints = [
            models.UniqueConstraint(fields=["kind", "language"], name="one_legal_text_per_language")
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.language})"


# The poster model lives in its own module; imported here so Django registers it.
from avvik.posters import Poster  # noqa: E402, F401
