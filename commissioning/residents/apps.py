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

        # Prioritisation: complaints upheld per service, a criterion residents declares and scores (core.priority).
        from commissioning.residents import priority_complaints

        priority_complaints.register()

        # A ward's place page: the complaints about services in the ward (its own place, core.thread.PLACE_KEY).
        from commissioning.residents import thread_places

        thread_places.register()

        # The home page: a ward councillor's open complaints raised for residents, to follow them (core.thread.HOME_KEY).
        from commissioning.residents import thread_home

        thread_home.register()

        # Issue 10: complaints (and upheld complaints) per service for scrutiny's contract monitoring protocol.
        from commissioning.core import monitoring_signals
        from commissioning.residents.monitoring_signals import complaint_signals

        monitoring_signals.register(complaint_signals)

        # Issue 10: complaint hot spots, on a scrutiny committee's dashboard.
        from commissioning.residents import thread_scrutiny

        thread_scrutiny.register()
