from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.templatetags.static import static
from django.utils.translation import gettext as _
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET

from avvik.error_pages import too_many_requests
from avvik.legal import ACCESSIBILITY_TESTED_PAGES, page_blocks
from avvik.models import LegalText
from orgchart.access import access_for
from orgchart.forms import LoginForm
from orgchart.models import Notification
from orgchart.throttling import address_is_blocked_from_login


class LoginView(auth_views.LoginView):
    form_class = LoginForm
    redirect_authenticated_user = True

    def get_context_data(self, **kwargs):
        from orgchart.sso import sso_enabled

        # With single sign-on the provider's button comes first; the password form is
        # folded away for break-glass accounts.
        return super().get_context_data(**kwargs, sso_enabled=sso_enabled())

    def post(self, request, *args, **kwargs):
        # Too many failures from this address across accounts: not even tried.
        if address_is_blocked_from_login(request):
            return too_many_requests(request)
        return super().post(request, *args, **kwargs)


def home(request):
    """The start page: what this person can do, by role. HMS administrators are shown
    the notices that could not be e-mailed after every attempt."""
    failed = 0
    if access_for(request.user).is_hms_admin:
        failed = Notification.objects.filter(delivery=Notification.Delivery.FAILED).count()
    return render(request, "home.html", {"failed_notices": failed})


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


@login_not_required
@require_GET
def privacy_notice(request):
    """Personvernerklæring: readable before logging in."""
    blocks, own = page_blocks(LegalText.Kind.PRIVACY)
    return render(
        request,
        "legal/page.html",
        {"title": _("Privacy notice"), "blocks": blocks, "own": own},
    )


@login_not_required
@require_GET
def accessibility_statement(request):
    """Tilgjengelighetserklæring, with how the project tests its own pages."""
    blocks, own = page_blocks(LegalText.Kind.ACCESSIBILITY)
    return render(
        request,
        "legal/page.html",
        {
            "title": _("Accessibility statement"),
            "blocks": blocks,
            "own": own,
            "accessibility_tests": ACCESSIBILITY_TESTED_PAGES,
        },
    )
