from django.apps import AppConfig


class ServicesConfig(AppConfig):
    name = "commissioning.services"
    label = "services"
    verbose_name = "Service catalogue"
