from django.urls import path

from commissioning.contracts import views

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
]
