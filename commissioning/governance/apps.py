from django.apps import AppConfig


class GovernanceConfig(AppConfig):
    name = "commissioning.governance"
    label = "governance"
    verbose_name = "Governance and decisions"

    def ready(self) -> None:
        # The permissions (django-rules) and the golden-thread sections each area adds to other apps' pages.
        from commissioning.governance import rules  # noqa: F401
        from commissioning.governance.thread import bodies, decisions, involvement

        bodies.register()
        decisions.register()
        involvement.register()

        # Issue 14: the residents app's public pages (who answers for a service; a ward's committees and decisions).
        from commissioning.governance.thread import residents

        residents.register()

        # Finance's virements in Cabinet's and Council's bands are approved by a decision (ADR 0026).
        from commissioning.core import hooks
        from commissioning.governance.hooks import decision_for_virement

        hooks.register(hooks.VIREMENT_DECISION, decision_for_virement)

        # Issue 10: scrutiny's recommendations on the home page of those who owe a response or an action, and a
        # notification about one links to its page.
        from commissioning.core import notifications
        from commissioning.governance.thread import recommendations

        recommendations.register()
        notifications.register_about("governance.recommendation", "governance:recommendation")
