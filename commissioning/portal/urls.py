from django.urls import path

from commissioning.portal import views

app_name = "portal"

urlpatterns = [
    path("", views.home, name="home"),
    path("account/", views.account, name="account"),
    path("browse/<slug:group>/", views.group, name="group"),
]
