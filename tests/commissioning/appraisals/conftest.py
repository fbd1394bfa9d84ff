"""The hand-worked shortlist of tests/engine/finance/test_appraisal.py, built through the app's actions.

Three years (2026/27 to 2028/29), discount factors 1, 1/1.035 and 1/1.035^2:

- In-house (business as usual): costs 1,000 a year. PV costs 2,899.69; NPSV -2,899.69.
- Shared service (do minimum): costs 1,100, 900, 900; benefits 0, 50, 50. NPSV -2,714.74; +184.95 against BAU.
- Outsource: procurement 200 in year 0 (one-off), contract 600 a year, a non-cashable benefit of 100 in years 1
  and 2, and 10% optimism bias (equipment and development, 200% reduced by 95%). PV costs 2,133.80, PV benefits
  189.97, NPSV -1,943.83 (+955.86 against BAU), BCR 0.0890. The highest NPSV; its rival is the shared service.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

import pytest

from commissioning.accounts.models import Organisation, User
from commissioning.appraisals import actions
from commissioning.appraisals.actions import LineDetails, OptimismBias, OptionDetails
from commissioning.appraisals.models import Appraisal, Option, OptionDeliveryModel, OptionKind
from commissioning.core.permissions import Role
from commissioning.reviews.models import CommissioningReview
from tests.factories import OrganisationFactory, ReviewFactory, UserFactory

D = Decimal


def row(kind: str, label: str, *amounts: object, **extra: object) -> LineDetails:
    return LineDetails(kind=kind, label=label, amounts=tuple(D(str(a)) for a in amounts), **extra)  # type: ignore[arg-type]


@dataclass
class Shortlist:
    review: CommissioningReview
    appraisal: Appraisal
    bau: Option
    do_minimum: Option
    outsource: Option
    officer: User
    partner: Organisation


@pytest.fixture
def officer(council: Organisation) -> User:
    return UserFactory(username="olive", first_name="Olive", last_name="Okafor", role=Role.OFFICER)


@pytest.fixture
def review(council: Organisation) -> CommissioningReview:
    return ReviewFactory(reference="CR-2026-042", title="Review of meals at home")


@pytest.fixture
def shortlist(review: CommissioningReview, officer: User) -> Shortlist:
    partner = OrganisationFactory(name="Eastmoor District Council", kind=Organisation.Kind.PARTNER, company_number="")
    appraisal = actions.appraisal_create(review=review, base_year=2026, horizon_years=3, by=officer)
    bau = appraisal.options.get(kind=OptionKind.BAU)
    actions.option_lines_save(
        option=bau, rows=[row("recurring_cost", "Staff and running costs", 1000, 1000, 1000)], by=officer
    )
    do_minimum = actions.option_create(
        appraisal=appraisal,
        details=OptionDetails(
            kind=OptionKind.DO_MINIMUM,
            name="Shared service",
            delivery_model=OptionDeliveryModel.SHARED,
            partner=partner,
        ),
        by=officer,
    )
    actions.option_lines_save(
        option=do_minimum,
        rows=[
            row("recurring_cost", "Shared running costs", 1100, 900, 900),
            row("cashable_benefit", "Shared management", 0, 50, 50),
        ],
        by=officer,
    )
    outsource = actions.option_create(
        appraisal=appraisal,
        details=OptionDetails(kind=OptionKind.OPTION, name="Outsource", delivery_model=OptionDeliveryModel.PRIVATE),
        by=officer,
    )
    actions.option_lines_save(
        option=outsource,
        rows=[
            row("transition_cost", "Procurement", 200, transition_category="procurement"),
            row(
                "recurring_cost",
                "Contract",
                600,
                600,
                600,
                range_low=D("90"),
                range_likely=D("100"),
                range_high=D("130"),
            ),
            row("non_cashable_benefit", "Fewer complaints", 0, 100, 100),
        ],
        by=officer,
    )
    actions.option_set_optimism_bias(
        option=outsource,
        bias=OptimismBias(category="equipment_development", mitigation=D("0.95"), reason="Fixed-price contract"),
        by=officer,
    )
    return Shortlist(review, appraisal, bau, do_minimum, outsource, officer, partner)
