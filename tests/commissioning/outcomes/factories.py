"""factory_boy factories for the outcomes app (priorities, outcomes, indicators, values, benchmarks, evidence)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import factory
from factory.django import DjangoModelFactory

from commissioning.accounts.models import Organisation
from commissioning.core.permissions import Role
from commissioning.outcomes.models import (
    Benchmark,
    Comparator,
    ComparatorGroup,
    Consultation,
    ConsultationMethod,
    EvidenceKind,
    Indicator,
    Measurement,
    NeedsEvidence,
    Outcome,
    Priority,
    Target,
    UnitCostBenchmark,
)
from commissioning.services.models import Service
from tests.factories import OrganisationFactory, UserFactory

ARCHIVED_AT = dt.datetime(2026, 5, 1, 9, 0, tzinfo=dt.UTC)


class PriorityFactory(DjangoModelFactory):
    class Meta:
        model = Priority
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"P{n + 1}")
    name = factory.Sequence(lambda n: f"Test priority {n}")
    description = "A priority used in tests."
    position = factory.Sequence(lambda n: n + 1)
    published = True

    class Params:
        unpublished = factory.Trait(published=False)
        archived = factory.Trait(archived_at=ARCHIVED_AT, archive_reason="Plan ended")


class OutcomeFactory(DjangoModelFactory):
    """An outcome (published unless asked) under a published priority; pass services=[...] to link services."""

    class Meta:
        model = Outcome
        skip_postgeneration_save = True

    reference = factory.Sequence(lambda n: f"OC-{n + 1:02d}")
    priority = factory.SubFactory(PriorityFactory)
    name = factory.Sequence(lambda n: f"Test outcome {n}")
    description = "An outcome used in tests."
    lead = factory.SubFactory(UserFactory, role=Role.OFFICER)
    published = True

    class Params:
        unpublished = factory.Trait(published=False)
        archived = factory.Trait(archived_at=ARCHIVED_AT, archive_reason="Outcome met")

    @factory.post_generation
    def services(self, create: bool, extracted: list[Service] | None, **kwargs: object) -> None:
        if create and extracted:
            self.services.set(extracted)


class IndicatorFactory(DjangoModelFactory):
    """A published, quarterly, higher-is-better percentage indicator; pass services=[...] to link services."""

    class Meta:
        model = Indicator
        skip_postgeneration_save = True

    code = factory.Sequence(lambda n: f"TST-{n + 1:02d}")
    name = factory.Sequence(lambda n: f"Test indicator {n}")
    definition = "What is counted, for tests."
    unit = "percent"
    polarity = "higher"
    frequency = "quarterly"
    outcome = None
    owner = factory.SubFactory(UserFactory, role=Role.OFFICER)
    data_source = "Test system"
    published = True

    class Params:
        unpublished = factory.Trait(published=False)
        archived = factory.Trait(archived_at=ARCHIVED_AT, archive_reason="No longer collected")
        money = factory.Trait(unit="gbp", polarity="lower", frequency="annual")
        monthly = factory.Trait(frequency="monthly")
        annual = factory.Trait(frequency="annual")

    @factory.post_generation
    def services(self, create: bool, extracted: list[Service] | None, **kwargs: object) -> None:
        if create and extracted:
            self.services.set(extracted)


class TargetFactory(DjangoModelFactory):
    class Meta:
        model = Target

    indicator = factory.SubFactory(IndicatorFactory)
    period = "2025/26 Q1"
    target = Decimal("80")
    tolerance_basis = "absolute"
    tolerance = Decimal("5")


class MeasurementFactory(DjangoModelFactory):
    class Meta:
        model = Measurement

    indicator = factory.SubFactory(IndicatorFactory)
    period = "2025/26 Q1"
    value = Decimal("82.5")
    note = ""
    entered_by = factory.SubFactory(UserFactory, role=Role.OFFICER)


class ComparatorGroupFactory(DjangoModelFactory):
    class Meta:
        model = ComparatorGroup

    council = factory.LazyFunction(
        lambda: Organisation.objects.filter(is_home=True).first() or OrganisationFactory(council=True)
    )
    name = "Nearest neighbours"
    source = "CIPFA nearest neighbours model"


class ComparatorFactory(DjangoModelFactory):
    class Meta:
        model = Comparator

    group = factory.SubFactory(ComparatorGroupFactory)
    name = factory.Sequence(lambda n: f"Comparator {n} Borough Council")
    ons_code = factory.Sequence(lambda n: f"E07000{800 + n:03d}")
    position = factory.Sequence(lambda n: n + 1)


class BenchmarkFactory(DjangoModelFactory):
    class Meta:
        model = Benchmark

    indicator = factory.SubFactory(IndicatorFactory)
    year = "2025/26"
    ons_code = "E07000800"
    value = Decimal("70")
    source = "Published comparative data"


class UnitCostBenchmarkFactory(DjangoModelFactory):
    class Meta:
        model = UnitCostBenchmark

    year = "2026/27"
    ons_code = "E07000800"
    unit_cost = Decimal("200.00")
    source = "Revenue outturn"


class EvidenceFactory(DjangoModelFactory):
    class Meta:
        model = NeedsEvidence

    title = factory.Sequence(lambda n: f"Test evidence {n}")
    kind = EvidenceKind.NEEDS_ASSESSMENT
    source = "Public Health intelligence team"
    evidence_date = dt.date(2026, 1, 15)
    summary = "Need is rising in the most deprived wards."

    class Params:
        archived = factory.Trait(archived_at=ARCHIVED_AT, archive_reason="Superseded")


class ConsultationFactory(DjangoModelFactory):
    class Meta:
        model = Consultation

    title = factory.Sequence(lambda n: f"Test consultation {n}")
    purpose = "We asked residents what matters most."
    method = ConsultationMethod.SURVEY
    opened_on = dt.date(2025, 10, 1)
    closed_on = dt.date(2025, 11, 30)
    responses = 320
    response_summary = "Most respondents valued the service and wanted it kept local."

    class Params:
        archived = factory.Trait(archived_at=ARCHIVED_AT, archive_reason="Withdrawn")
