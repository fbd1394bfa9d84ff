from django.urls import path

from commissioning.appraisals import views

app_name = "appraisals"

urlpatterns = [
    path("start/<int:review_pk>", views.appraisal_start, name="start"),
    path("<int:pk>/", views.appraisal_workspace, name="workspace"),
    path("<int:pk>/edit", views.appraisal_edit, name="edit"),
    path("<int:pk>/history", views.appraisal_history, name="history"),
    path("<int:pk>/simulation", views.simulation, name="simulation"),
    path("<int:pk>/options/new", views.option_create, name="option-create"),
    path("<int:pk>/business-case/new", views.business_case_start, name="business-case-start"),
    path("options/<int:pk>/", views.option_detail, name="option-detail"),
    path("options/<int:pk>/edit", views.option_edit, name="option-edit"),
    path("options/<int:pk>/remove", views.option_archive, name="option-archive"),
    path("options/<int:pk>/restore", views.option_restore, name="option-restore"),
    path("options/<int:pk>/lines", views.option_lines, name="option-lines"),
    path("options/<int:pk>/lines.xlsx", views.option_lines_export, name="option-lines-export"),
    path("options/<int:pk>/lines/import", views.option_lines_import, name="option-lines-import"),
    path("options/<int:pk>/optimism-bias", views.option_optimism_bias, name="option-optimism-bias"),
    path("options/<int:pk>/scores", views.option_scores, name="option-scores"),
    path("options/<int:pk>/history", views.option_history, name="option-history"),
    path("business-cases/", views.business_case_list, name="business-case-list"),
    path(
        "business-cases/export.csv", views.business_case_export, {"file_format": "csv"}, name="business-case-export-csv"
    ),
    path(
        "business-cases/export.xlsx",
        views.business_case_export,
        {"file_format": "xlsx"},
        name="business-case-export-xlsx",
    ),
    path("business-cases/<int:pk>/", views.business_case_detail, name="business-case"),
    path("business-cases/<int:pk>/edit", views.business_case_edit, name="business-case-edit"),
    path("business-cases/<int:pk>/submit", views.business_case_submit, name="business-case-submit"),
    path("business-cases/<int:pk>/new-version", views.business_case_new_version, name="business-case-new-version"),
    path("business-cases/<int:pk>/pdf", views.business_case_pdf, name="business-case-pdf"),
    path("business-cases/<int:pk>/history", views.business_case_history, name="business-case-history"),
]
