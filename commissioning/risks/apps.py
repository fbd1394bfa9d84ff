from django.apps import AppConfig


class RisksConfig(AppConfig):
    name = "commissioning.risks"
    label = "risks"
    verbose_name = "Risks"

    def ready(self) -> None:
        # The review page's risks, and the committee report's risk register extract (core.thread places); a recorded
        # risk review as a source of committee reports (core.report_sources).
        from commissioning.risks import (
            reports,
            rules,  # noqa: F401
            thread,
        )

        thread.register()
        reports.register()
