from django.urls import path

from health import views

app_name = "health"

urlpatterns = [
    path("", views.liveness, name="liveness"),
    path("klar/", views.readiness_view, name="readiness"),
]
