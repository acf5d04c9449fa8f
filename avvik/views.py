from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.templatetags.static import static
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET

from avvik.error_pages import too_many_requests
from orgchart.forms import LoginForm
from orgchart.throttling import address_is_blocked_from_login


class LoginView(auth_views.LoginView):
    form_class = LoginForm
    redirect_authenticated_user = True

    def post(self, request, *args, **kwargs):
        # Too many failures from this address across accounts: not even tried.
        if address_is_blocked_from_login(request):
            return too_many_requests(request)
        return super().post(request, *args, **kwargs)


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
