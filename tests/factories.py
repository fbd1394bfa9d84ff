"""factory_boy factories with state variants (published, archived, outsourced, statutory...)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import factory
from factory.django import DjangoModelFactory

from commissioning.accounts.models import Councillor, Organisation, User, Ward
from commissioning.contracts.models import Contract, ContractKind, Procedure
from commissioning.core.permissions import Role
from commissioning.reviews.models import CommissioningReview, Stage
from commissioning.reviews.models import ReviewStatus as CommissioningReviewStatus
from commissioning.services.models import DeliveryModel, Directorate, ReviewStatus, Service

factory.Faker._DEFAULT_LOCALE = "en_GB"
TEST_PASSWORD = "correct-horse-battery-staple"


class OrganisationFactory(DjangoModelFactory):
    class Meta:
        model = Organisation

    name = factory.Faker("company")
    kind = Organisation.Kind.COMPANY
    company_number = factory.Sequence(lambda n: f"{10000000 + n:08d}")

    class Params:
        council = factory.Trait(
            kind=Organisation.Kind.COUNCIL,
            is_home=True,
            company_number="",
            ons_code="E07000990",
            name="Testshire Borough Council",
        )
        charity = factory.Trait(
            kind=Organisation.Kind.CHARITY,
            company_number="",
            charity_number=factory.Sequence(lambda n: f"{1100000 + n:07d}"),
            is_vcse=True,
        )


class UserFactory(DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = factory.Faker("first_name")
    last_name = factory.Faker("last_name")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.org")
    role = Role.OFFICER
    password = factory.django.Password(TEST_PASSWORD)

    class Params:
        provider_contact = factory.Trait(role=Role.PROVIDER, organisation=factory.SubFactory(OrganisationFactory))


class WardFactory(DjangoModelFactory):
    class Meta:
        model = Ward

    name = factory.Sequence(lambda n: f"Ward {n}")
    ons_code = factory.Sequence(lambda n: f"E05{900000 + n:06d}")
    council = factory.LazyFunction(
        lambda: Organisation.objects.filter(is_home=True).first() or OrganisationFactory(council=True)
    )


class CouncillorFactory(DjangoModelFactory):
    class Meta:
        model = Councillor
        skip_postgeneration_save = True

    name = factory.Faker("name")
    party = "Independent"

    @factory.post_generation
    def wards(self, create: bool, extracted: list[Ward] | None, **kwargs: object) -> None:
        if create:
            self.wards.set(extracted if extracted is not None else [WardFactory()])


class DirectorateFactory(DjangoModelFactory):
    class Meta:
        model = Directorate
        django_get_or_create = ("code",)

    name = factory.Sequence(lambda n: f"Directorate {n}")
    code = factory.Sequence(lambda n: "D" + "".join(chr(65 + int(d)) for d in f"{n:03d}"))


class ServiceFactory(DjangoModelFactory):
    class Meta:
        model = Service
        skip_postgeneration_save = True

    reference = factory.Sequence(lambda n: f"TST-{n + 1:03d}")
    name = factory.Sequence(lambda n: f"Test service {n}")
    description = "A service used in tests."
    directorate = factory.SubFactory(DirectorateFactory)
    accountable_officer = factory.SubFactory(UserFactory, role=Role.OFFICER)
    is_statutory = False
    delivery_model = DeliveryModel.IN_HOUSE
    budget_year = "2026/27"
    gross_budget = Decimal("250000.00")
    net_budget = Decimal("200000.00")
    staff_fte = Decimal("6.50")
    annual_demand = 1000
    demand_unit = "visits"
    review_status = ReviewStatus.NOT_SCHEDULED
    published = True

    class Params:
        unpublished = factory.Trait(published=False)
        archived = factory.Trait(
            archived_at=factory.Faker("date_time_this_year", tzinfo=__import__("datetime").UTC),
            archive_reason="Service ended",
        )
        statutory = factory.Trait(is_statutory=True, statutory_basis="Care Act 2014, s.18")
        outsourced = factory.Trait(
            delivery_model=DeliveryModel.PRIVATE, provider=factory.SubFactory(OrganisationFactory)
        )

    @factory.post_generation
    def wards(self, create: bool, extracted: list[Ward] | None, **kwargs: object) -> None:
        if create and extracted:
            self.wards.set(extracted)


class ReviewFactory(DjangoModelFactory):
    """A commissioning review of one new service (pass services=[...] to choose them). Unpublished unless asked."""

    class Meta:
        model = CommissioningReview
        skip_postgeneration_save = True

    reference = factory.Sequence(lambda n: f"CR-2026-{n + 1:03d}")
    title = factory.Sequence(lambda n: f"Test review {n}")
    purpose = "Find out whether the service gives best value, and how it should be delivered."
    directorate = factory.SubFactory(DirectorateFactory)
    lead_commissioner = factory.SubFactory(UserFactory, role=Role.OFFICER)
    stage = Stage.ANALYSE
    planned_start = "2026/27 Q1"
    planned_end = "2026/27 Q4"
    status = CommissioningReviewStatus.PLANNED
    published = False

    class Params:
        # A trait cannot share the field's name, so the published state is the `public` trait (or published=True).
        public = factory.Trait(published=True)
        in_progress = factory.Trait(status=CommissioningReviewStatus.IN_PROGRESS, stage=Stage.PLAN)
        completed = factory.Trait(
            status=CommissioningReviewStatus.COMPLETED,
            stage=Stage.REVIEW,
            planned_start="2024/25 Q1",
            planned_end="2025/26 Q2",
        )
        archived = factory.Trait(
            archived_at=factory.Faker("date_time_this_year", tzinfo=__import__("datetime").UTC),
            archive_reason="Review withdrawn",
        )

    @factory.post_generation
    def services(self, create: bool, extracted: list[Service] | None, **kwargs: object) -> None:
        if create:
            self.services.set(extracted if extracted else [ServiceFactory(directorate=self.directorate)])


class ContractFactory(DjangoModelFactory):
    class Meta:
        model = Contract
        skip_postgeneration_save = True

    kind = ContractKind.CONTRACT
    reference = factory.Sequence(lambda n: f"CON-2026-{n + 1:03d}")
    title = factory.Sequence(lambda n: f"Test contract {n}")
    directorate = factory.SubFactory(DirectorateFactory)
    provider = factory.SubFactory(OrganisationFactory)
    procedure = Procedure.OPEN
    cpv_codes = "85311000-2"
    total_value = Decimal("3000000.00")
    annual_value = Decimal("1000000.00")
    start_date = dt.date(2025, 4, 1)
    end_date = dt.date(2028, 3, 31)
    contract_manager = factory.SubFactory(UserFactory, role=Role.OFFICER)
    published = True

    class Params:
        in_house = factory.Trait(kind=ContractKind.IN_HOUSE, provider=None, procedure=Procedure.IN_HOUSE, cpv_codes="")

    @factory.post_generation
    def services(self, create: bool, extracted: list[Service] | None, **kwargs: object) -> None:
        if create and extracted:
            self.services.set(extracted)
