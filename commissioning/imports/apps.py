from django.apps import AppConfig


class ImportsConfig(AppConfig):
    name = "commissioning.imports"
    label = "imports"
    verbose_name = "Imports"

    def ready(self) -> None:
        from commissioning.core import jobs
        from commissioning.imports.actions import import_sweep

        jobs.register("imports", import_sweep)
