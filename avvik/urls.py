from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from avvik import views
from orgchart.sso import views as sso_views
from orgchart.views import set_language

# The HMS administrators' pages carry the product's name, not the framework's.
admin.site.site_header = _("Avvik: administration")
admin.site.site_title = _("Avvik administration")
admin.site.index_title = _("HMS administration")

urlpatterns = [
    path("", views.home, name="home"),
    path("robots.txt", views.robots_txt, name="robots_txt"),
    path("favicon.ico", views.favicon, name="favicon"),
    path("personvern/", views.privacy_notice, name="privacy_notice"),
    path("tilgjengelighet/", views.accessibility_statement, name="accessibility_statement"),
    path("logg-inn/", views.LoginView.as_view(), name="login"),
    path("logg-ut/", sso_views.LogoutView.as_view(), name="logout"),
    path("sso/logg-inn/", sso_views.StartSingleSignOn.as_view(), name="sso_login"),
    path("sso/tilbake/", sso_views.SingleSignOnCallback.as_view(), name="sso_callback"),
    path("sso/avvist/", sso_views.sso_refused, name="sso_refused"),
    path("passord/", include("orgchart.password_urls")),
    path("organisasjon/", include("orgchart.urls")),
    path("avvik/", include("cases.urls")),
    path("rapporter/", include("reports.urls")),
    # The language can be chosen before logging in, from the login page's footer.
    path("i18n/setlang/", set_language, name="set_language"),
    path("admin/", admin.site.urls),
    # Liveness and readiness for the load balancer and the monitoring (no login).
    path("helse/", include("health.urls")),
]

handler400 = "avvik.error_pages.bad_request"
handler403 = "avvik.error_pages.permission_denied"
handler404 = "avvik.error_pages.page_not_found"
# handler500 stays Django's: it renders templates/500.html without touching the database.
