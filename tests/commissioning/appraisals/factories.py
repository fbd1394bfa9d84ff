"""factory_boy factories for options appraisals and business cases (see tests/factories.py for the others)."""

from __future__ import annotations

from decimal import Decimal

import factory
from factory.django import DjangoModelFactory

from commissioning.appraisals.models import (
    Appraisal,
    BusinessCase,
    CostBenefitLine,
    CriterionScore,
    LineKind,
    Option,
    OptionDeliveryModel,
    OptionKind,
)
from tests.factories import ReviewFactory


def amounts(*values: object, years: int = 10) -> list[str]:
    """A line's amounts as stored: decimal strings, one a year, padded with £0 to ``years``."""
    given = [str(Decimal(str(value)).quantize(Decimal("0.01"))) for value in values]
    return given + ["0.00"] * (years - len(given))


class AppraisalFactory(DjangoModelFactory):
    class Meta:
        model = Appraisal
        skip_postgeneration_save = True

    review = factory.SubFactory(ReviewFactory)
    base_year = 2026
    horizon_years = 10

    @factory.post_generation
    def bau(self, create: bool, extracted: object, **kwargs: object) -> None:
        """Business as usual is always on the shortlist (pass bau=False to leave it out)."""
        if create and extracted is not False:
            OptionFactory(appraisal=self, kind=OptionKind.BAU, name="Business as usual", delivery_model="")


class OptionFactory(DjangoModelFactory):
    class Meta:
        model = Option

    appraisal = factory.SubFactory(AppraisalFactory)
    kind = OptionKind.OPTION
    name = factory.Sequence(lambda n: f"Option {n}")
    delivery_model = OptionDeliveryModel.PRIVATE
    description = "An option used in tests."

    class Params:
        do_minimum = factory.Trait(kind=OptionKind.DO_MINIMUM, delivery_model=OptionDeliveryModel.IN_HOUSE_REDESIGN)


class LineFactory(DjangoModelFactory):
    class Meta:
        model = CostBenefitLine

    option = factory.SubFactory(OptionFactory)
    kind = LineKind.RECURRING_COST
    label = factory.Sequence(lambda n: f"Line {n}")
    amounts = factory.LazyFunction(lambda: amounts(*([1000] * 10)))

    class Params:
        ranged = factory.Trait(
            range_low=Decimal("90"), range_likely=Decimal("100"), range_high=Decimal("130"), distribution="triangular"
        )


class ScoreFactory(DjangoModelFactory):
    class Meta:
        model = CriterionScore

    option = factory.SubFactory(OptionFactory)
    criterion = "quality"
    score = 3
    justification = "Meets the outcomes residents need."


class BusinessCaseFactory(DjangoModelFactory):
    class Meta:
        model = BusinessCase

    review = factory.SubFactory(ReviewFactory)
    version = 1
