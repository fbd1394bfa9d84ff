"""The sections this app adds to other apps' record pages (the golden thread back; see commissioning.core.thread)."""

from __future__ import annotations

from typing import Any

from commissioning.core.thread import ThreadSection
from commissioning.reviews import selectors


def reviews_of_service(user: Any, service: Any) -> ThreadSection:
    """ "Commissioning reviews" on a service's page: the reviews that cover it and that the user may see (one query)."""
    return ThreadSection(
        template="reviews/_service_reviews.html",
        context={"reviews": list(selectors.reviews_for_service(user=user, service=service)), "service": service},
    )
