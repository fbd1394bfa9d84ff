from django.apps import AppConfig


class IntelligenceConfig(AppConfig):
    name = "commissioning.intelligence"
    label = "intelligence"
    verbose_name = "Ward intelligence"

    def ready(self) -> None:
        # The golden thread back from a service to what councillors hear about it: the service page shows this
        # section without the services app knowing that ward intelligence exists (see commissioning.core.thread).
        # It is evidence for the Analyse stage too, so it goes into the service's evidence pack (page and PDF)
        # through the place the outcomes app offers there.
        from commissioning.core import notifications, thread
        from commissioning.core.thread import EVIDENCE_PACK_KEY
        from commissioning.intelligence.thread import intelligence_in_evidence_pack, intelligence_of_service

        thread.register("services.Service", intelligence_of_service)
        thread.register(EVIDENCE_PACK_KEY, intelligence_in_evidence_pack)
        # Notifications about a submission link to its page.
        notifications.register_about("intelligence.wardintelligence", "intelligence:detail")
