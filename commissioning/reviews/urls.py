from django.urls import path

from commissioning.reviews import views

app_name = "reviews"

urlpatterns = [
    path("", views.review_list, name="list"),
    path("export.csv", views.review_export, {"file_format": "csv"}, name="export-csv"),
    path("export.xlsx", views.review_export, {"file_format": "xlsx"}, name="export-xlsx"),
    path("new", views.review_create, name="create"),
    path("<int:pk>/", views.review_detail, name="detail"),
    path("<int:pk>/edit", views.review_edit, name="edit"),
    path("<int:pk>/archive", views.review_archive, name="archive"),
    path("<int:pk>/restore", views.review_restore, name="restore"),
    path("<int:pk>/start", views.review_start, name="start"),
    path("<int:pk>/hold", views.review_hold, name="hold"),
    path("<int:pk>/resume", views.review_resume, name="resume"),
    path("<int:pk>/complete", views.review_complete, name="complete"),
    path("<int:pk>/cancel", views.review_cancel, name="cancel"),
    path("<int:pk>/history", views.review_history, name="history"),
]
