from django.apps import AppConfig


class OutcomesConfig(AppConfig):
    name = "commissioning.outcomes"
    label = "outcomes"
    verbose_name = "Outcomes, indicators and evidence"

    def ready(self) -> None:
        # The golden thread back from a service to the outcomes it serves, its indicators and its evidence pack:
        # the service page shows this section without the services app knowing that outcomes exist.
        from commissioning.core import thread
        from commissioning.outcomes.thread import outcomes_of_service

        thread.register("services.Service", outcomes_of_service)

        # The prioritisation model's criteria this app scores from its data (commissioning.core.priority).
        from commissioning.outcomes import priority

        priority.register()
