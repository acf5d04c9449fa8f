from django.urls import path

from cases.views import (
    case_pdf,
    dashboard,
    follow_up,
    handling,
    legal_notices,
    offline,
    poster,
    qr,
    reporting,
    steps,
)

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
    path("saker/<int:pk>/pdf/", case_pdf.case_pdf, name="pdf"),
    # The steps of the routine, one view for all (cases/views/steps.py).
    *[
        path(f"saker/<int:pk>/{step.path}/", steps.take_step, {"step": name}, name=name)
        for name, step in steps.STEPS.items()
    ],
    path(
        "saker/<int:pk>/tiltak/<int:action_pk>/utfort/",
        steps.complete_action,
        name="complete_action",
    ),
    path(
        "mine/<int:pk>/skaderegister/",
        legal_notices.register_consent,
        name="register_consent",
    ),
    path(
        "saker/<int:pk>/bekreftelse-arbeidstilsynet/",
        legal_notices.notice_confirmation,
        name="notice_confirmation",
    ),
    path("enheter/<str:code>/qr/", qr.unit_qr, name="unit_qr"),
    path("enheter/<str:code>/plakat/", qr.new_poster, name="new_poster"),
    path("enheter/<str:code>/plakat/<int:pk>/", qr.poster_print, name="poster_print"),
    path("plakat/<str:code>/<str:token>/", poster.poster_report, name="poster_report"),
    path("manifest.webmanifest", offline.manifest, name="manifest"),
    path("sw.js", offline.service_worker, name="service_worker"),
    path("oppfolging/", follow_up.follow_up, name="follow_up"),
    path("oppfolging/svar/", follow_up.follow_up_reply, name="follow_up_reply"),
]
