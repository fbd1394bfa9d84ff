"""The plan's pages (issue 11): the prioritisation model's ranking and rationale, its weights and judgements, and
the officers who run reviews, and the programme's timeline. A namespace of their own ("plan"), under /plan/."""

from django.urls import path

from commissioning.reviews import plan_views as views

app_name = "plan"

urlpatterns = [
    path("", views.ranking, name="ranking"),
    path("weights", views.weights, name="weights"),
    path("services/<int:pk>/", views.rationale, name="rationale"),
    path("services/<int:pk>/judge/<slug:criterion>", views.judge, name="judge"),
    path("services/<int:pk>/skill", views.service_skill, name="service-skill"),
    path("timeline", views.timeline, name="timeline"),
    path("timeline.xlsx", views.timeline_xlsx, name="timeline-xlsx"),
    path("timeline.ics", views.timeline_ics, name="timeline-ics"),
    path("officers/", views.officer_list, name="officers"),
    path("officers/new", views.officer_create, name="officer-create"),
    path("officers/<int:pk>/", views.officer_detail, name="officer-detail"),
    path("officers/<int:pk>/edit", views.officer_edit, name="officer-edit"),
    path("officers/<int:pk>/archive", views.officer_archive, name="officer-archive"),
    path("officers/<int:pk>/history", views.officer_history, name="officer-history"),
    path("programme", views.programme, name="programme"),
    path("scenarios/", views.scenario_list, name="scenarios"),
    path("scenarios/new", views.scenario_create, name="scenario-create"),
    path("scenarios/compare", views.scenario_compare, name="scenario-compare"),
    path("scenarios/<int:pk>/", views.scenario_detail, name="scenario-detail"),
    path("scenarios/<int:pk>/edit", views.scenario_edit, name="scenario-edit"),
    path("scenarios/<int:pk>/solve", views.scenario_solve, name="scenario-solve"),
    path("scenarios/<int:pk>/history", views.scenario_history, name="scenario-history"),
]
