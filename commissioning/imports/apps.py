from django.apps import AppConfig


class ImportsConfig(AppConfig):
    name = "commissioning.imports"
    label = "imports"
    verbose_name = "Imports"

    def ready(self) -> None:
        from commissioning.core import jobs
        from commissioning.imports.actions import import_sweep

        jobs.register("imports", import_sweep)

        # The home page shows its uploader an import that failed (the portal may not import a sibling in its tier).
        from commissioning.core import thread
        from commissioning.imports.thread import failed_imports_on_home

        thread.register(thread.HOME_KEY, failed_imports_on_home)

        # The Service status page says when data was last imported (core may not import this app).
        from commissioning.core import status
        from commissioning.imports.selectors import last_import_finished

        status.register_fact("Data last imported", last_import_finished)
