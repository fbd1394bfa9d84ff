from django.urls import path

from commissioning.risks import views

app_name = "risks"

urlpatterns = [
    path("", views.risk_list, name="list"),
    path("export.csv", views.risk_export, {"file_format": "csv"}, name="export-csv"),
    path("heat-map", views.heat_map, name="heat-map"),
    path("new", views.risk_create, name="create"),
    path("<int:pk>/", views.risk_detail, name="detail"),
    path("<int:pk>/edit", views.risk_edit, name="edit"),
    path("<int:pk>/history", views.risk_history, name="history"),
    path("<int:pk>/scores", views.risk_scores, name="scores"),
    path("<int:pk>/controls/new", views.control_add, name="control-create"),
    path("<int:pk>/actions/new", views.action_add, name="action-create"),
    path("<int:pk>/review", views.review_record, name="review-record"),
    path("<int:pk>/escalate", views.risk_escalate, name="escalate"),
    path("actions/<int:pk>/done", views.action_done, name="action-done"),
]
