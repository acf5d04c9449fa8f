from django.urls import path

from cases.views import case_pdf, dashboard, handling, qr, reporting, routine_steps

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
    path("saker/<int:pk>/overfor/", routine_steps.hand_over_sideways, name="hand_over_sideways"),
    path(
        "saker/<int:pk>/allerede-utfort/",
        routine_steps.record_action_already_done,
        name="record_action_already_done",
    ),
    path(
        "saker/<int:pk>/faginstans-vurdering/",
        routine_steps.assess_as_specialist,
        name="assess_as_specialist",
    ),
    path("saker/<int:pk>/del-vedlegg/", routine_steps.share_attachment, name="share_attachment"),
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
]
