"""The section finance adds to a ward's place page (commissioning.residents; the place core.thread.PLACE_KEY, slot
"spend"): published spend on the services that serve the ward, last complete financial year."""

from __future__ import annotations

from typing import Any

from commissioning.core.thread import ThreadSection
from commissioning.finance import selectors_places as selectors


def spend_of_ward(user: Any, ward: Any) -> ThreadSection | None:
    return ThreadSection(
        template="finance/_place_spend.html",
        context={"slot": "spend", "spend": selectors.ward_spend(user=user, ward=ward)},
    )
