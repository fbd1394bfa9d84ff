"""The pages of equality impact assessments (ADR 0036), under /equality/ in their own namespace, "equality"."""

from django.urls import path

from commissioning.appraisals import views_equality

app_name = "equality"

urlpatterns = [
    path("review/<int:review_pk>/new", views_equality.eia_create_for_review, name="create-review"),
    path("option/<int:pk>/new", views_equality.eia_create_for_option, name="create-option"),
    path("<int:pk>/", views_equality.eia_detail, name="detail"),
    path("<int:pk>/edit/<slug:characteristic>", views_equality.eia_edit_characteristic, name="edit-characteristic"),
    path("<int:pk>/conclusion/edit", views_equality.eia_edit_conclusion, name="edit-conclusion"),
    path("<int:pk>/sign-off", views_equality.eia_sign_off, name="sign-off"),
    path("<int:pk>/history", views_equality.eia_history, name="history"),
]
