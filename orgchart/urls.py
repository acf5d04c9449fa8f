from django.urls import path

from orgchart import views

app_name = "orgchart"
urlpatterns = [
    path("mine-roller/", views.my_roles, name="my_roles"),
    path("enheter/sok/", views.unit_search, name="unit_search"),
    path("varsler/", views.notifications, name="notifications"),
    path("varsler/innstillinger/", views.notification_settings, name="notification_settings"),
]
