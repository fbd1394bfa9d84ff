"""factory_boy factories for the governance app's records, shared by every area's tests."""

from __future__ import annotations

import datetime as dt

import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from commissioning.governance.models import (
    AgendaItem,
    Body,
    BodyKind,
    Decision,
    DecisionStatus,
    MakerKind,
    Meeting,
    MemberRole,
    Membership,
)
from tests.factories import CouncillorFactory, UserFactory


class BodyFactory(DjangoModelFactory):
    class Meta:
        model = Body

    name = factory.Sequence(lambda n: f"Committee {n}")
    kind = BodyKind.COMMITTEE
    purpose = "Considers matters referred to it."

    class Params:
        council = factory.Trait(kind=BodyKind.COUNCIL, name="Full Council")
        cabinet = factory.Trait(kind=BodyKind.CABINET, name="Cabinet")
        scrutiny = factory.Trait(kind=BodyKind.SCRUTINY, name=factory.Sequence(lambda n: f"Scrutiny Committee {n}"))
        portfolio_holder = factory.Trait(
            kind=BodyKind.PORTFOLIO_HOLDER,
            name=factory.Sequence(lambda n: f"Cabinet Member for Portfolio {n}"),
            portfolio=factory.Sequence(lambda n: f"Portfolio {n}"),
        )


class MembershipFactory(DjangoModelFactory):
    class Meta:
        model = Membership

    body = factory.SubFactory(BodyFactory)
    councillor = factory.SubFactory(CouncillorFactory)
    role = MemberRole.MEMBER
    party = factory.LazyAttribute(lambda m: m.councillor.party if m.councillor else "")
    starts_on = dt.date(2026, 5, 1)


class MeetingFactory(DjangoModelFactory):
    class Meta:
        model = Meeting

    body = factory.SubFactory(BodyFactory)
    starts_at = factory.LazyFunction(lambda: timezone.now() + dt.timedelta(days=14))
    place = "Council Chamber, Town Hall"


class AgendaItemFactory(DjangoModelFactory):
    class Meta:
        model = AgendaItem

    meeting = factory.SubFactory(MeetingFactory)
    number = factory.Sequence(lambda n: n + 1)
    title = factory.Sequence(lambda n: f"Agenda item {n}")


class DecisionFactory(DjangoModelFactory):
    """A draft decision by a body (Cabinet unless told otherwise)."""

    class Meta:
        model = Decision

    reference = factory.Sequence(lambda n: f"DEC-2026-{n + 1:03d}")
    title = factory.Sequence(lambda n: f"Decision on matter {n}")
    maker_kind = MakerKind.BODY
    body = factory.SubFactory(BodyFactory, cabinet=True, name=factory.Sequence(lambda n: f"Cabinet {n}"))
    decided_on = factory.LazyFunction(timezone.localdate)
    reasons = "The business case showed it to be the best value option."
    status = DecisionStatus.DRAFT

    class Params:
        by_officer = factory.Trait(
            maker_kind=MakerKind.OFFICER,
            body=None,
            officer=factory.SubFactory(UserFactory),
            delegation="Scheme of delegation, paragraph 4.2",
        )
