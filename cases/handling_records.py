"""What is recorded while a case is handled: the actions taken (immediate and
corrective), the risk assessments on the 5 × 5 matrix, the evaluations of effect, the
specialist units' own assessments and the requests for their help. The case itself and
its timeline are in cases/models.py."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from orgchart.models import OrgUnit


class Action(models.Model):
    """Something done about a deviation. An immediate action (strakstiltak) is recorded
    when it has been taken; a corrective action (korrigerende tiltak) is given to a person
    or a specialist unit with a due date, and is marked done later."""

    class Kind(models.TextChoices):
        IMMEDIATE = "immediate", _("Immediate action")
        CORRECTIVE = "corrective", _("Corrective action")

    case = models.ForeignKey(
        "cases.Case", verbose_name=_("case"), on_delete=models.PROTECT, related_name="actions"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    description = models.TextField(_("what"))
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("who"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="assigned_actions",
    )
    specialist_unit = models.ForeignKey(
        OrgUnit,
        verbose_name=_("specialist unit"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="assigned_actions",
    )
    due_date = models.DateField(_("by when"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("added by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("added"), default=timezone.now, editable=False)
    done_at = models.DateTimeField(_("done"), null=True, blank=True)
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("done by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    done_note = models.TextField(_("note"), blank=True)
    # Recorded as done in one step: the immediate action had already restored the
    # normal state ("allerede utført").
    already_done = models.BooleanField(
        _("already done"), default=False, db_default=False, editable=False
    )

    class Meta:
        verbose_name = _("action")
        verbose_name_plural = _("actions")
        ordering = ["created_at", "pk"]
        indexes = [models.Index(fields=["case", "kind", "done_at"])]
        constraints = [
            models.CheckConstraint(
                name="corrective_action_has_one_owner_and_due_date",
                condition=~Q(kind="corrective")
                | (
                    Q(due_date__isnull=False)
                    & (
                        Q(assignee__isnull=False, specialist_unit__isnull=True)
                        | Q(assignee__isnull=True, specialist_unit__isnull=False)
                    )
                ),
            ),
            models.CheckConstraint(
                name="immediate_action_is_done",
                condition=~Q(kind="immediate") | Q(done_at__isnull=False),
            ),
        ]

    def __str__(self) -> str:
        return self.description[:60]

    @property
    def is_done(self) -> bool:
        return self.done_at is not None

    @property
    def owner(self):
        """The person or specialist unit the action was given to."""
        return self.assignee or self.specialist_unit


class RiskLevel(models.TextChoices):
    LOW = "low", _("Low risk")
    MEDIUM = "medium", _("Medium risk")
    HIGH = "high", _("High risk")


def risk_level(probability: int, consequence: int) -> RiskLevel:
    """The colour band of a cell of the 5 × 5 matrix: green up to 4, yellow 5–9 and
    red from 10, the bands most Norwegian municipalities' HMS handbooks use."""
    score = probability * consequence
    if score <= 4:
        return RiskLevel.LOW
    if score <= 9:
        return RiskLevel.MEDIUM
    return RiskLevel.HIGH


_ONE_TO_FIVE = [MinValueValidator(1), MaxValueValidator(5)]


class RiskAssessment(models.Model):
    """A new risk assessment (ny risikoanalyse) after the deviation: probability ×
    consequence on a 5 × 5 matrix, as things are and as they will be after the measures."""

    case = models.ForeignKey(
        "cases.Case",
        verbose_name=_("case"),
        on_delete=models.PROTECT,
        related_name="risk_assessments",
    )
    assessed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("assessed by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    assessed_at = models.DateTimeField(_("assessed"), default=timezone.now, editable=False)
    probability = models.PositiveSmallIntegerField(_("probability"), validators=_ONE_TO_FIVE)
    consequence = models.PositiveSmallIntegerField(_("consequence"), validators=_ONE_TO_FIVE)
    probability_after = models.PositiveSmallIntegerField(
        _("probability after measures"), validators=_ONE_TO_FIVE
    )
    consequence_after = models.PositiveSmallIntegerField(
        _("consequence after measures"), validators=_ONE_TO_FIVE
    )
    note = models.TextField(_("note"), blank=True)

    class Meta:
        verbose_name = _("risk assessment")
        verbose_name_plural = _("risk assessments")
        ordering = ["assessed_at", "pk"]
        constraints = [
            models.CheckConstraint(
                name="risk_values_one_to_five",
                condition=Q(probability__range=(1, 5))
                & Q(consequence__range=(1, 5))
                & Q(probability_after__range=(1, 5))
                & Q(consequence_after__range=(1, 5)),
            )
        ]

    def __str__(self) -> str:
        return f"{self.score} → {self.score_after}"

    @property
    def score(self) -> int:
        return self.probability * self.consequence

    @property
    def score_after(self) -> int:
        return self.probability_after * self.consequence_after

    @property
    def level(self) -> RiskLevel:
        return risk_level(self.probability, self.consequence)

    @property
    def level_after(self) -> RiskLevel:
        return risk_level(self.probability_after, self.consequence_after)


class EffectEvaluation(models.Model):
    """Did the corrective actions work as intended (vurdering av effekt)?"""

    case = models.ForeignKey(
        "cases.Case",
        verbose_name=_("case"),
        on_delete=models.PROTECT,
        related_name="effect_evaluations",
    )
    evaluated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("evaluated by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    evaluated_at = models.DateTimeField(_("evaluated"), default=timezone.now, editable=False)
    effective = models.BooleanField(_("the actions worked"))
    note = models.TextField(_("note"), blank=True)

    class Meta:
        verbose_name = _("effect evaluation")
        verbose_name_plural = _("effect evaluations")
        ordering = ["evaluated_at", "pk"]

    def __str__(self) -> str:
        return str(_("effective") if self.effective else _("not effective"))


class SpecialistAssessment(models.Model):
    """A specialist unit's own view of whether the corrective actions worked ("leder,
    eventuelt i samarbeid med faginstans"). The leader still decides (EffectEvaluation)."""

    case = models.ForeignKey(
        "cases.Case", on_delete=models.PROTECT, related_name="specialist_assessments"
    )
    specialist_unit = models.ForeignKey(
        OrgUnit, verbose_name=_("specialist unit"), on_delete=models.PROTECT, related_name="+"
    )
    assessed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("assessed by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    assessed_at = models.DateTimeField(_("assessed"), default=timezone.now, editable=False)
    effective = models.BooleanField(_("the actions worked"))
    note = models.TextField(_("note"))

    class Meta:
        verbose_name = _("specialist unit's assessment")
        verbose_name_plural = _("specialist units' assessments")
        ordering = ["assessed_at", "pk"]

    def __str__(self) -> str:
        return f"{self.specialist_unit}: {self.effective}"


class AssistanceRequest(models.Model):
    """A specialist unit (faginstans) asked to help on a case. Its members can read the
    case, add actions and comment."""

    case = models.ForeignKey(
        "cases.Case",
        verbose_name=_("case"),
        on_delete=models.PROTECT,
        related_name="assistance_requests",
    )
    specialist_unit = models.ForeignKey(
        OrgUnit,
        verbose_name=_("specialist unit"),
        on_delete=models.PROTECT,
        related_name="assistance_requests",
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("asked by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    requested_at = models.DateTimeField(_("asked"), default=timezone.now, editable=False)
    message = models.TextField(_("what help is needed"))

    class Meta:
        verbose_name = _("request for assistance")
        verbose_name_plural = _("requests for assistance")
        ordering = ["requested_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["case", "specialist_unit"], name="assistance_requested_once_per_unit"
            )
        ]

    def __str__(self) -> str:
        return f"{self.case} – {self.specialist_unit}"
