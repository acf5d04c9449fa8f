from django.contrib.auth import views as auth_views
from django.shortcuts import render

from orgchart.forms import LoginForm


class LoginView(auth_views.LoginView):
    form_class = LoginForm
    redirect_authenticated_user = True


def home(request):
    """The start page: what this person can do, by role."""
    return render(request, "home.html")
