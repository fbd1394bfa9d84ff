"""The residents app's pages: who runs a service and how to complain, complaints and their tracking, places."""

from django.urls import URLPattern, URLResolver, path

from commissioning.residents import views_places, views_public

app_name = "residents"

urlpatterns: list[URLPattern | URLResolver] = [
    path("find-a-service/", views_public.finder, name="finder"),
    path("find-a-service/<int:pk>/", views_public.who_runs, name="who-runs"),
    path("places/", views_places.place_list, name="places"),
    path("places/wards/<int:pk>/", views_places.ward_place, name="ward"),
]
