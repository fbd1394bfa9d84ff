"""The sections spend adds to other apps' pages (the golden thread back; commissioning.core.thread): a service's
spend and its unit cost from spend, and what a contract's supplier has been paid against the contract's value.

Spend is published data, so these show everyone who may see the page what the public spend page shows them: totals
and supplier names, a redacted supplier only as "Redacted". The contract is passed in by the contracts page and read
by its fields: finance never imports contracts (siblings in the DELIVER tier).
"""

from __future__ import annotations

from typing import Any

from commissioning.core.thread import ThreadSection
from commissioning.finance import selectors_spendlinks as selectors


def spend_of_service(user: Any, service: Any) -> ThreadSection | None:
    """A service's spend last year and this year to date, its top suppliers and unit costs (two queries)."""
    return ThreadSection(
        template="finance/_service_spend.html", context={"spend": selectors.service_spend(service=service)}
    )


def spend_of_contract(user: Any, contract: Any) -> ThreadSection | None:
    """The payments to a contract's supplier on its services within its dates (one query); nothing for an
    in-house plan."""
    spend = selectors.contract_spend(contract=contract)
    if spend is None:
        return None
    return ThreadSection(template="finance/_contract_spend.html", context={"spend": spend, "contract": contract})
