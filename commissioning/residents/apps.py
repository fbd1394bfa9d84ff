from django.apps import AppConfig


class ResidentsConfig(AppConfig):
    name = "commissioning.residents"
    label = "residents"
    verbose_name = "Residents"

    def ready(self) -> None:
        from commissioning.residents import rules  # noqa: F401
