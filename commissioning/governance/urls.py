from django.urls import URLPattern, path

from commissioning.governance.views import bodies, decisions, involvement, programme, reports

app_name = "governance"

urlpatterns: list[URLPattern] = []

# Bodies, membership and meetings (views/bodies.py) ----------------------------------------------------------------
urlpatterns += [
    path("bodies/", bodies.body_list, name="body-list"),
    path("bodies/export.csv", bodies.body_export, {"file_format": "csv"}, name="body-export-csv"),
    path("bodies/export.xlsx", bodies.body_export, {"file_format": "xlsx"}, name="body-export-xlsx"),
    path("bodies/new", bodies.body_create, name="body-create"),
    path("bodies/<int:pk>/", bodies.body_detail, name="body-detail"),
    path("bodies/<int:pk>/edit", bodies.body_edit, name="body-edit"),
    path("bodies/<int:pk>/archive", bodies.body_archive, name="body-archive"),
    path("bodies/<int:pk>/restore", bodies.body_restore, name="body-restore"),
    path("bodies/<int:pk>/history", bodies.body_history, name="body-history"),
    path("bodies/<int:pk>/members/new", bodies.membership_add, name="membership-create"),
    path("bodies/<int:pk>/meetings/new", bodies.meeting_create, name="meeting-create"),
    path("memberships/<int:pk>/end", bodies.membership_end, name="membership-end"),
    path("meetings/", bodies.meeting_list, name="meeting-list"),
    path("meetings/export.csv", bodies.meeting_export, {"file_format": "csv"}, name="meeting-export-csv"),
    path("meetings/export.xlsx", bodies.meeting_export, {"file_format": "xlsx"}, name="meeting-export-xlsx"),
    path("meetings/<int:pk>/", bodies.meeting_detail, name="meeting-detail"),
    path("meetings/<int:pk>/edit", bodies.meeting_edit, name="meeting-edit"),
    path("meetings/<int:pk>/archive", bodies.meeting_archive, name="meeting-archive"),
    path("meetings/<int:pk>/restore", bodies.meeting_restore, name="meeting-restore"),
    path("meetings/<int:pk>/history", bodies.meeting_history, name="meeting-history"),
    path("meetings/<int:pk>/publish-agenda", bodies.meeting_publish_agenda, name="meeting-publish-agenda"),
    path("meetings/<int:pk>/attendance", bodies.meeting_attendance, name="meeting-attendance"),
    path("meetings/<int:pk>/minutes", bodies.meeting_minutes, name="meeting-minutes"),
    path("meetings/<int:pk>/items/new", bodies.agenda_item_add, name="agenda-item-create"),
    path("agenda-items/<int:pk>/edit", bodies.agenda_item_edit, name="agenda-item-edit"),
    path("agenda-items/<int:pk>/archive", bodies.agenda_item_archive, name="agenda-item-archive"),
    path("agenda-items/<int:pk>/restore", bodies.agenda_item_restore, name="agenda-item-restore"),
]


# Decisions, the forward plan and call-in (views/decisions.py) ------------------------------------------------------
urlpatterns += [
    path("decisions/", decisions.decision_list, name="decisions"),
    path("decisions/export.csv", decisions.decision_export, {"file_format": "csv"}, name="decisions-csv"),
    path("decisions/export.xlsx", decisions.decision_export, {"file_format": "xlsx"}, name="decisions-xlsx"),
    path("decisions/add/", decisions.decision_create, name="decision-add"),
    path("decisions/urgent/", decisions.urgent_decisions, name="decisions-urgent"),
    path("decisions/<int:pk>/", decisions.decision_detail, name="decision"),
    path("decisions/<int:pk>/edit/", decisions.decision_edit, name="decision-edit"),
    path("decisions/<int:pk>/publish/", decisions.decision_publish, name="decision-publish"),
    path("decisions/<int:pk>/correct/", decisions.decision_correct, name="decision-correct"),
    path("decisions/<int:pk>/history/", decisions.decision_history, name="decision-history"),
    path("decisions/<int:pk>/call-in/", decisions.decision_call_in, name="decision-call-in"),
    path("call-ins/<int:pk>/outcome/", decisions.call_in_outcome, name="call-in-outcome"),
    path("call-ins/<int:pk>/reconsider/", decisions.call_in_reconsider, name="call-in-reconsider"),
    path("bodies/<int:pk>/decisions/", decisions.body_decisions, name="body-decisions"),
    path("forward-plan/", decisions.forward_plan, name="forward-plan"),
    path("forward-plan/forward-plan.ics", decisions.forward_plan_ics, name="forward-plan-ics"),
    path("forward-plan/forward-plan.csv", decisions.forward_plan_csv, name="forward-plan-csv"),
    path("forward-plan/add/", decisions.forward_plan_create, name="forward-plan-add"),
    path("forward-plan/<int:pk>/edit/", decisions.forward_plan_entry_edit, name="forward-plan-entry-edit"),
    path("forward-plan/<int:pk>/history/", decisions.forward_plan_entry_history, name="forward-plan-entry-history"),
]


# Member involvement and stage gates (views/involvement.py) ---------------------------------------------------------
urlpatterns += [
    path("involvement/protocol/", involvement.protocol, name="protocol"),
    path("involvement/protocol/add", involvement.protocol_step_add, name="protocol-step-add"),
    path("involvement/protocol/<int:pk>/edit", involvement.protocol_step_edit, name="protocol-step-edit"),
    path("involvement/protocol/<int:pk>/remove", involvement.protocol_step_remove, name="protocol-step-remove"),
    path("involvement/mine/", involvement.my_involvement, name="my-involvement"),
    path("involvement/reviews/<int:pk>/", involvement.review_involvement, name="review-involvement"),
    path(
        "involvement/reviews/<int:pk>/generate",
        involvement.review_involvement_generate,
        name="review-involvement-generate",
    ),
    path("involvement/reviews/<int:pk>/add", involvement.review_involvement_add, name="review-involvement-add"),
    path("involvement/entries/<int:pk>/edit", involvement.involvement_entry_edit, name="involvement-entry-edit"),
    path("involvement/entries/<int:pk>/remove", involvement.involvement_entry_remove, name="involvement-entry-remove"),
    path("gates/reviews/<int:pk>/", involvement.review_gates, name="review-gates"),
    path("gates/reviews/<int:pk>/sign-off", involvement.review_gate_sign_off, name="review-gate-sign-off"),
    path("gates/reviews/<int:pk>/advance", involvement.review_stage_advance, name="review-stage-advance"),
]


# Adopting a programme of reviews (views/programme.py, ADR 0023) ------------------------------------------------------
urlpatterns += [
    path("programme/scenarios/<int:pk>/adopt", programme.programme_adopt, name="programme-adopt"),
]


# Committee reports (views/reports.py, ADR 0037) ----------------------------------------------------------------------
urlpatterns += [
    path("reports/", reports.report_list, name="report-list"),
    path("reports/new/review/<int:pk>", reports.report_create_review, name="report-create-review"),
    path("reports/new/decision/<int:pk>", reports.report_create_decision, name="report-create-decision"),
    path("reports/new/scrutiny-item/<int:pk>", reports.report_create_scrutiny_item, name="report-create-scrutiny-item"),
    path("reports/new/risk-review/<int:pk>", reports.report_create_risk_review, name="report-create-risk-review"),
    path("reports/<int:pk>/", reports.report_detail, name="report"),
    path("reports/<int:pk>/pdf", reports.report_pdf, name="report-pdf"),
    path("reports/<int:pk>/edit", reports.report_edit, name="report-edit"),
    path("reports/<int:pk>/clear", reports.report_clear, name="report-clear"),
    path("reports/<int:pk>/publish", reports.report_publish, name="report-publish"),
    path("reports/<int:pk>/history/", reports.report_history, name="report-history"),
]


# Scrutiny recommendations and responses; the contract monitoring protocol (views/recommendations.py,
# views/protocol.py, issue 10) ----------------------------------------------------------------------------------------
from commissioning.governance.views import protocol, recommendations  # noqa: E402

urlpatterns += [
    path("recommendations/", recommendations.recommendation_list, name="recommendations"),
    path(
        "recommendations/export.csv",
        recommendations.recommendation_export,
        {"file_format": "csv"},
        name="recommendations-csv",
    ),
    path(
        "recommendations/export.xlsx",
        recommendations.recommendation_export,
        {"file_format": "xlsx"},
        name="recommendations-xlsx",
    ),
    path("recommendations/add/", recommendations.recommendation_create, name="recommendation-add"),
    path("recommendations/<int:pk>/", recommendations.recommendation_detail, name="recommendation"),
    path("recommendations/<int:pk>/respond/", recommendations.recommendation_respond, name="recommendation-respond"),
    path(
        "recommendations/<int:pk>/follow-up/",
        recommendations.recommendation_follow_up,
        name="recommendation-follow-up",
    ),
    path("recommendations/<int:pk>/publish/", recommendations.recommendation_publish, name="recommendation-publish"),
    path("recommendations/<int:pk>/history/", recommendations.recommendation_history, name="recommendation-history"),
    path("monitoring-protocol/", protocol.monitoring_protocol, name="monitoring-protocol"),
    path("monitoring-protocol/<int:pk>/edit/", protocol.monitoring_protocol_edit, name="monitoring-protocol-edit"),
    path("monitoring-protocol/amend/", protocol.monitoring_protocol_amend, name="monitoring-protocol-amend"),
    path(
        "monitoring-protocol/<int:pk>/history/",
        protocol.monitoring_protocol_history,
        name="monitoring-protocol-history",
    ),
]


# Scrutiny: work programmes, the scrutiny dashboard, inquiries and evidence sessions (views/scrutiny.py, ADR 0034) -----
from commissioning.governance.views import scrutiny  # noqa: E402

urlpatterns += [
    path("scrutiny/", scrutiny.scrutiny_home, name="scrutiny"),
    path("bodies/<int:pk>/scrutiny/", scrutiny.work_programme, name="scrutiny-programme"),
    path("bodies/<int:pk>/scrutiny/dashboard/", scrutiny.dashboard, name="scrutiny-dashboard"),
    path("bodies/<int:pk>/scrutiny/add/", scrutiny.item_add, name="scrutiny-item-create"),
    path("bodies/<int:pk>/scrutiny/publish/", scrutiny.programme_publish, name="scrutiny-publish"),
    path("scrutiny/items/<int:pk>/edit/", scrutiny.item_edit, name="scrutiny-item-edit"),
    path("scrutiny/items/<int:pk>/inquiry/", scrutiny.inquiry_add, name="scrutiny-inquiry-create"),
    path("scrutiny/inquiries/<int:pk>/", scrutiny.inquiry_detail, name="scrutiny-inquiry"),
    path("scrutiny/inquiries/<int:pk>/edit/", scrutiny.inquiry_edit, name="scrutiny-inquiry-edit"),
    path("scrutiny/inquiries/<int:pk>/sessions/add/", scrutiny.session_add, name="scrutiny-session-create"),
]
