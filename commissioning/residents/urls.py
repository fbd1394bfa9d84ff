"""The residents app's pages: who runs a service and how to complain, complaints and their tracking, places."""

from django.urls import URLPattern, URLResolver

app_name = "residents"

urlpatterns: list[URLPattern | URLResolver] = []
