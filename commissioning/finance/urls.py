from django.urls import path

from commissioning.finance import views_spend

app_name = "finance"

urlpatterns: list = []  # the finance pages are added here

# Spend (finance-spend)
urlpatterns += [
    path("spend/", views_spend.spend_list, name="spend"),
    path("spend/export.csv", views_spend.spend_export, {"file_format": "csv"}, name="spend-export-csv"),
    path("spend/mappings/", views_spend.spend_mappings, name="spend-mappings"),
    path("spend/suppliers/<int:pk>/map", views_spend.supplier_map, name="spend-supplier-map"),
    path("spend/areas/<int:pk>/map", views_spend.area_map, name="spend-area-map"),
]
