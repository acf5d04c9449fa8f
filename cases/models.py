"""The handling of a deviation: its case, and the append-only timeline of what happened."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from avvik.models import Deviation, Severity
from avvik.severity_names import severity_name
from orgchart.access import access_for
from orgchart.models import OrgUnit

# Case.Status's open states, for the partial indexes in Case.Meta (which cannot see the
# class's own Status).
_OPEN_STATUSES = ["reported", "in_progress", "evaluating"]


class CaseQuerySet(models.QuerySet):
    def visible_to(self, user) -> CaseQuerySet:
        """Cases this person may open: their own reports, the cases that happened in,
        were reported from or are handled in the units they lead, those that happened in
        the area they cover as safety representative, the ones they were handed or asked
        about, and injuries to their own people."""
        access = access_for(user)
        if access.user_id is None:
            return self.none()
        if access.is_hms_admin:
            return self.all()
        condition = (
            Q(deviation__reporter_id=access.user_id)
            | Q(responsible_leader_id=access.user_id)
            | Q(injured_employees_leader_id=access.user_id)
        )
        condition |= Q(pk__in=CaseReader.objects.filter(user_id=access.user_id).values("case_id"))
        if access.specialist_unit_ids:
            # Everyone in a specialist unit that was asked, including those who joined later.
            condition |= Q(
                pk__in=AssistanceRequest.objects.filter(
                    specialist_unit_id__in=access.specialist_unit_ids
                ).values("case_id")
            )
        for root in access.led_roots:
            condition |= (
                Q(deviation_unit__path__startswith=root)
                | Q(responsible_unit__path__startswith=root)
                | Q(deviation__reported_from__path__startswith=root)
            )
        for root in access.safety_roots:
            condition |= Q(deviation_unit__path__startswith=root)
        return self.filter(condition)

    def reported_by(self, user) -> CaseQuerySet:
        return self.filter(deviation__reporter=user)


class Case(models.Model):
    class Status(models.TextChoices):
        REPORTED = "reported", _("Reported")
        IN_PROGRESS = "in_progress", _("In progress")
        EVALUATING = "evaluating", _("Evaluating effect")
        CLOSED = "closed", _("Closed")

    class ClosedAs(models.TextChoices):
        RESOLVED = "resolved", _("Resolved")
        NOT_A_DEVIATION = "not_a_deviation", _("Not a deviation")
        DUPLICATE = "duplicate", _("Duplicate")

    class ArrivedVia(models.TextChoices):
        """How the case reached its responsible leader: routed when it was reported, or
        handed up the service line later (the dashboard's "escalated or forwarded to me")."""

        ROUTING = "routing", _("Routed when reported")
        FORWARDED = "forwarded", _("Forwarded up the line")
        ESCALATED = "escalated", _("Escalated")
        HANDED_OVER = "handed_over", _("Handed over to the unit where it happened")

    class RoutineReview(models.TextChoices):
        """The review of work routines at closing ("Arbeidsrutiner bør også gjennomgås
        og kvalitetssikres")."""

        CHANGED = "changed", _("Reviewed, and the routine was changed")
        NO_CHANGE = "no_change", _("Reviewed, no change needed")
        NOT_REVIEWED = "not_reviewed", _("Not reviewed")

    deviation = models.OneToOneField(
        Deviation, verbose_name=_("deviation"), on_delete=models.PROTECT, related_name="case"
    )
    # The deviation's own unit (where it happened), copied when the case is opened: the
    # subtree scopes then find their open cases in one index, without reading every
    # deviation of the subtree first. A deviation's unit never changes.
    deviation_unit = models.ForeignKey(
        OrgUnit,
        verbose_name=_("unit where it happened"),
        on_delete=models.PROTECT,
        related_name="+",
        editable=False,
        db_index=False,  # case_unit_status leads with it
    )
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
    arrived_via = models.CharField(
        _("arrived via"), max_length=20, choices=ArrivedVia.choices, default=ArrivedVia.ROUTING
    )
    opened_at = models.DateTimeField(_("opened"), auto_now_add=True)
    # When receipt was first acknowledged (the ACKNOWLEDGED event's time, kept here too),
    # so that the statistics read time to receipt without searching the timeline.
    received_at = models.DateTimeField(
        _("receipt acknowledged"), null=True, blank=True, editable=False
    )
    receipt_due = models.DateTimeField(_("receipt due"), null=True, blank=True)
    closure_due = models.DateTimeField(_("closure due"), null=True, blank=True)
    # When the escalation sweep looks at the case next: the deadline of its current stage,
    # moved on by one escalation interval each time it climbs or its top leader is
    # reminded. Empty for closed cases.
    next_escalation_at = models.DateTimeField(
        _("escalates next"), null=True, blank=True, editable=False
    )
    # The deadline (next_escalation_at) the last "due soon" reminder was about, so each
    # deadline is announced once however often the reminder task runs.
    reminded_for = models.DateTimeField(null=True, blank=True, editable=False)
    on_hold_until = models.DateField(_("on hold until"), null=True, blank=True)
    hold_reason = models.CharField(_("why it is on hold"), max_length=300, blank=True)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    outcome_summary = models.TextField(_("outcome summary for the reporter"), blank=True)
    # Written by the leader for the working environment committee's summaries: no names,
    # no health data. The reporter's own text never goes to the committee.
    committee_summary = models.TextField(_("summary for the committee (AMU)"), blank=True)
    closed_as = models.CharField(
        _("closed as"), max_length=20, choices=ClosedAs.choices, blank=True
    )
    no_actions_reason = models.TextField(_("why no corrective actions are needed"), blank=True)
    # Yes when the routine review below says reviewed (changed or not), no when not.
    routines_reviewed = models.BooleanField(_("work routines reviewed"), null=True, blank=True)
    # (Database defaults too, so that rows written in bulk by SQL need not name them.)
    routine_review = models.CharField(
        _("review of work routines"),
        max_length=20,
        choices=RoutineReview.choices,
        blank=True,
        db_default="",
    )
    routine_reviewed = models.CharField(
        _("which routine or procedure was reviewed"), max_length=200, blank=True, db_default=""
    )
    # What was changed; why no change was needed; or why the routines were not reviewed.
    routine_review_note = models.TextField(_("what changed, or why not"), blank=True, db_default="")
    routine_next_review = models.DateField(_("next review of the routine"), null=True, blank=True)
    # The injured employee's own leader, who follows them up: read access and notices
    # whoever handles the case (set when the case is opened).
    injured_employees_leader = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("injured employee's own leader"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    duplicate_of = models.ForeignKey(
        "self",
        verbose_name=_("duplicate of"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="duplicates",
    )
    # While a serious injury's notices (arbeidsmiljøloven § 5-2) are not all recorded:
    # the case then climbs the line within hours (cases.services.legal_notices).
    notices_pending = models.BooleanField(
        _("notices to the authorities outstanding"), default=False, editable=False
    )
    # When the retention period ran out and names, free texts and files were removed
    # (cases.retention); the skeleton stays for the statistics.
    anonymised_at = models.DateTimeField(_("anonymised"), null=True, blank=True, editable=False)
    # When the HMS administrators were sent the list with this case, a month before.
    retention_listed_at = models.DateTimeField(null=True, blank=True, editable=False)

    objects = CaseQuerySet.as_manager()

    class Meta:
        verbose_name = _("case")
        verbose_name_plural = _("cases")
        indexes = [
            # The dashboard's "my cases": counts per status, and which are overdue, read
            # from the index alone (on PostgreSQL receipt_due is carried in it).
            models.Index(
                fields=["responsible_leader", "status", "closure_due"],
                include=["receipt_due"],
                name="case_leader_status_due",
            ),
            models.Index(fields=["status", "closure_due"]),
            # The cases of a subtree by status (the closed ones counted up to a cap).
            models.Index(fields=["deviation_unit", "status"], name="case_unit_status"),
            # The open cases of a subtree on the dashboard, per status and overdue, read
            # from the index alone for each unit of the subtree.
            models.Index(
                fields=["deviation_unit", "status"],
                include=["id", "closure_due", "receipt_due"],
                condition=Q(status__in=_OPEN_STATUSES),
                name="case_open_by_unit",
            ),
            # The same for the units that handle the cases ("Units I lead" lists both).
            models.Index(
                fields=["responsible_unit", "status"],
                include=["id", "closure_due", "receipt_due"],
                condition=Q(status__in=_OPEN_STATUSES),
                name="case_open_by_handling_unit",
            ),
            # The open cases in order of deadline.
            models.Index(
                fields=["deviation"],
                include=["id", "status", "closure_due", "receipt_due"],
                condition=Q(status__in=_OPEN_STATUSES),
                name="case_open_by_deviation",
            ),
            models.Index(
                Coalesce("closure_due", "receipt_due"),
                condition=Q(status__in=_OPEN_STATUSES),
                name="case_open_by_deadline",
            ),
            # The statistics: each deviation's case read from the index alone.
            models.Index(
                fields=["deviation"],
                include=["status", "closure_due", "closed_at", "escalation_level", "received_at"],
                name="case_statistics",
            ),
            models.Index(
                fields=["next_escalation_at"],
                condition=Q(next_escalation_at__isnull=False),
                name="case_escalation_sweep",
            ),
        ]

    def __str__(self) -> str:
        return self.deviation.reference

    @property
    def is_open(self) -> bool:
        return self.status != self.Status.CLOSED


class CaseReader(models.Model):
    """Someone who keeps read access to a case: a leader it was forwarded or escalated
    away from, or a member of a specialist unit asked to help."""

    case = models.ForeignKey(
        Case, verbose_name=_("case"), on_delete=models.CASCADE, related_name="readers"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person"),
        on_delete=models.CASCADE,
        related_name="+",
    )

    class Meta:
        verbose_name = _("case reader")
        verbose_name_plural = _("case readers")
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
        IMMEDIATE_ACTION = "immediate_action", _("Immediate action")
        ACTION_ADDED = "action_added", _("Corrective action added")
        ACTION_COMPLETED = "action_completed", _("Action done")
        ASSISTANCE_REQUESTED = "assistance_requested", _("Specialist unit asked for help")
        RISK_ASSESSED = "risk_assessed", _("Risk assessed")
        EFFECT_EVALUATED = "effect_evaluated", _("Effect evaluated")
        CLOSED_NOT_A_DEVIATION = "closed_not_a_deviation", _("Closed: not a deviation")
        CLOSED_AS_DUPLICATE = "closed_as_duplicate", _("Closed: duplicate")
        PUT_ON_HOLD = "put_on_hold", _("Put on hold")
        REMINDED = "reminded", _("Reminder at the top of the line")
        # The employer's legal duties (cases.services.legal_notices, cases.retention).
        SERIOUS_INJURY = "serious_injury", _("Serious injury: notices due")
        AUTHORITY_NOTIFIED = "authority_notified", _("Notice to the authorities recorded")
        CONFIRMATION_COPIED = "confirmation_copied", _("Copy sent to the safety representative")
        ANONYMISED = "anonymised", _("Anonymised after the retention period")
        INJURY_REGISTERED = "injury_registered", _("Entered in the injury register")
        HANDED_OVER = "handed_over", _("Handed over to the unit where it happened")
        ACTION_ALREADY_DONE = "action_already_done", _("Corrective action already done")
        SPECIALIST_ASSESSED = "specialist_assessed", _("Specialist unit's assessment of effect")
        ATTACHMENT_SHARED = "attachment_shared", _("Attachment shared")

    case = models.ForeignKey(
        Case, verbose_name=_("case"), on_delete=models.PROTECT, related_name="events"
    )
    kind = models.CharField(_("kind"), max_length=30, choices=Kind.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    # A default rather than auto_now_add, so that imported or seeded history can be
    # inserted with its own time: rows of this table are never updated afterwards.
    at = models.DateTimeField(_("when"), default=timezone.now, editable=False)
    message = models.TextField(_("message"), blank=True)
    visible_to_reporter = models.BooleanField(_("visible to the reporter"), default=False)
    data = models.JSONField(_("values"), default=dict, blank=True)

    class Meta:
        verbose_name = _("case event")
        verbose_name_plural = _("case events")
        ordering = ["at", "pk"]
        indexes = [
            models.Index(fields=["case", "visible_to_reporter", "-at"]),
            # Time to receipt in the statistics: each case's first acknowledgement.
            models.Index(
                fields=["case", "at"],
                condition=Q(kind="acknowledged"),
                name="caseevent_receipt",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.case_id} {self.get_kind_display()}"

    def save(self, *args, **kwargs) -> None:
        if not self._state.adding:
            raise AppendOnlyError("A case event is never changed once written.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnlyError("A case event is never deleted.")


class AppendOnlyError(Exception):
    """Raised when code tries to change or delete a case event. (On PostgreSQL a trigger
    refuses the same for queryset updates and deletes and for raw SQL.)"""


class DeadlinePolicy(models.Model):
    """How long each stage may take, by severity. Maintained by HMS administrators."""

    severity = models.CharField(_("severity"), max_length=10, choices=Severity.choices, unique=True)
    receipt_working_days = models.PositiveSmallIntegerField(
        _("working days to acknowledge receipt")
    )
    closure_days = models.PositiveSmallIntegerField(_("days from receipt to closure"))
    escalation_interval_working_days = models.PositiveSmallIntegerField(
        _("working days before a stale case climbs again"),
        help_text=_("Also how often the top leader is reminded of a stale case."),
    )

    class Meta:
        verbose_name = _("deadline")
        verbose_name_plural = _("deadlines")
        ordering = ["severity"]

    def __str__(self) -> str:
        return severity_name(self.severity)


# What is recorded while a case is handled, and the employer's legal duties (notices to
# the authorities, retention), live in their own modules; imported here so that Django
# finds the models and `from cases.models import Action` keeps working.
from cases.handling_records import (  # noqa: E402
    Action,
    AssistanceRequest,
    EffectEvaluation,
    RiskAssessment,
    RiskLevel,
    SpecialistAssessment,
    risk_level,
)
from cases.legal_records import (  # noqa: E402
    AuthorityNotice,
    RetentionRule,
    SeriousInjuryDeadline,
)

__all__ = [
    "Action",
    "AssistanceRequest",
    "AuthorityNotice",
    "EffectEvaluation",
    "RetentionRule",
    "RiskAssessment",
    "RiskLevel",
    "SeriousInjuryDeadline",
    "SpecialistAssessment",
    "risk_level",
]
