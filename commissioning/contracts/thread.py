"""The sections the contract register adds to other apps' pages (the golden thread back; commissioning.core.thread)."""

from __future__ import annotations

from typing import Any

from commissioning.contracts import selectors
from commissioning.core.thread import ThreadSection


def contracts_of_service(user: Any, service: Any) -> ThreadSection | None:
    """The contracts, grants and in-house plans that deliver a service, as the user may see them (one query)."""
    return ThreadSection(
        template="contracts/_service_contracts.html",
        context={"contracts": selectors.contracts_of_service(user=user, service=service)},
    )
