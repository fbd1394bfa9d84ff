from django.apps import AppConfig


class RisksConfig(AppConfig):
    name = "commissioning.risks"
    label = "risks"
    verbose_name = "Risks"

    def ready(self) -> None:
        # The review page's risks, and the committee report's risk register extract (core.thread places).
        from commissioning.risks import (
            rules,  # noqa: F401
            thread,
        )

        thread.register()
