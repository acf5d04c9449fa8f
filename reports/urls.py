from django.urls import path

from reports import views

app_name = "reports"
urlpatterns = [
    path("statistikk/", views.statistics, name="statistics"),
    path("statistikk/csv/", views.statistics_csv, name="statistics_csv"),
    path("statistikk/pdf/", views.statistics_pdf, name="statistics_pdf"),
    path("amu/", views.committee_list, name="committees"),
    path("amu/<int:pk>/", views.committee_reports, name="committee"),
    path("amu/sammendrag/<int:pk>/", views.download_report, name="download"),
]
