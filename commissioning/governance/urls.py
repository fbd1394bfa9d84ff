from django.urls import URLPattern, path

from commissioning.governance.views import bodies, decisions, involvement  # noqa: F401

app_name = "governance"

urlpatterns: list[URLPattern] = []

# Bodies, membership and meetings (views/bodies.py) ----------------------------------------------------------------
urlpatterns += []


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
]


# Member involvement and stage gates (views/involvement.py) ---------------------------------------------------------
urlpatterns += []
