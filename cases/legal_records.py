"""What the employer records to meet the law around a deviation: the notices to
Arbeidstilsynet, the police and NAV (arbeidsmiljøloven § 5-2, folketrygdloven § 13-14),
the deadline of those notices, and how long a case is kept (arkivlova)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class AuthorityNotice(models.Model):
    """One notice the leader gave (or, for NAV, decided was not needed), recorded once."""

    class Recipient(models.TextChoices):
        ARBEIDSTILSYNET = "arbeidstilsynet", _("Arbeidstilsynet, notified at once")
        POLICE = "police", _("The police, notified at once")
        WRITTEN_CONFIRMATION = (
            "written_confirmation",
            _("Written confirmation to Arbeidstilsynet"),
        )
        NAV = "nav", _("NAV: report of an occupational injury")

    class Means(models.TextChoices):
        PHONE = "phone", _("By phone")
        ONLINE_FORM = "online_form", _("Online form (Altinn / nav.no)")
        EMAIL = "email", _("By e-mail")
        LETTER = "letter", _("By letter")
        IN_PERSON = "in_person", _("In person")

    case = models.ForeignKey(
        "cases.Case", on_delete=models.PROTECT, related_name="authority_notices"
    )
    recipient = models.CharField(_("to"), max_length=30, choices=Recipient.choices)
    means = models.CharField(_("by what means"), max_length=20, choices=Means.choices, blank=True)
    notified_at = models.DateTimeField(_("when"), null=True, blank=True)
    # NAV only: the leader judged that no report is needed, and says why.
    not_needed_reason = models.TextField(_("why no report is needed"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    recorded_at = models.DateTimeField(_("recorded"), auto_now_add=True)

    class Meta:
        verbose_name = _("notice to the authorities")
        verbose_name_plural = _("notices to the authorities")
        ordering = ["recorded_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["case", "recipient"], name="authority_notice_once_per_recipient"
            ),
            models.CheckConstraint(
                name="authority_notice_sent_or_not_needed",
                condition=models.Q(notified_at__isnull=False)
                | (models.Q(recipient="nav") & ~models.Q(not_needed_reason="")),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.case_id} {self.get_recipient_display()}"


class SeriousInjuryDeadline(models.Model):
    """The deadline policy of a serious injury or death: the notices are due at once, so
    a case whose notices are not recorded climbs the line within hours, not days. One
    row, kept by the HMS administrators; without it the defaults below apply."""

    DEFAULT_HOURS_TO_NOTIFY = 2
    DEFAULT_ESCALATION_INTERVAL_HOURS = 2

    hours_to_notify = models.PositiveSmallIntegerField(
        _("hours from the report until the case climbs if the notices are not recorded"),
        default=DEFAULT_HOURS_TO_NOTIFY,
    )
    escalation_interval_hours = models.PositiveSmallIntegerField(
        _("hours before it climbs again"), default=DEFAULT_ESCALATION_INTERVAL_HOURS
    )

    class Meta:
        verbose_name = _("deadline for notices of serious injury")
        verbose_name_plural = _("deadline for notices of serious injury")

    def __str__(self) -> str:
        return str(_("%(hours)d hours") % {"hours": self.hours_to_notify})

    @classmethod
    def current(cls) -> SeriousInjuryDeadline:
        return cls.objects.order_by("pk").first() or cls()


class RetentionRule(models.Model):
    """How many years after closing the cases of a category are kept before they are
    anonymised. Categories without a rule use ``cases.retention.default_years``."""

    category = models.OneToOneField(
        "avvik.Category",
        verbose_name=_("category"),
        on_delete=models.CASCADE,
        related_name="retention_rule",
    )
    years = models.PositiveSmallIntegerField(_("years after closing"))

    class Meta:
        verbose_name = _("retention rule")
        verbose_name_plural = _("retention rules")

    def __str__(self) -> str:
        return f"{self.category}: {self.years}"
