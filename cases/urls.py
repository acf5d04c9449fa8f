from django.urls import path

from cases.views import case_pdf, dashboard, follow_up, handling, offline, poster, qr, reporting

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
    path("saker/<int:pk>/motta/", handling.acknowledge, name="acknowledge"),
    path(
        "saker/<int:pk>/strakstiltak/",
        handling.record_immediate_action,
        name="record_immediate_action",
    ),
    path("saker/<int:pk>/tiltak/", handling.add_corrective_action, name="add_corrective_action"),
    path(
        "saker/<int:pk>/tiltak/<int:action_pk>/utfort/",
        handling.complete_action,
        name="complete_action",
    ),
    path("saker/<int:pk>/faginstans/", handling.request_assistance, name="request_assistance"),
    path("saker/<int:pk>/videresend/", handling.forward_up_the_line, name="forward_up_the_line"),
    path("saker/<int:pk>/vent/", handling.put_on_hold, name="put_on_hold"),
    path("saker/<int:pk>/risiko/", handling.assess_risk, name="assess_risk"),
    path("saker/<int:pk>/effekt/", handling.evaluate_effect, name="evaluate_effect"),
    path("saker/<int:pk>/lukk/", handling.close_case, name="close_case"),
    path(
        "saker/<int:pk>/ikke-avvik/",
        handling.close_as_not_a_deviation,
        name="close_as_not_a_deviation",
    ),
    path("saker/<int:pk>/duplikat/", handling.close_as_duplicate, name="close_as_duplicate"),
    path("saker/<int:pk>/gjenapne/", handling.reopen, name="reopen"),
    path("saker/<int:pk>/kommentar/", handling.comment, name="comment"),
    path("enheter/<str:code>/qr/", qr.unit_qr, name="unit_qr"),
    path("enheter/<str:code>/plakat/", qr.new_poster, name="new_poster"),
    path("enheter/<str:code>/plakat/<int:pk>/", qr.poster_print, name="poster_print"),
    path("plakat/<str:code>/<str:token>/", poster.poster_report, name="poster_report"),
    path("manifest.webmanifest", offline.manifest, name="manifest"),
    path("sw.js", offline.service_worker, name="service_worker"),
    path("oppfolging/", follow_up.follow_up, name="follow_up"),
    path("oppfolging/svar/", follow_up.follow_up_reply, name="follow_up_reply"),
]
