"""Password reset by e-mail, under /passord/."""

from django.contrib.auth import views as auth_views
from django.urls import path, reverse_lazy

from orgchart.forms import PasswordResetForm

urlpatterns = [
    path(
        "glemt/",
        auth_views.PasswordResetView.as_view(
            form_class=PasswordResetForm,
            success_url=reverse_lazy("password_reset_done"),
            html_email_template_name="registration/password_reset_email.html",
            email_template_name="registration/password_reset_email.txt",
        ),
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
