"""Password reset by e-mail, under /passord/."""

from django.contrib.auth import views as auth_views
from django.shortcuts import render
from django.urls import path, reverse_lazy

from orgchart.forms import PasswordResetForm
from orgchart.throttling import password_reset_allowed_from


class PasswordResetView(auth_views.PasswordResetView):
    """Django's reset view, limited per address (the 429 page) and, in the form, per
    person (no more e-mails, the same "sent" page)."""

    form_class = PasswordResetForm
    success_url = reverse_lazy("password_reset_done")
    html_email_template_name = "registration/password_reset_email.html"
    email_template_name = "registration/password_reset_email.txt"

    def post(self, request, *args, **kwargs):
        if not password_reset_allowed_from(request):
            return render(request, "429.html", status=429)
        return super().post(request, *args, **kwargs)


urlpatterns = [
    path(
        "glemt/",
        PasswordResetView.as_view(),
        name="password_reset",
    ),
    path("glemt/sendt/", auth_views.PasswordResetDoneView.as_view(), name="password_reset_done"),
    path(
        "nytt/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "nytt/ferdig/",
        auth_views.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
    path("endre/", auth_views.PasswordChangeView.as_view(), name="password_change"),
    path("endre/ferdig/", auth_views.PasswordChangeDoneView.as_view(), name="password_change_done"),
]
