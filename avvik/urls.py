from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from avvik import views

urlpatterns = [
    path("", views.home, name="home"),
    path("logg-inn/", views.LoginView.as_view(), name="login"),
    path("logg-ut/", auth_views.LogoutView.as_view(), name="logout"),
    path("passord/", include("orgchart.password_urls")),
    path("organisasjon/", include("orgchart.urls")),
    path("avvik/", include("cases.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
]
