"""The steps issue 11 added to the case page: handing a case sideways to the unit where
it happened, a corrective action already done, a specialist unit's own assessment of
effect, and sharing one attachment of a health-data case."""

from __future__ import annotations

from functools import cached_property

from django import forms
from django.utils.translation import gettext_lazy as _

from avvik.models import Attachment
from cases import rules
from cases.forms.base import StepForm, yes_no


class HandOverForm(StepForm):
    step = "hand_over_sideways"
    template = "cases/_step_hand_over_sideways.html"
    title = _("Hand over to the unit where it happened")
    submit_label = _("Hand over the case")
    error_fields = {"reason_required": "reason"}

    reason = forms.CharField(
        label=_("Why should it be solved there?"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        max_length=2000,
        help_text=_("The new leader and the reporter are told."),
    )

    @cached_property
    def receiver(self):
        """The leader and unit the case would go to, or (None, None)."""
        return rules.sideways_leader(self.case)


class AlreadyDoneActionForm(StepForm):
    step = "record_action_already_done"
    title = _("Corrective action already done")
    submit_label = _("Record as already done")
    error_fields = {"description_required": "description"}

    description = forms.CharField(
        label=_("What was done that restored the normal state?"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        max_length=2000,
        help_text=_(
            "When the immediate action already restored the normal state for good. "
            "Its effect is evaluated like any other corrective action."
        ),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound and self.case.deviation.immediate_action:
            self.initial.setdefault("description", self.case.deviation.immediate_action)


class SpecialistAssessmentForm(StepForm):
    step = "assess_as_specialist"
    title = _("Your assessment of the effect")
    submit_label = _("Save the assessment")
    error_fields = {"note_required": "note"}

    effective = forms.TypedChoiceField(
        label=_("In your unit's view, did the corrective actions work?"),
        choices=[("yes", _("Yes, they worked")), ("no", _("No, they did not work"))],
        coerce=yes_no,
        widget=forms.RadioSelect,
    )
    note = forms.CharField(
        label=_("What is your assessment based on?"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        max_length=2000,
        help_text=_("The leader sees it beside the evaluation and still decides."),
    )


class ShareAttachmentForm(StepForm):
    step = "share_attachment"
    title = _("Share an attachment")
    submit_label = _("Share the attachment")
    error_fields = {"reason_required": "reason", "already_shared": "attachment"}

    attachment = forms.ModelChoiceField(
        label=_("Attachment"), queryset=Attachment.objects.none(), empty_label=None
    )
    reason = forms.CharField(
        label=_("Why do the safety representative and the specialist units need it?"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        max_length=2000,
        help_text=_(
            "Attachments of this category involve health data and are shown only to the "
            "leader line. A shared attachment is shown to everyone who reads the case; "
            "this is logged."
        ),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["attachment"].queryset = Attachment.objects.filter(
            deviation_id=self.case.deviation_id, shared_at__isnull=True
        )
