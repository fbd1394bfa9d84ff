"""factory_boy factories for ward intelligence (see tests/factories.py for the records it links to)."""

from __future__ import annotations

import datetime as dt

import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from commissioning.accounts.models import Councillor
from commissioning.core.permissions import Role
from commissioning.intelligence.calculations import response_due
from commissioning.intelligence.models import RESPONSE_WORKING_DAYS, IntelligenceStatus, Urgency, WardIntelligence
from tests.factories import CouncillorFactory, ServiceFactory, UserFactory, WardFactory


def councillor_with_login(*, username: str, wards: list, **kwargs: object) -> Councillor:
    """A councillor profile for the wards, linked to a councillor login of that username."""
    user = UserFactory(username=username, role=Role.COUNCILLOR)
    return CouncillorFactory(user=user, wards=wards, **kwargs)


class WardIntelligenceFactory(DjangoModelFactory):
    """Submitted intelligence from a councillor (with a login) about a service in one of their wards.

    Traits move it along: acknowledged, responded, closed, withdrawn. Pass councillor=... to choose who submitted
    it (submitted_by follows the councillor's login) and ward=... to choose one of their wards.
    """

    class Meta:
        model = WardIntelligence

    reference = factory.Sequence(lambda n: f"WI-2026-{n + 1:04d}")
    service = factory.SubFactory(ServiceFactory)
    ward = factory.SubFactory(WardFactory)
    councillor = factory.LazyAttribute(
        lambda o: councillor_with_login(username=f"cllr-{o.reference.lower()}", wards=[o.ward])
    )
    submitted_by = factory.LazyAttribute(lambda o: o.councillor.user)
    title = factory.Sequence(lambda n: f"Residents report problem {n}")
    residents_saying = "Several residents raised this at my surgery."
    urgency = Urgency.MEDIUM
    status = IntelligenceStatus.SUBMITTED
    submitted_at = factory.LazyFunction(timezone.now)
    response_due = factory.LazyAttribute(
        lambda o: response_due(submitted=o.submitted_at, working_days=RESPONSE_WORKING_DAYS[Urgency(o.urgency)])
    )

    class Params:
        acknowledged = factory.Trait(
            status=IntelligenceStatus.ACKNOWLEDGED,
            acknowledged_at=factory.LazyAttribute(lambda o: o.submitted_at + dt.timedelta(hours=2)),
            acknowledged_by=factory.LazyAttribute(lambda o: o.service.accountable_officer),
        )
        responded = factory.Trait(
            status=IntelligenceStatus.RESPONDED,
            acknowledged_at=factory.LazyAttribute(lambda o: o.submitted_at + dt.timedelta(hours=2)),
            acknowledged_by=factory.LazyAttribute(lambda o: o.service.accountable_officer),
            response="We have looked into it and fixed the rota.",
            responded_at=factory.LazyAttribute(lambda o: o.submitted_at + dt.timedelta(days=1)),
            responded_by=factory.LazyAttribute(lambda o: o.service.accountable_officer),
        )
        closed = factory.Trait(
            status=IntelligenceStatus.CLOSED,
            acknowledged_at=factory.LazyAttribute(lambda o: o.submitted_at + dt.timedelta(hours=2)),
            acknowledged_by=factory.LazyAttribute(lambda o: o.service.accountable_officer),
            response="Sorted.",
            responded_at=factory.LazyAttribute(lambda o: o.submitted_at + dt.timedelta(days=1)),
            responded_by=factory.LazyAttribute(lambda o: o.service.accountable_officer),
            closed_at=factory.LazyAttribute(lambda o: o.submitted_at + dt.timedelta(days=2)),
            closed_by=factory.LazyAttribute(lambda o: o.service.accountable_officer),
        )
        withdrawn = factory.Trait(
            archived_at=factory.LazyAttribute(lambda o: o.submitted_at + dt.timedelta(hours=1)),
            archived_by=factory.LazyAttribute(lambda o: o.submitted_by),
            archive_reason="Submitted twice",
        )
