"""Who answers a resident's complaint under a contract: a place the contracts app fills, which residents reads.

The residents app may not import contracts (both are in DELIVER). By default the service decides the route
(``services.Service.delivery_model`` and ``provider``: an external delivery model with a named provider sends stage 1
to the provider). When the contracts app knows better ("the contract says so"), it registers one function in its
``AppConfig.ready()``: ``complaint_routes.provide(route_of_service)``, taking a service's id and returning a
``ContractRoute`` (the provider that answers stage 1 under the service's current contract, or None for the council,
and the contract manager told of overdue steps), or None when no contract covers the service.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class ContractRoute:
    provider_id: int | None
    contract_manager_id: int | None


_providers: list[Callable[[int], ContractRoute | None]] = []


def provide(route_of_service: Callable[[int], ContractRoute | None]) -> None:
    if route_of_service not in _providers:
        _providers.append(route_of_service)


def contract_route(service_id: int) -> ContractRoute | None:
    """What the first registered provider says about the service, or None."""
    for provider in _providers:
        found = provider(service_id)
        if found is not None:
            return found
    return None
