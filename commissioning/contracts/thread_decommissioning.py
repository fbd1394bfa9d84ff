"""The golden thread from decommissioning: a service's page and a contract's page show the decommissioning of it,
as the user may see it (inside the council every record; outside it, the published register). One query each; no
section when there is none."""

from __future__ import annotations

from typing import Any

from commissioning.contracts import selectors_decommissioning
from commissioning.core.thread import ThreadSection


def decommissionings_of_service(user: Any, service: Any) -> ThreadSection | None:
    found = selectors_decommissioning.decommissionings_of(user=user, service=service)
    return (
        ThreadSection(template="contracts/decommissioning/_thread.html", context={"records": found}) if found else None
    )


def decommissionings_of_contract(user: Any, contract: Any) -> ThreadSection | None:
    found = selectors_decommissioning.decommissionings_of(user=user, contract=contract)
    return (
        ThreadSection(template="contracts/decommissioning/_thread.html", context={"records": found}) if found else None
    )
