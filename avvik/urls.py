from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.urls import include, path
from django.views.i18n import set_language

from avvik import views

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
    path("i18n/setlang/", login_not_required(set_language), name="set_language"),
    path("admin/", admin.site.urls),
]

handler400 = "avvik.error_pages.bad_request"
handler403 = "avvik.error_pages.permission_denied"
handler404 = "avvik.error_pages.page_not_found"
# handler500 stays Django's: it renders templates/500.html without touching the database.
