"""Who is who: people, the organisation tree, specialist units, safety representatives
and working environment committees."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import Q, Value
from django.db.models.functions import Concat, Length, Substr
from django.utils.translation import gettext_lazy as _

# A unit's path is the chain of its ancestors' ids, each a fixed-width segment, so that
# "everything under X" is one indexed prefix match and "the ancestors of X" are read
# straight from the string.
PATH_SEGMENT_WIDTH = 8


def path_segment(pk: int) -> str:
    return f"{pk:0{PATH_SEGMENT_WIDTH}d}/"


def ids_in_path(path: str) -> list[int]:
    return [int(part) for part in path.split("/") if part]


def is_top(path: str) -> bool:
    """Whether the unit with this path is a top of the tree (has no parent)."""
    return len(ids_in_path(path)) == 1


class Language(models.TextChoices):
    """The languages a person can choose, named in their own language as language pickers
    do (settings.LANGUAGES holds the same codes)."""

    BOKMAL = "nb", "Norsk (bokmål)"
    NYNORSK = "nn", "Norsk (nynorsk)"
    ENGLISH = "en", "English"


def display_name_of(first_name: str, last_name: str, username: str) -> str:
    """How a person is named on the pages: the full name, or else the username. For
    lists that read the names as plain values, without the person's row."""
    return f"{first_name} {last_name}".strip() or username


class User(AbstractUser):
    """A person. Employees come from the HR import and are keyed by ``employee_id``;
    people without one (administrators created by hand) are left alone by the import."""

    class NotificationMode(models.TextChoices):
        IMMEDIATE = "immediate", _("An e-mail for each notice")
        DIGEST = "digest", _("One e-mail a day with all routine notices")

    employee_id = models.CharField(
        _("employee ID"), max_length=32, unique=True, null=True, blank=True
    )
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    notification_mode = models.CharField(
        _("routine notices by e-mail"),
        max_length=10,
        choices=NotificationMode.choices,
        default=NotificationMode.IMMEDIATE,
        help_text=_("Escalations and critical cases always come at once."),
    )
    # Empty: the municipality's own standard (settings.LANGUAGE_CODE), which may change.
    language = models.CharField(
        _("language"),
        max_length=5,
        blank=True,
        choices=Language.choices,
        help_text=_("The language of the pages when you are logged in, and of your e-mails."),
    )
    # With single sign-on on, only these accounts may log in with a password here.
    password_login_allowed = models.BooleanField(
        _("may log in with a password"),
        default=False,
        help_text=_(
            "Only for break-glass administrator accounts: with single sign-on on, everyone "
            "else logs in through the municipality's identity provider."
        ),
    )
    provisioned_by_sso = models.BooleanField(
        _("created at single sign-on"),
        default=False,
        editable=False,
        help_text=_(
            "Created at their first login through the identity provider because the HR "
            "import did not know them; the import takes them over by employee ID."
        ),
    )

    class Meta(AbstractUser.Meta):
        swappable = "AUTH_USER_MODEL"
        verbose_name = _("person")
        verbose_name_plural = _("people")

    def __str__(self) -> str:
        return display_name_of(self.first_name, self.last_name, self.username)

    @property
    def display_name(self) -> str:
        return str(self)

    @property
    def preferred_language(self) -> str:
        """The language to write to this person in: their own choice, or the
        municipality's standard."""
        return self.language or settings.LANGUAGE_CODE


class OrgUnitQuerySet(models.QuerySet):
    def active(self) -> OrgUnitQuerySet:
        return self.filter(is_active=True)

    def under_paths(self, paths) -> OrgUnitQuerySet:
        """Units in the subtrees whose roots have these paths (roots included)."""
        paths = list(paths)
        if not paths:
            return self.none()
        condition = Q()
        for path in paths:
            condition |= Q(path__startswith=path)
        return self.filter(condition)

    def all_under(self, paths) -> bool:
        """Whether every unit lies in the subtrees with these root paths: whether they
        include every top of the tree. No query unless one of them is a top."""
        tops = [path for path in paths if is_top(path)]
        return bool(tops) and not self.filter(depth=0).exclude(path__in=tops).exists()

    def ancestors_of(self, unit: OrgUnit, *, include_self: bool = False) -> OrgUnitQuerySet:
        ids = ids_in_path(unit.path)
        if not include_self:
            ids = ids[:-1]
        return self.filter(pk__in=ids).order_by("depth")


class OrgUnit(models.Model):
    """A node of the organisation: kommune → sektor → enhet → avdeling."""

    LEVEL_NAMES = (_("municipality"), _("sector"), _("unit"), _("department"))

    code = models.CharField(_("unit code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=200)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent unit"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    path = models.CharField(max_length=255, unique=True, editable=False)
    depth = models.PositiveSmallIntegerField(default=0, editable=False)
    leader = models.ForeignKey(
        User,
        verbose_name=_("leader (personnel responsibility)"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="led_units",
    )
    deputy = models.ForeignKey(
        User,
        verbose_name=_("deputy leader"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="deputy_units",
    )
    is_specialist_unit = models.BooleanField(
        _("specialist unit"),
        default=False,
        help_text=_("Property, fire safety, occupational health service, IT …"),
    )
    is_occupational_health_service = models.BooleanField(
        _("occupational health service (bedriftshelsetjeneste)"),
        default=False,
        help_text=_("Its members may read the injury register, without names unless agreed."),
    )
    is_active = models.BooleanField(_("active"), default=True)

    objects = OrgUnitQuerySet.as_manager()

    class Meta:
        verbose_name = _("organisational unit")
        verbose_name_plural = _("organisational units")
        ordering = ["path"]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs) -> None:
        """Keep ``path`` and ``depth`` right when a unit is created or moved."""
        with transaction.atomic():
            if self._state.adding or not self.path:
                self.path = f"new-{uuid.uuid4().hex}"
                super().save(*args, **kwargs)
                self.path = self._path_under_parent()
                self.depth = len(ids_in_path(self.path)) - 1
                OrgUnit.objects.filter(pk=self.pk).update(path=self.path, depth=self.depth)
                return
            old_path = OrgUnit.objects.filter(pk=self.pk).values_list("path", flat=True).first()
            new_path = self._path_under_parent()
            super().save(*args, **kwargs)
            if old_path and old_path != new_path:
                move_subtree(old_path, new_path)
                self.path = new_path
                self.depth = len(ids_in_path(new_path)) - 1

    @property
    def level_name(self) -> str:
        return self.level_name_at(self.depth)

    @classmethod
    def level_name_at(cls, depth: int) -> str:
        """What a unit at this depth is called (municipality, sector, unit, department)."""
        return str(cls.LEVEL_NAMES[min(depth, len(cls.LEVEL_NAMES) - 1)])

    def clean(self) -> None:
        if self.parent_id and self.pk:
            if self.parent_id == self.pk or (
                self.parent.path.startswith(self.path) if self.path else False
            ):
                raise ValidationError({"parent": _("A unit cannot be placed under itself.")})

    def ancestors(self, *, include_self: bool = False) -> OrgUnitQuerySet:
        return OrgUnit.objects.ancestors_of(self, include_self=include_self)

    def descendants(self, *, include_self: bool = True) -> OrgUnitQuerySet:
        qs = OrgUnit.objects.filter(path__startswith=self.path)
        return qs if include_self else qs.exclude(pk=self.pk)

    def _path_under_parent(self) -> str:
        parent_path = ""
        if self.parent_id:
            parent_path = OrgUnit.objects.values_list("path", flat=True).get(pk=self.parent_id)
        return parent_path + path_segment(self.pk)


def move_subtree(old_path: str, new_path: str) -> None:
    """Rewrite the paths of a subtree whose root moved from ``old_path`` to ``new_path``."""
    if new_path.startswith(old_path):
        raise ValidationError(_("A unit cannot be placed under itself."))
    depth_change = len(ids_in_path(new_path)) - len(ids_in_path(old_path))
    OrgUnit.objects.filter(path__startswith=old_path).update(
        path=Concat(Value(new_path), Substr("path", len(old_path) + 1, Length("path"))),
        depth=models.F("depth") + depth_change,
    )


class Membership(models.Model):
    """A person works in a unit; each person has one primary unit."""

    user = models.ForeignKey(
        User, verbose_name=_("person"), on_delete=models.CASCADE, related_name="memberships"
    )
    unit = models.ForeignKey(
        OrgUnit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="memberships"
    )
    is_primary = models.BooleanField(_("primary unit"), default=False)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.UniqueConstraint(fields=["user", "unit"], name="membership_once_per_unit"),
            models.UniqueConstraint(
                fields=["user"],
                condition=Q(is_primary=True, is_active=True),
                name="membership_one_primary",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.unit}"


class SafetyRepresentative(models.Model):
    """A verneombud and the units (with everything under them) that make up their area."""

    user = models.OneToOneField(
        User,
        verbose_name=_("person"),
        on_delete=models.CASCADE,
        related_name="safety_representative",
    )
    units = models.ManyToManyField(
        OrgUnit,
        verbose_name=_("area (units, with everything under them)"),
        related_name="safety_representatives",
    )
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("safety representative")
        verbose_name_plural = _("safety representatives")

    def __str__(self) -> str:
        return str(self.user)


class Committee(models.Model):
    """A working environment committee (AMU): its members, the subtree it covers and
    how often it is given a summary."""

    class Period(models.TextChoices):
        QUARTER = "quarter", _("quarterly")
        TERTIAL = "tertial", _("every four months (tertial)")
        YEAR = "year", _("yearly")

    name = models.CharField(_("name"), max_length=200)
    unit = models.ForeignKey(
        OrgUnit,
        verbose_name=_("covers (unit and everything under it)"),
        on_delete=models.PROTECT,
        related_name="committees",
    )
    members = models.ManyToManyField(
        User, verbose_name=_("members"), related_name="committees", blank=True
    )
    period = models.CharField(
        _("reporting period"), max_length=10, choices=Period.choices, default=Period.QUARTER
    )
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("working environment committee (AMU)")
        verbose_name_plural = _("working environment committees (AMU)")

    def __str__(self) -> str:
        return self.name


class Notification(models.Model):
    """A notice to a person: shown in the app and sent by e-mail, at once or in the daily
    digest. ``key`` makes a notice unique, so a task that runs twice tells no one twice."""

    class Urgency(models.TextChoices):
        ROUTINE = "routine", _("routine")
        URGENT = "urgent", _("urgent")

    class Delivery(models.TextChoices):
        # Waits for the person's daily digest.
        PENDING = "pending", _("waiting for the daily digest")
        # To be e-mailed at once: its task is queued (or will be, by the sweep).
        QUEUED = "queued", _("queued")
        SENT = "sent", _("sent")
        # Could not be e-mailed after every attempt: the HMS administrators see it.
        FAILED = "failed", _("failed")

    recipient = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="notifications", verbose_name=_("to")
    )
    # Empty for a notice written from ``template`` and ``context`` in the reader's language.
    subject = models.CharField(_("subject"), max_length=250, blank=True)
    body = models.TextField(_("text"), blank=True)
    html = models.TextField(blank=True)
    # Notices made in bulk (the escalation sweep) are written when they are e-mailed, by
    # the renderer registered for the template's prefix (see orgchart.notifications).
    template = models.CharField(max_length=100, blank=True)
    context = models.JSONField(default=dict, blank=True)
    url = models.CharField(_("link"), max_length=300, blank=True)
    urgency = models.CharField(
        _("urgency"), max_length=10, choices=Urgency.choices, default=Urgency.ROUTINE
    )
    key = models.CharField(max_length=200, unique=True, null=True, blank=True, editable=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    emailed_at = models.DateTimeField(_("e-mailed"), null=True, blank=True)
    # The outbox: the row is the promise to e-mail, the task only the fast way to keep it
    # (see orgchart.outbox). ``next_attempt_at`` is when a delivery task should run next;
    # a queued notice still unsent well after it is queued again by the periodic sweep.
    delivery = models.CharField(
        _("delivery"), max_length=10, choices=Delivery.choices, default=Delivery.PENDING
    )
    attempts = models.PositiveSmallIntegerField(_("delivery attempts"), default=0)
    next_attempt_at = models.DateTimeField(_("next attempt"), null=True, blank=True)
    last_error = models.CharField(_("last error"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["recipient", "-created_at"]),
            models.Index(
                fields=["recipient"],
                condition=Q(emailed_at__isnull=True),
                name="notification_unsent",
            ),
            models.Index(
                fields=["next_attempt_at"],
                condition=Q(delivery="queued"),
                name="notification_queued",
            ),
            # Counted on every readiness poll and on the HMS administrators' start page.
            models.Index(
                fields=["created_at"],
                condition=Q(delivery="failed"),
                name="notification_failed",
            ),
        ]

    def __str__(self) -> str:
        return self.subject or self.template
