"""Optimism bias: the Green Book's evidence-based uplift to cost estimates, and its recorded reduction.

Optimism bias is a fraction added to costs: 0.41 turns a cost of 100 into 141. The starting values come from the
Green Book supplementary guidance on optimism bias (Mott MacDonald's review of large public procurement, Table 2),
which gives an upper and a lower bound per project type for works duration and for capital expenditure:

    project type                      works duration    capital expenditure
    standard buildings                   1% -   4%          2% -  24%
    non-standard buildings               2% -  39%          4% -  51%
    standard civil engineering           1% -  20%          3% -  44%
    non-standard civil engineering       3% -  25%          6% -  66%
    equipment / development             10% -  54%         10% - 200%
    outsourcing                             n/a             0% -  41%  (operating expenditure)

An appraisal starts at the upper bound and reduces it only for contributory risks it can show are mitigated:
``applied = upper x (1 - mitigation)``, with ``mitigation`` the fraction (0 to 1) of the upper bound that the
evidence removes. The lower bound is the level the reviewed projects reached once their risks were managed; the
guidance says it is not a floor, so a reduction below it is allowed but flagged (``below_lower_bound``) so that a
reviewer asks for the evidence.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum

ZERO = Decimal(0)
ONE = Decimal(1)


class ProjectCategory(StrEnum):
    STANDARD_BUILDINGS = "standard_buildings"
    NON_STANDARD_BUILDINGS = "non_standard_buildings"
    STANDARD_CIVIL_ENGINEERING = "standard_civil_engineering"
    NON_STANDARD_CIVIL_ENGINEERING = "non_standard_civil_engineering"
    EQUIPMENT_DEVELOPMENT = "equipment_development"
    OUTSOURCING = "outsourcing"


class BiasMeasure(StrEnum):
    WORKS_DURATION = "works_duration"
    CAPEX = "capex"  # for outsourcing the table measures operating expenditure


@dataclass(frozen=True)
class BiasBounds:
    """Lower and upper bound optimism bias, as fractions (0.24 is 24%)."""

    lower: Decimal
    upper: Decimal

    def __post_init__(self) -> None:
        if not ZERO <= self.lower <= self.upper:
            raise ValueError(f"bounds {self.lower}-{self.upper}: need 0 <= lower <= upper")


@dataclass(frozen=True)
class CategoryBias:
    """One row of the table. ``works_duration`` is None where the guidance gives none (outsourcing)."""

    category: ProjectCategory
    label: str
    works_duration: BiasBounds | None
    capex: BiasBounds

    def bounds(self, measure: BiasMeasure) -> BiasBounds:
        if measure is BiasMeasure.CAPEX:
            return self.capex
        if self.works_duration is None:
            raise ValueError(f"the guidance gives no works duration optimism bias for {self.label}")
        return self.works_duration


def _bounds(lower: str, upper: str) -> BiasBounds:
    return BiasBounds(Decimal(lower), Decimal(upper))


OPTIMISM_BIAS_TABLE: dict[ProjectCategory, CategoryBias] = {
    row.category: row
    for row in (
        CategoryBias(
            ProjectCategory.STANDARD_BUILDINGS, "Standard buildings", _bounds("0.01", "0.04"), _bounds("0.02", "0.24")
        ),
        CategoryBias(
            ProjectCategory.NON_STANDARD_BUILDINGS,
            "Non-standard buildings",
            _bounds("0.02", "0.39"),
            _bounds("0.04", "0.51"),
        ),
        CategoryBias(
            ProjectCategory.STANDARD_CIVIL_ENGINEERING,
            "Standard civil engineering",
            _bounds("0.01", "0.20"),
            _bounds("0.03", "0.44"),
        ),
        CategoryBias(
            ProjectCategory.NON_STANDARD_CIVIL_ENGINEERING,
            "Non-standard civil engineering",
            _bounds("0.03", "0.25"),
            _bounds("0.06", "0.66"),
        ),
        CategoryBias(
            ProjectCategory.EQUIPMENT_DEVELOPMENT,
            "Equipment and development",
            _bounds("0.10", "0.54"),
            _bounds("0.10", "2.00"),
        ),
        CategoryBias(ProjectCategory.OUTSOURCING, "Outsourcing", None, _bounds("0.00", "0.41")),
    )
}


def starting_optimism_bias(category: ProjectCategory, measure: BiasMeasure = BiasMeasure.CAPEX) -> Decimal:
    """The upper bound for the category: where an appraisal starts before any evidenced mitigation."""
    return OPTIMISM_BIAS_TABLE[ProjectCategory(category)].bounds(BiasMeasure(measure)).upper


@dataclass(frozen=True)
class OptimismBiasAdjustment:
    """A recorded optimism bias: the category's starting value reduced for evidenced, mitigated risks.

    ``mitigation`` is the fraction (0 to 1) of the upper bound that the evidence removes, ``reason`` the evidence.
    """

    category: ProjectCategory
    mitigation: Decimal = ZERO
    reason: str = ""
    measure: BiasMeasure = BiasMeasure.CAPEX

    def __post_init__(self) -> None:
        object.__setattr__(self, "category", ProjectCategory(self.category))
        object.__setattr__(self, "measure", BiasMeasure(self.measure))
        object.__setattr__(self, "mitigation", Decimal(self.mitigation))
        if not ZERO <= self.mitigation <= ONE:
            raise ValueError(f"mitigation is {self.mitigation}: it must be a fraction from 0 to 1")
        if self.mitigation > ZERO and not self.reason.strip():
            raise ValueError("a reduction for mitigated risks must record the evidence (reason)")
        self.bounds  # noqa: B018 - raises for a measure the table does not give

    @property
    def bounds(self) -> BiasBounds:
        return OPTIMISM_BIAS_TABLE[self.category].bounds(self.measure)

    @property
    def starting(self) -> Decimal:
        return self.bounds.upper

    @property
    def applied(self) -> Decimal:
        """The uplift to apply to costs: upper bound x (1 - mitigation)."""
        return self.starting * (ONE - self.mitigation)

    @property
    def reduction(self) -> Decimal:
        return self.starting - self.applied

    @property
    def below_lower_bound(self) -> bool:
        return self.applied < self.bounds.lower


def apply_optimism_bias(amount: Decimal, optimism_bias: Decimal) -> Decimal:
    """A cost with its uplift: amount x (1 + optimism bias)."""
    if optimism_bias < ZERO:
        raise ValueError(f"optimism bias is {optimism_bias}: it must be 0 or more")
    return amount * (ONE + optimism_bias)
