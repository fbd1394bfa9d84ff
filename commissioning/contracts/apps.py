from django.apps import AppConfig


class ContractsConfig(AppConfig):
    name = "commissioning.contracts"
    label = "contracts"
    verbose_name = "Contracts"

    def ready(self) -> None:
        # Permissions, and a service page's contracts and in-house plans (the golden thread back).
        from commissioning.contracts import rules  # noqa: F401
        from commissioning.contracts.thread import contracts_of_service, performance_of_contract
        from commissioning.core import thread

        thread.register("services.Service", contracts_of_service)

        # Decommissioning (issue 13): on the page of the service or contract decommissioned.
        from commissioning.contracts.thread_decommissioning import (
            decommissionings_of_contract,
            decommissionings_of_service,
        )

        thread.register("services.Service", decommissionings_of_service)
        thread.register("contracts.Contract", decommissionings_of_contract)
        thread.register("contracts.Contract", performance_of_contract)
        # Notifications about a return link to its page (KPIs and returns)
        from commissioning.core import notifications

        notifications.register_about("contracts.performancereturn", "contracts:return")

        # Issue 14: who delivers a service under which contract, on its public "Who runs this service" page.
        from commissioning.contracts.thread import contracts_of_service_for_residents

        thread.register(thread.WHO_RUNS_KEY, contracts_of_service_for_residents)

        # Issue 14: who answers a resident's complaint about a service under its current contract.
        from commissioning.contracts.complaint_routes import route_of_service
        from commissioning.core import complaint_routes

        complaint_routes.provide(route_of_service)

        # Issue 10: KPI and assessment ratings and workforce figures for scrutiny's contract monitoring protocol.
        from commissioning.contracts.monitoring_signals import latest_contract_signals
        from commissioning.core import monitoring_signals

        monitoring_signals.register(latest_contract_signals)

        # Issue 10: contracts rated below Good, on a scrutiny committee's dashboard.
        from commissioning.contracts import thread_scrutiny

        thread_scrutiny.register()
