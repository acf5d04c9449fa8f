from django.urls import path

from cases.views import dashboard, handling, qr, reporting

app_name = "cases"
urlpatterns = [
    path("meld/", reporting.report_deviation, name="report"),
    path("meld/kvittering/<int:pk>/", reporting.receipt, name="receipt"),
    path("mine/", reporting.my_reports, name="my_reports"),
    path("mine/<int:pk>/", reporting.my_report, name="my_report"),
    path("mine/<int:pk>/legg-til/", reporting.add_information, name="add_information"),
    path("vedlegg/<int:pk>/", reporting.download_attachment, name="attachment"),
    path("saker/", dashboard.dashboard, name="dashboard"),
    path("saker/<int:pk>/", handling.case_detail, name="detail"),
    path("enheter/<str:code>/qr/", qr.unit_qr, name="unit_qr"),
]
