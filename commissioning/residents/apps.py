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

        # Complaints are a quality signal for the contracts app's triangulation (core.quality).
        from commissioning.core import quality
        from commissioning.residents.quality_complaints import complaint_counts

        quality.provide(quality.COMPLAINTS, complaint_counts)

        # A ward's place page: the complaints about services in the ward (its own place, core.thread.PLACE_KEY).
        from commissioning.residents import thread_places

        thread_places.register()

        # Issue 10: complaint hot spots, on a scrutiny committee's dashboard.
        from commissioning.residents import thread_scrutiny

        thread_scrutiny.register()
