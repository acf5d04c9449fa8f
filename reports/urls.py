from django.urls import path

from reports import access_request_views, public_release_views, register_views, views

app_name = "reports"
urlpatterns = [
    path("statistikk/", views.statistics, name="statistics"),
    path("statistikk/csv/", views.statistics_csv, name="statistics_csv"),
    path("statistikk/pdf/", views.statistics_pdf, name="statistics_pdf"),
    path("amu/", views.committee_list, name="committees"),
    path("amu/<int:pk>/", views.committee_reports, name="committee"),
    path("amu/sammendrag/<int:pk>/", views.download_report, name="download"),
    path("skaderegister/", register_views.injury_register, name="injury_register"),
    path("skaderegister/csv/", register_views.injury_register_csv, name="injury_register_csv"),
    path("mine-data/", access_request_views.my_data, name="my_data"),
    path("mine-data/zip/", access_request_views.my_data_zip, name="my_data_zip"),
    path("innsyn/", access_request_views.person_data, name="person_data"),
    path("offentlig-innsyn/", public_release_views.release_preview, name="public_release"),
    path(
        "offentlig-innsyn/utlever/",
        public_release_views.release_create,
        name="public_release_create",
    ),
    path(
        "offentlig-innsyn/<int:pk>/",
        public_release_views.release_download,
        name="public_release_download",
    ),
]
