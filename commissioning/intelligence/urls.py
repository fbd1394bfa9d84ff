from django.urls import path

from commissioning.intelligence import views

app_name = "intelligence"

urlpatterns = [
    path("", views.intelligence_list, name="list"),
    path("mine", views.intelligence_mine, name="mine"),
    path("export.csv", views.intelligence_export, {"file_format": "csv"}, name="export-csv"),
    path("export.xlsx", views.intelligence_export, {"file_format": "xlsx"}, name="export-xlsx"),
    path("new", views.intelligence_create, name="create"),
    path("<int:pk>/", views.intelligence_detail, name="detail"),
    path("<int:pk>/edit", views.intelligence_edit, name="edit"),
    path("<int:pk>/withdraw", views.intelligence_withdraw, name="withdraw"),
    path("<int:pk>/acknowledge", views.intelligence_acknowledge, name="acknowledge"),
    path("<int:pk>/respond", views.intelligence_respond, name="respond"),
    path("<int:pk>/close", views.intelligence_close, name="close"),
    path("<int:pk>/history", views.intelligence_history, name="history"),
]
