from django.urls import path

from commissioning.imports import views

app_name = "imports"

urlpatterns = [
    path("", views.job_list, name="list"),
    path("export.csv", views.job_export, {"file_format": "csv"}, name="export-csv"),
    path("export.xlsx", views.job_export, {"file_format": "xlsx"}, name="export-xlsx"),
    path("new", views.job_create, name="create"),
    path("templates/<slug:kind>-template.<slug:extension>", views.template_download, name="template"),
    path("<int:pk>/", views.job_detail, name="detail"),
    path("<int:pk>/retry", views.job_retry, name="retry"),
    path("<int:pk>/problems.csv", views.job_problems, name="problems-csv"),
]
