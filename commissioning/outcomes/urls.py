from django.urls import path

from commissioning.outcomes import views

app_name = "outcomes"

CSV, XLSX = {"file_format": "csv"}, {"file_format": "xlsx"}

urlpatterns = [
    # Outcomes, under their priorities
    path("", views.outcome_list, name="list"),
    path("export.csv", views.outcome_export, CSV, name="export-csv"),
    path("export.xlsx", views.outcome_export, XLSX, name="export-xlsx"),
    path("new", views.outcome_create, name="create"),
    path("<int:pk>/", views.outcome_detail, name="detail"),
    path("<int:pk>/edit", views.outcome_edit, name="edit"),
    path("<int:pk>/archive", views.outcome_archive, name="archive"),
    path("<int:pk>/restore", views.outcome_restore, name="restore"),
    path("<int:pk>/history", views.outcome_history, name="history"),
    path("priorities/new", views.priority_create, name="priority-create"),
    path("priorities/<int:pk>/", views.priority_detail, name="priority-detail"),
    path("priorities/<int:pk>/edit", views.priority_edit, name="priority-edit"),
    path("priorities/<int:pk>/archive", views.priority_archive, name="priority-archive"),
    path("priorities/<int:pk>/restore", views.priority_restore, name="priority-restore"),
    path("priorities/<int:pk>/history", views.priority_history, name="priority-history"),
    # Indicators, their targets and values
    path("indicators/", views.indicator_list, name="indicator-list"),
    path("indicators/export.csv", views.indicator_export, CSV, name="indicator-export-csv"),
    path("indicators/export.xlsx", views.indicator_export, XLSX, name="indicator-export-xlsx"),
    path("indicators/new", views.indicator_create, name="indicator-create"),
    path("indicators/<int:pk>/", views.indicator_detail, name="indicator-detail"),
    path("indicators/<int:pk>/edit", views.indicator_edit, name="indicator-edit"),
    path("indicators/<int:pk>/archive", views.indicator_archive, name="indicator-archive"),
    path("indicators/<int:pk>/restore", views.indicator_restore, name="indicator-restore"),
    path("indicators/<int:pk>/history", views.indicator_history, name="indicator-history"),
    path("indicators/<int:pk>/data.csv", views.indicator_data, CSV, name="indicator-data-csv"),
    path("indicators/<int:pk>/data.xlsx", views.indicator_data, XLSX, name="indicator-data-xlsx"),
    path("indicators/<int:pk>/values/new", views.measurement_record, name="measurement-record"),
    path("indicators/<int:pk>/targets/new", views.target_set, name="target-set"),
    path("values/<int:pk>/withdraw", views.measurement_archive, name="measurement-archive"),
    path("values/<int:pk>/history", views.measurement_history, name="measurement-history"),
    path("comparators/", views.comparators, name="comparators"),
    # Needs evidence
    path("evidence/", views.evidence_list, name="evidence-list"),
    path("evidence/export.csv", views.evidence_export, CSV, name="evidence-export-csv"),
    path("evidence/export.xlsx", views.evidence_export, XLSX, name="evidence-export-xlsx"),
    path("evidence/new", views.evidence_create, name="evidence-create"),
    path("evidence/<int:pk>/", views.evidence_detail, name="evidence-detail"),
    path("evidence/<int:pk>/edit", views.evidence_edit, name="evidence-edit"),
    path("evidence/<int:pk>/archive", views.evidence_archive, name="evidence-archive"),
    path("evidence/<int:pk>/restore", views.evidence_restore, name="evidence-restore"),
    path("evidence/<int:pk>/history", views.evidence_history, name="evidence-history"),
    path("evidence/<int:pk>/document", views.evidence_download, name="evidence-download"),
    # Consultations
    path("consultations/", views.consultation_list, name="consultation-list"),
    path("consultations/export.csv", views.consultation_export, CSV, name="consultation-export-csv"),
    path("consultations/export.xlsx", views.consultation_export, XLSX, name="consultation-export-xlsx"),
    path("consultations/new", views.consultation_create, name="consultation-create"),
    path("consultations/<int:pk>/", views.consultation_detail, name="consultation-detail"),
    path("consultations/<int:pk>/edit", views.consultation_edit, name="consultation-edit"),
    path("consultations/<int:pk>/archive", views.consultation_archive, name="consultation-archive"),
    path("consultations/<int:pk>/restore", views.consultation_restore, name="consultation-restore"),
    path("consultations/<int:pk>/history", views.consultation_history, name="consultation-history"),
    # A service's evidence pack: the Analyse stage's output for the Programme Board
    path("services/<int:pk>/evidence-pack", views.evidence_pack, name="evidence-pack"),
    path("services/<int:pk>/evidence-pack.pdf", views.evidence_pack_pdf, name="evidence-pack-pdf"),
]
