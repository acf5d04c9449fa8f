"""The follow-up page's forms: the code, and an answer with information or photos."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from avvik import follow_up_codes
from avvik.forms import AddInformationForm


class FollowUpCodeForm(forms.Form):
    code = forms.CharField(
        label=_("Follow-up code"),
        max_length=40,
        help_text=_("The code on your receipt, for example ABCD-EFGH-JKMN-PQRS-TVWX."),
        widget=forms.TextInput(
            attrs={"autocomplete": "off", "autocapitalize": "characters", "spellcheck": "false"}
        ),
    )

    def clean_code(self):
        code = follow_up_codes.normalized(self.cleaned_data["code"])
        if len(code) != follow_up_codes.LENGTH:
            raise forms.ValidationError(
                _("A follow-up code has %(length)d letters and digits.")
                % {"length": follow_up_codes.LENGTH}
            )
        return code


class FollowUpReplyForm(AddInformationForm):
    code = forms.CharField(widget=forms.HiddenInput, max_length=40)
    reply_token = forms.UUIDField(widget=forms.HiddenInput)

    field_order = ["code", "reply_token", "text", "attachments"]
