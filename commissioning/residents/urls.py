"""The residents app's pages: who runs a service and how to complain, complaints and their tracking, places."""

from django.urls import URLPattern, URLResolver, path

from commissioning.residents import views_complaints, views_places, views_public

app_name = "residents"

urlpatterns: list[URLPattern | URLResolver] = [
    path("find-a-service/", views_public.finder, name="finder"),
    path("find-a-service/<int:pk>/", views_public.who_runs, name="who-runs"),
    path("places/", views_places.place_list, name="places"),
    path("places/wards/<int:pk>/", views_places.ward_place, name="ward"),
    # Complaints (views_complaints)
    path("complain/<str:service>/", views_complaints.complain_start, name="complain-start"),
    path("complaints/track/<str:token>/", views_complaints.complaint_track, name="complaint-track"),
    path("complaints/track/<str:token>/add", views_complaints.complaint_track_add, name="complaint-track-add"),
    path("complaints/track/<str:token>/stage-2", views_complaints.complaint_track_stage2, name="complaint-stage2"),
    path("complaints/", views_complaints.complaint_queue, name="complaint-queue"),
    path("complaints/statistics/", views_complaints.complaint_statistics, name="complaint-statistics"),
    path("complaints/raise", views_complaints.complaint_raise, name="complaint-create"),
    path("complaints/<int:pk>/", views_complaints.complaint_detail, name="complaint-detail"),
    path("complaints/<int:pk>/acknowledge", views_complaints.complaint_acknowledge, name="complaint-acknowledge"),
    path("complaints/<int:pk>/extend", views_complaints.complaint_extend, name="complaint-extend"),
    path("complaints/<int:pk>/answer", views_complaints.complaint_answer, name="complaint-answer"),
    # A ward councillor follows a complaint they raised (views_complaints)
    path("complaints/<int:pk>/add", views_complaints.complaint_add_information, name="complaint-add"),
]
