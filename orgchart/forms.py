from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.contrib.auth.forms import PasswordResetForm as BasePasswordResetForm
from django.template import loader
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from orgchart.mail import queue_email
from orgchart.models import User
from orgchart.throttling import password_reset_allowed_to


class LoginForm(AuthenticationForm):
    username = forms.CharField(
        label=_("E-mail or employee ID"),
        max_length=254,
        widget=forms.TextInput(attrs={"autofocus": True, "autocomplete": "username"}),
    )


class PasswordResetForm(BasePasswordResetForm):
    """Django's reset form, with the e-mail sent from a background task.

    People created by the HR import have no password yet; this form is how they choose
    their first one, so unlike Django's it does not skip unusable passwords."""

    def get_users(self, email):
        from django.contrib.auth import get_user_model

        from orgchart.sso import sso_enabled

        people = get_user_model()._default_manager.filter(email__iexact=email, is_active=True)
        if sso_enabled():
            # Everyone else logs in through the identity provider and has no password here.
            people = people.filter(password_login_allowed=True)
        return people

    def save(self, *args, **kwargs):
        # One person gets at most a few reset e-mails an hour, however often it is asked
        # for; the page says the same either way, so it tells nobody anything.
        if password_reset_allowed_to(self.cleaned_data["email"]):
            super().save(*args, **kwargs)

    def send_mail(
        self,
        subject_template_name,
        email_template_name,
        context,
        from_email,
        to_email,
        html_email_template_name=None,
    ):
        # In the account holder's own language, as every other e-mail: whoever asked for
        # the reset, and in whatever browser, may not be them.
        with translation.override(context["user"].preferred_language):
            subject = loader.render_to_string(subject_template_name, context)
            body = loader.render_to_string(email_template_name, context)
            html = (
                loader.render_to_string(html_email_template_name, context)
                if html_email_template_name
                else None
            )
        queue_email(subject, body, [to_email], html)


class NotificationSettingsForm(forms.ModelForm):
    class Meta:
        model = User
        fields = ["language", "notification_mode"]
        widgets = {"notification_mode": forms.RadioSelect}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["language"].choices = [
            ("", _("The municipality's standard")),
            *self.fields["language"].choices[1:],
        ]
