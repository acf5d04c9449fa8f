"""The handling of a deviation: its case, and the append-only timeline of what happened."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from avvik.models import Deviation
from orgchart.access import access_for
from orgchart.models import OrgUnit


class CaseQuerySet(models.QuerySet):
    def visible_to(self, user) -> CaseQuerySet:
        """Cases this person may open: their own reports, the cases of the units they lead
        or cover as safety representative, and the ones they were handed or asked about."""
        access = access_for(user)
        if access.user_id is None:
            return self.none()
        if access.is_hms_admin:
            return self.all()
        condition = Q(deviation__reporter_id=access.user_id) | Q(
            responsible_leader_id=access.user_id
        )
        condition |= Q(pk__in=CaseReader.objects.filter(user_id=access.user_id).values("case_id"))
        for root in access.led_roots + access.safety_roots:
            condition |= Q(deviation__unit__path__startswith=root)
        return self.filter(condition)

    def reported_by(self, user) -> CaseQuerySet:
        return self.filter(deviation__reporter=user)


class Case(models.Model):
    class Status(models.TextChoices):
        REPORTED = "reported", _("Reported")
        IN_PROGRESS = "in_progress", _("In progress")
        EVALUATING = "evaluating", _("Evaluating effect")
        CLOSED = "closed", _("Closed")

    deviation = models.OneToOneField(Deviation, on_delete=models.PROTECT, related_name="case")
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.REPORTED
    )
    responsible_unit = models.ForeignKey(
        OrgUnit,
        verbose_name=_("responsible unit"),
        on_delete=models.PROTECT,
        related_name="responsible_cases",
    )
    responsible_leader = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("responsible leader"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="responsible_cases",
    )
    escalation_level = models.PositiveSmallIntegerField(_("escalation level"), default=0)
    opened_at = models.DateTimeField(_("opened"), auto_now_add=True)
    receipt_due = models.DateTimeField(_("receipt due"), null=True, blank=True)
    closure_due = models.DateTimeField(_("closure due"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    outcome_summary = models.TextField(_("outcome summary for the reporter"), blank=True)

    objects = CaseQuerySet.as_manager()

    class Meta:
        verbose_name = _("case")
        verbose_name_plural = _("cases")
        indexes = [
            models.Index(fields=["responsible_leader", "status"]),
            models.Index(fields=["status", "closure_due"]),
        ]

    def __str__(self) -> str:
        return self.deviation.reference

    @property
    def is_open(self) -> bool:
        return self.status != self.Status.CLOSED


class CaseReader(models.Model):
    """Someone who keeps read access to a case: a leader it was forwarded or escalated
    away from, or a member of a specialist unit asked to help."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="readers")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["case", "user"], name="case_reader_once")]

    def __str__(self) -> str:
        return f"{self.case} – {self.user}"


class CaseEvent(models.Model):
    """One entry of a case's timeline. Never updated, never deleted."""

    class Kind(models.TextChoices):
        REPORTED = "reported", _("Reported")
        INFORMATION_ADDED = "information_added", _("Information added by the reporter")
        ACKNOWLEDGED = "acknowledged", _("Receipt acknowledged")
        COMMENT = "comment", _("Comment")
        FORWARDED = "forwarded", _("Forwarded up the line")
        ESCALATED = "escalated", _("Escalated")
        CLOSED = "closed", _("Closed")
        REOPENED = "reopened", _("Reopened")

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="events")
    kind = models.CharField(_("kind"), max_length=30, choices=Kind.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    at = models.DateTimeField(_("when"), auto_now_add=True)
    message = models.TextField(_("message"), blank=True)
    visible_to_reporter = models.BooleanField(_("visible to the reporter"), default=False)
    data = models.JSONField(default=dict, blank=True)

    class Meta:
        verbose_name = _("case event")
        verbose_name_plural = _("case events")
        ordering = ["at", "pk"]
        indexes = [models.Index(fields=["case", "visible_to_reporter", "-at"])]

    def __str__(self) -> str:
        return f"{self.case_id} {self.get_kind_display()}"
