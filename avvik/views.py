from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.templatetags.static import static
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET

from orgchart.forms import LoginForm


class LoginView(auth_views.LoginView):
    form_class = LoginForm
    redirect_authenticated_user = True

    def get_context_data(self, **kwargs):
        from orgchart.sso import sso_enabled

        # With single sign-on the provider's button comes first; the password form is
        # folded away for break-glass accounts.
        return super().get_context_data(**kwargs, sso_enabled=sso_enabled())


def home(request):
    """The start page: what this person can do, by role."""
    return render(request, "home.html")


@login_not_required
@require_GET
@cache_control(max_age=86400, public=True)
def robots_txt(request):
    """Nothing here is for search engines."""
    return HttpResponse("User-agent: *\nDisallow: /\n", content_type="text/plain")


@login_not_required
@require_GET
@cache_control(max_age=86400, public=True)
def favicon(request):
    return redirect(static("img/favicon.svg"), permanent=True)
