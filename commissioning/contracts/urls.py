from django.urls import path

from commissioning.contracts import views, views_categories, views_decommissioning, views_procurement
from commissioning.contracts import views_quality as quality
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
    # Procurement (OCDS stages, evaluation, award) and grant awards
    path("procurements/", views_procurement.procurement_list, name="procurements"),
    path("procurements/new", views_procurement.procurement_create, name="procurement-create"),
    path("procurements/<int:pk>/", views_procurement.procurement_detail, name="procurement"),
    path("procurements/<int:pk>/edit", views_procurement.procurement_edit, name="procurement-edit"),
    path("procurements/<int:pk>/lots/new", views_procurement.lot_create, name="lot-create"),
    path("procurements/<int:pk>/criteria", views_procurement.criteria, name="criteria"),
    path("procurements/<int:pk>/bids/new", views_procurement.bid_create, name="bid-create"),
    path("procurements/<int:pk>/award", views_procurement.award, name="award"),
    path("procurements/<int:pk>/ocds.json", views_procurement.ocds_package, name="ocds"),
    path("procurements/<int:pk>/history", views_procurement.procurement_history, name="procurement-history"),
    path("procurements/bids/<int:pk>/", views_procurement.bid_detail, name="bid"),
    path("procurements/grants/new", views_procurement.grant_create, name="grant-create"),
    path("procurements/grants/<int:pk>/", views_procurement.grant_detail, name="grant"),
    # Category management (issue 13)
    path("categories/", views_categories.category_list, name="category-list"),
    path("categories/mine/", views_categories.category_mine, name="category-mine"),
    path("categories/new", views_categories.category_create, name="category-create"),
    path("categories/<int:pk>/", views_categories.category_detail, name="category-detail"),
    path("categories/<int:pk>/edit", views_categories.category_edit, name="category-edit"),
    # Decommissioning (issue 13)
    path("decommissioning/", views_decommissioning.decommissioning_list, name="decommissioning-list"),
    path("decommissioning/new", views_decommissioning.decommissioning_create, name="decommissioning-create"),
    path("decommissioning/<int:pk>/", views_decommissioning.decommissioning_detail, name="decommissioning-detail"),
    path("decommissioning/<int:pk>/edit", views_decommissioning.decommissioning_edit, name="decommissioning-edit"),
    path(
        "decommissioning/<int:pk>/evidence",
        views_decommissioning.decommissioning_edit_evidence,
        name="decommissioning-edit-evidence",
    ),
    path(
        "decommissioning/<int:pk>/eia", views_decommissioning.decommissioning_edit_eia, name="decommissioning-edit-eia"
    ),
    path(
        "decommissioning/<int:pk>/consultation",
        views_decommissioning.decommissioning_edit_consultation,
        name="decommissioning-edit-consultation",
    ),
    path(
        "decommissioning/<int:pk>/notice",
        views_decommissioning.decommissioning_edit_notice,
        name="decommissioning-edit-notice",
    ),
    path(
        "decommissioning/<int:pk>/workforce",
        views_decommissioning.decommissioning_edit_workforce,
        name="decommissioning-edit-workforce",
    ),
    path(
        "decommissioning/<int:pk>/decide", views_decommissioning.decommissioning_decide, name="decommissioning-decide"
    ),
    path(
        "decommissioning/<int:pk>/steps/new",
        views_decommissioning.decommissioning_step_create,
        name="decommissioning-step-create",
    ),
    path(
        "decommissioning/<int:pk>/notes/new",
        views_decommissioning.decommissioning_note_create,
        name="decommissioning-note-create",
    ),
    path(
        "decommissioning/<int:pk>/history",
        views_decommissioning.decommissioning_history,
        name="decommissioning-history",
    ),
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
    # Quality triangulation (views_quality)
    path("<int:pk>/quality", quality.contract_quality, name="quality"),
    path("quality/compare", quality.compare, name="quality-compare"),
    path("providers/<int:pk>/quality", quality.provider_quality, name="provider-quality"),
    path("providers/<int:pk>/inspections/new", quality.inspection_create, name="inspection-create"),
    path("providers/<int:pk>/safeguarding/new", quality.concern_create, name="concern-create"),
    path("providers/<int:pk>/financial-health/new", quality.note_create, name="financial-note-create"),
    # The equality impact assessment of a decommissioning (appraisals' record, ADR 0036)
    path(
        "decommissioning/<int:pk>/eia/start",
        views_decommissioning.decommissioning_eia_start,
        name="decommissioning-eia-start",
    ),
]
