from django.urls import path

from commissioning.services import views

app_name = "services"

urlpatterns = [
    path("", views.service_list, name="list"),
    path("export.csv", views.service_export, {"file_format": "csv"}, name="export-csv"),
    path("export.xlsx", views.service_export, {"file_format": "xlsx"}, name="export-xlsx"),
    path("new", views.service_create, name="create"),
    path("<int:pk>/", views.service_detail, name="detail"),
    path("<int:pk>/edit", views.service_edit, name="edit"),
    path("<int:pk>/archive", views.service_archive, name="archive"),
    path("<int:pk>/restore", views.service_restore, name="restore"),
    path("<int:pk>/history", views.service_history, name="history"),
]
