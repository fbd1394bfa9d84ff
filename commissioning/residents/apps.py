from django.apps import AppConfig


class ResidentsConfig(AppConfig):
    name = "commissioning.residents"
    label = "residents"
    verbose_name = "Residents"

    def ready(self) -> None:
        from commissioning.core import notifications
        from commissioning.residents import rules  # noqa: F401

        # Complaints: a notification about one links to its page.
        notifications.register_about("residents.complaint", "residents:complaint-detail")
