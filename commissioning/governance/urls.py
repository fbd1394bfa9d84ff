from django.urls import URLPattern, path  # noqa: F401

from commissioning.governance.views import bodies, decisions, involvement  # noqa: F401

app_name = "governance"

urlpatterns: list[URLPattern] = []

# Bodies, membership and meetings (views/bodies.py) ----------------------------------------------------------------
urlpatterns += []


# Decisions, the forward plan and call-in (views/decisions.py) ------------------------------------------------------
urlpatterns += []


# Member involvement and stage gates (views/involvement.py) ---------------------------------------------------------
urlpatterns += []
