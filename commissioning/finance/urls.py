from django.urls import path

from commissioning.finance import views_virements

app_name = "finance"

urlpatterns: list = []  # the finance pages are added here

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
