from django.urls import path

from commissioning.finance import (
    views_pool_partners,
    views_pool_periods,
    views_pools,
    views_savings,
    views_savings_details,
    views_spend,
    views_spendlinks,
    views_virements,
)

app_name = "finance"

urlpatterns: list = []  # the finance pages are added here

# Budgets and monitoring, the MTFS and savings (finance-savings)
urlpatterns += [
    path("budgets/", views_savings.budget_list, name="budgets"),
    path("budgets/export.csv", views_savings.budget_export, {"file_format": "csv"}, name="budget-export-csv"),
    path("budgets/export.xlsx", views_savings.budget_export, {"file_format": "xlsx"}, name="budget-export-xlsx"),
    path("budgets/add/", views_savings.budget_create, name="budget-create"),
    path("budgets/<int:pk>/", views_savings.budget_detail, name="budget-detail"),
    path("budgets/<int:pk>/edit/", views_savings.budget_edit, name="budget-edit"),
    path("budgets/<int:pk>/history/", views_savings.budget_history, name="budget-history"),
    path("budgets/<int:pk>/monitoring/add/", views_savings.monitoring_create, name="monitoring-create"),
    path("mtfs/", views_savings.mtfs, name="mtfs"),
    path("mtfs/add/", views_savings.mtfs_create, name="mtfs-create"),
    path("mtfs/<int:pk>/edit/", views_savings.mtfs_edit, name="mtfs-edit"),
    path("savings/", views_savings.savings_tracker, name="savings"),
    path("savings/export.csv", views_savings.savings_export, {"file_format": "csv"}, name="savings-export-csv"),
    path("savings/export.xlsx", views_savings.savings_export, {"file_format": "xlsx"}, name="savings-export-xlsx"),
    path("savings/add/", views_savings.savings_create, name="saving-create"),
    path("savings/<int:pk>/", views_savings.saving_detail, name="saving-detail"),
    path("savings/<int:pk>/history/", views_savings.saving_history, name="saving-history"),
    path("savings/<int:pk>/slip/", views_savings.saving_slip, name="saving-slip"),
    path("savings/<int:pk>/confidence/", views_savings.saving_confidence, name="saving-confidence"),
    path("savings/<int:pk>/evidence/", views_savings.saving_evidence, name="saving-evidence"),
    path("savings/<int:pk>/undeliverable/", views_savings.saving_undeliverable, name="saving-undeliverable"),
]

# Virements (finance-virements)
urlpatterns += [
    path("virements/", views_virements.virement_list, name="virements"),
    path("virements/request/", views_virements.virement_request, name="virement-create"),
    path("virements/<int:pk>/", views_virements.virement_detail, name="virement"),
    path("virements/<int:pk>/approve/", views_virements.virement_approve, name="virement-approve"),
    path("virements/<int:pk>/refuse/", views_virements.virement_refuse, name="virement-refuse"),
    path("virements/<int:pk>/history/", views_virements.virement_history, name="virement-history"),
    path("budget-lines/<int:pk>/virements/", views_virements.budget_line_virements, name="budget-line-virements"),
]

# Spend (finance-spend)
urlpatterns += [
    path("spend/", views_spend.spend_list, name="spend"),
    path("spend/export.csv", views_spend.spend_export, {"file_format": "csv"}, name="spend-export-csv"),
    path("spend/mappings/", views_spend.spend_mappings, name="spend-mappings"),
    path("spend/suppliers/<int:pk>/map", views_spend.supplier_map, name="spend-supplier-map"),
    path("spend/areas/<int:pk>/map", views_spend.area_map, name="spend-area-map"),
]

# Pooled budgets (finance-pools)
urlpatterns += [
    path("pools/", views_pools.pool_list, name="pools"),
    path("pools/add/", views_pools.pool_create, name="pool-create"),
    path("pools/<int:pk>/", views_pools.pool_detail, name="pool"),
    path("pools/<int:pk>/edit/", views_pools.pool_edit, name="pool-edit"),
    path("pools/<int:pk>/contributions/", views_pools.pool_year, name="pool-year"),
    path("pools/<int:pk>/spend/add/", views_pools.pool_spend, name="pool-spend-create"),
    path("pools/<int:pk>/history/", views_pools.pool_history, name="pool-history"),
]

# Statements per period, partners, payments (finfinish); a savings line's details
urlpatterns += [
    path("pools/<int:pk>/statement/", views_pool_periods.pool_statement, name="pool-statement"),
    path(
        "pools/<int:pk>/statement.csv",
        views_pool_periods.pool_statement_export,
        {"file_format": "csv"},
        name="pool-statement-csv",
    ),
    path("pools/<int:pk>/partners/add/", views_pool_partners.partner_create, name="pool-partner-create"),
    path("pools/partners/<int:pk>/edit/", views_pool_partners.partner_edit, name="pool-partner-edit"),
    path("pools/partners/<int:pk>/remove/", views_pool_partners.partner_remove, name="pool-partner-remove"),
    path("pools/<int:pk>/payments/add/", views_pool_partners.payment_create, name="pool-payment-create"),
    path("savings/<int:pk>/edit/", views_savings_details.saving_edit, name="saving-edit"),
]

# Spend put to work: a saving realised read from spend (finance-spendlinks)
urlpatterns += [
    path("savings/<int:pk>/spend-evidence/", views_spendlinks.saving_spend_evidence, name="saving-spend-record"),
]
