"""The notices the law asks of the employer on an injury case (see
cases.services.legal_notices), and what the case page shows of them."""

from __future__ import annotations

from dataclasses import dataclass, field

from django import forms
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from avvik.models import InjuryDetails, InjuryType
from cases import rules
from cases.forms.base import StepForm
from cases.legal_records import AuthorityNotice
from cases.services.legal_notices import Duties, duties_for, injury_of


class RecordNoticeForm(StepForm):
    step = "record_notice"
    title = _("Record a notice given")
    submit_label = _("Record the notice")

    recipient = forms.ChoiceField(label=_("To whom"))
    notified_at = forms.DateTimeField(
        label=_("When"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%d.%m.%Y %H:%M"],
    )
    means = forms.ChoiceField(label=_("By what means"), choices=AuthorityNotice.Means.choices)

    def __init__(self, *args, outstanding=(), **kwargs):
        super().__init__(*args, **kwargs)
        labels = dict(AuthorityNotice.Recipient.choices)
        self.fields["recipient"].choices = [(r, labels[r]) for r in outstanding]
        if not self.is_bound:
            self.initial["notified_at"] = timezone.localtime().replace(second=0, microsecond=0)


class RegisterEntryForm(StepForm):
    step = "enter_in_register"
    title = _("Enter in the injury register")
    submit_label = _("Enter in the register")
    error_fields = {"injured_person_required": "injured_person"}

    injured_person = forms.CharField(
        label=_("Who was hurt or fell ill?"), required=False, max_length=200
    )
    injury_type = forms.ChoiceField(label=_("Type of injury"), choices=InjuryType.choices)
    treatment = forms.ChoiceField(label=_("Treatment"), choices=InjuryDetails.Treatment.choices)
    absence = forms.BooleanField(label=_("Led to sick leave or absence"), required=False)
    work_illness = forms.BooleanField(
        label=_("An illness I believe comes from the work"), required=False
    )

    def __init__(self, *args, injury=None, **kwargs):
        super().__init__(*args, **kwargs)
        if injury is not None:
            # The name is on the report already; the leader sets the register's fields.
            del self.fields["injured_person"]
            if not self.is_bound:
                self.initial.update(
                    injury_type=injury.injury_type or InjuryType.OTHER,
                    treatment=injury.treatment,
                    absence=injury.absence,
                    work_illness=injury.work_illness,
                )


def register_entry_form(case, user, bound=None) -> RegisterEntryForm | None:
    """For those who handle an open case: enter it in the injury register (an illness
    the leader believes comes from the work), or correct the register's fields."""
    if not case.is_open or not rules.may_handle(user, case):
        return None
    if isinstance(bound, RegisterEntryForm):
        return bound
    return RegisterEntryForm(case=case, user=user, injury=injury_of(case))


class NavNotNeededForm(StepForm):
    step = "record_nav_not_needed"
    title = _("No report to NAV is needed")
    submit_label = _("Record why not")
    error_fields = {"reason_required": "reason"}

    reason = forms.CharField(
        label=_("Why is no report to NAV needed?"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        max_length=2000,
    )


@dataclass
class LegalPanel:
    duties: Duties
    may_record: bool
    notice_form: RecordNoticeForm | None = None
    nav_form: NavNotNeededForm | None = None
    arbeidstilsynet_phone: str = ""
    police_phone: str = ""
    nav_form_url: str = ""
    forms: list = field(default_factory=list)


def legal_panel(case, user, bound=None) -> LegalPanel | None:
    """The duties box at the top of the case page, with the forms the leader records the
    notices with (the bound one, when it came back with errors)."""
    duties = duties_for(case)
    if not duties.any:
        return None
    may_record = rules.may_handle(user, case)
    panel = LegalPanel(
        duties=duties,
        may_record=may_record,
        arbeidstilsynet_phone=settings.ARBEIDSTILSYNET_PHONE,
        police_phone=settings.POLICE_PHONE,
        nav_form_url=settings.NAV_OCCUPATIONAL_INJURY_FORM_URL,
    )
    if may_record and duties.outstanding:
        if isinstance(bound, RecordNoticeForm):
            panel.notice_form = bound
        else:
            panel.notice_form = RecordNoticeForm(
                case=case, user=user, outstanding=duties.outstanding
            )
        panel.forms.append(panel.notice_form)
        if AuthorityNotice.Recipient.NAV in duties.outstanding:
            panel.nav_form = (
                bound
                if isinstance(bound, NavNotNeededForm)
                else NavNotNeededForm(case=case, user=user)
            )
            panel.forms.append(panel.nav_form)
    return panel
