from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from avvik import views
from orgchart.views import set_language

urlpatterns = [
    path("", views.home, name="home"),
    path("robots.txt", views.robots_txt, name="robots_txt"),
    path("favicon.ico", views.favicon, name="favicon"),
    path("logg-inn/", views.LoginView.as_view(), name="login"),
    path("logg-ut/", auth_views.LogoutView.as_view(), name="logout"),
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
