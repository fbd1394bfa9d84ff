"""The section residents adds to a ward's place page (the place core.thread.PLACE_KEY, slot "complaints"): the
complaints about services in the ward, by quarter, as anonymous counts only (public)."""

from __future__ import annotations

from typing import Any

from commissioning.core import thread
from commissioning.core.thread import ThreadSection
from commissioning.residents import selectors_places as selectors


def complaints_of_ward(user: Any, ward: Any) -> ThreadSection | None:
    return ThreadSection(
        template="residents/places/_complaints.html",
        context={"slot": "complaints", "figures": selectors.ward_complaint_figures(ward=ward)},
    )


def register() -> None:
    thread.register(thread.PLACE_KEY, complaints_of_ward)
