from django.urls import path

from commissioning.core import views

app_name = "core"

urlpatterns = [
    path("healthz", views.healthz, name="healthz"),
    path("status", views.service_status, name="status"),
    path("accessibility", views.accessibility, name="accessibility"),
    path("privacy", views.privacy, name="privacy"),
    path("cookies", views.cookies, name="cookies"),
    path("notifications/", views.notification_list, name="notifications"),
]
