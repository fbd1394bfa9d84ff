from django.urls import URLPattern, path

from commissioning.governance.views import bodies, decisions, involvement  # noqa: F401

app_name = "governance"

urlpatterns: list[URLPattern] = []

# Bodies, membership and meetings (views/bodies.py) ----------------------------------------------------------------
urlpatterns += []


# Decisions, the forward plan and call-in (views/decisions.py) ------------------------------------------------------
urlpatterns += []


# Member involvement and stage gates (views/involvement.py) ---------------------------------------------------------
urlpatterns += [
    path("involvement/protocol/", involvement.protocol, name="protocol"),
    path("involvement/protocol/add", involvement.protocol_step_add, name="protocol-step-add"),
    path("involvement/protocol/<int:pk>/edit", involvement.protocol_step_edit, name="protocol-step-edit"),
    path("involvement/protocol/<int:pk>/remove", involvement.protocol_step_remove, name="protocol-step-remove"),
    path("involvement/mine/", involvement.my_involvement, name="my-involvement"),
    path("involvement/reviews/<int:pk>/", involvement.review_involvement, name="review-involvement"),
    path(
        "involvement/reviews/<int:pk>/generate",
        involvement.review_involvement_generate,
        name="review-involvement-generate",
    ),
    path("involvement/reviews/<int:pk>/add", involvement.review_involvement_add, name="review-involvement-add"),
    path("involvement/entries/<int:pk>/edit", involvement.involvement_entry_edit, name="involvement-entry-edit"),
    path("involvement/entries/<int:pk>/remove", involvement.involvement_entry_remove, name="involvement-entry-remove"),
    path("gates/reviews/<int:pk>/", involvement.review_gates, name="review-gates"),
    path("gates/reviews/<int:pk>/sign-off", involvement.review_gate_sign_off, name="review-gate-sign-off"),
    path("gates/reviews/<int:pk>/advance", involvement.review_stage_advance, name="review-stage-advance"),
]
