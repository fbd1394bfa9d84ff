from django.urls import path

from commissioning.accounts import views

app_name = "accounts"

urlpatterns = [
    path("sign-in", views.SignInView.as_view(), name="sign-in"),
    path("sign-out", views.SignOutView.as_view(), name="sign-out"),
    path("wards/", views.ward_list, name="ward-list"),
    path("wards/export.csv", views.ward_export, {"file_format": "csv"}, name="ward-export-csv"),
    path("wards/export.xlsx", views.ward_export, {"file_format": "xlsx"}, name="ward-export-xlsx"),
    path("councillors/<int:pk>/", views.councillor_detail, name="councillor-detail"),
    path("councillors/<int:pk>/edit", views.councillor_edit, name="councillor-edit"),
    path("councillors/<int:pk>/history", views.councillor_history, name="councillor-history"),
]
