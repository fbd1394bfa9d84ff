from django.apps import AppConfig


class ImportsConfig(AppConfig):
    name = "commissioning.imports"
    label = "imports"
    verbose_name = "Imports"
