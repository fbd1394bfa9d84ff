from django.urls import path

from commissioning.contracts import views
from commissioning.contracts import views_returns as returns

app_name = "contracts"

urlpatterns = [
    path("", views.contract_list, name="list"),
    path("export.csv", views.contract_export, {"file_format": "csv"}, name="export-csv"),
    path("export.xlsx", views.contract_export, {"file_format": "xlsx"}, name="export-xlsx"),
    path("expiry/", views.pipeline, name="pipeline"),
    path("new", views.contract_create, name="create"),
    path("<int:pk>/", views.contract_detail, name="detail"),
    path("<int:pk>/edit", views.contract_edit, name="edit"),
    path("<int:pk>/archive", views.contract_archive, name="archive"),
    path("<int:pk>/restore", views.contract_restore, name="restore"),
    path("<int:pk>/history", views.contract_history, name="history"),
    # KPIs, provider returns and performance assessments (views_returns)
    path("<int:pk>/kpis", returns.kpis, name="kpis"),
    path("<int:pk>/kpis/new", returns.kpi_create, name="kpi-create"),
    path("<int:pk>/kpis/exemption", returns.kpi_exemption, name="kpi-exemption"),
    path("kpis/<int:pk>/edit", returns.kpi_edit, name="kpi-edit"),
    path("<int:pk>/returns", returns.contract_returns, name="contract-returns"),
    path("returns/", returns.returns_list, name="returns"),
    path("returns/export.csv", returns.returns_export, {"file_format": "csv"}, name="returns-export-csv"),
    path("returns/export.xlsx", returns.returns_export, {"file_format": "xlsx"}, name="returns-export-xlsx"),
    path("returns/<int:pk>/", returns.return_page, name="return"),
    path("returns/<int:pk>/submit", returns.return_submit, name="return-submit"),
    path("returns/<int:pk>/accept", returns.return_accept, name="return-accept"),
    path("returns/<int:pk>/query", returns.return_query, name="return-query"),
    path("returns/queries/<int:pk>/answer", returns.query_answer, name="query-answer"),
    path("returns/evidence/<int:pk>", returns.evidence_download, name="return-evidence"),
    path("<int:pk>/assessments", returns.assessments, name="assessments"),
    path("<int:pk>/assessments/draft", returns.assessment_draft, name="assessment-draft"),
    path("<int:pk>/failures/new", returns.failure_create, name="failure-create"),
    path("assessments/<int:pk>/", returns.assessment_page, name="assessment"),
    path("assessments/<int:pk>/confirm", returns.assessment_confirm, name="assessment-confirm"),
    path("assessments/ratings/<int:pk>/change", returns.rating_change, name="rating-change"),
]
