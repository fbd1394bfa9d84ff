"""Reads for the public service finder and the "Who runs this service" page: the services a user may see (the
public: published, current ones), found by words, by topic (the directorate) or by ward.

Everything here costs a fixed number of queries whatever the size of the council (tests/commissioning/residents/
test_query_counts_public.py)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet

from commissioning.accounts.models import Ward
from commissioning.core import thread
from commissioning.core.search import search
from commissioning.core.thread import ThreadSection
from commissioning.outcomes import selectors as outcome_selectors
from commissioning.reviews import selectors as review_selectors
from commissioning.reviews.models import CommissioningReview
from commissioning.services import selectors as service_selectors
from commissioning.services.models import EXTERNAL_DELIVERY, Directorate, Service


@dataclass(frozen=True)
class FinderQuery:
    """What the finder was asked: words, a topic (directorate id) and a ward id. Empty means "any"."""

    q: str = ""
    topic: int | None = None
    ward: int | None = None

    @property
    def asked(self) -> bool:
        return bool(self.q or self.topic or self.ward)


def findable_services(*, user: Any) -> QuerySet[Service]:
    """The current services this user may see (the public: the published ones)."""
    return service_selectors.visible_services(user=user).filter(archived_at__isnull=True)


def find_services(*, user: Any, query: FinderQuery) -> QuerySet[Service]:
    services = findable_services(user=user).select_related("directorate", "provider")
    services = search(services, query.q, "search_text")
    if query.topic:
        services = services.filter(directorate_id=query.topic)
    if query.ward:
        services = services.filter(wards=query.ward)
    return services.order_by("name", "pk")


def topics(*, user: Any) -> list[tuple[Directorate, int]]:
    """Each directorate with a service the user may find, and how many (two queries)."""
    counts: dict[int, int] = {}
    for directorate_id in findable_services(user=user).values_list("directorate_id", flat=True):
        counts[directorate_id] = counts.get(directorate_id, 0) + 1
    return [(d, counts[d.pk]) for d in Directorate.objects.filter(pk__in=counts).order_by("name")]


def wards() -> QuerySet[Ward]:
    return Ward.objects.active().order_by("name").only("id", "name")


def topic_name(pk: int | None) -> str:
    if not pk:
        return ""
    return Directorate.objects.filter(pk=pk).values_list("name", flat=True).first() or ""


def ward_name(pk: int | None) -> str:
    if not pk:
        return ""
    return Ward.objects.active().filter(pk=pk).values_list("name", flat=True).first() or ""


@dataclass(frozen=True)
class WhoRuns:
    """Everything the "Who runs this service" page says about one service."""

    service: Service
    external: bool  # delivered by someone other than the council
    indicators: list[outcome_selectors.IndicatorStatus]
    reviews: list[CommissioningReview]
    sections: list[ThreadSection]  # from the DELIVER tier (contracts, governance): see core.thread.WHO_RUNS

    @property
    def delivery(self) -> list[ThreadSection]:
        """Sections about who delivers the service (contracts')."""
        return [section for section in self.sections if section.context.get("about") != "answers"]

    @property
    def answers(self) -> list[ThreadSection]:
        """Sections about who answers for it (governance's portfolio holder): their context says about="answers"."""
        return [section for section in self.sections if section.context.get("about") == "answers"]


def who_runs(*, user: Any, pk: int) -> WhoRuns:
    """The page of one service the user may see (Service.DoesNotExist otherwise: an unpublished service is not
    found by the public)."""
    service = (
        findable_services(user=user)
        .select_related("directorate", "directorate__director", "accountable_officer", "provider")
        .get(pk=pk)
    )
    return WhoRuns(
        service=service,
        external=service.delivery_model in EXTERNAL_DELIVERY,
        indicators=outcome_selectors.service_indicators(user=user, service=service),
        reviews=list(review_selectors.reviews_for_service(user=user, service=service)[:3]),
        sections=thread.sections(user, service, place=thread.WHO_RUNS),
    )
