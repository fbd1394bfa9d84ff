"""Discounting to HM Treasury Green Book standard: the social time preference rate (STPR) schedule.

The Green Book discounts real (inflation-free) amounts at 3.5% a year for years 0-30, 3.0% for 31-75, 2.5% for
76-125, 2.0% for 126-200, 1.5% for 201-300 and 1.0% after that. Year 0 (the base year) is not discounted. Each band
compounds on the last factor of the band before, so

    factor(t)  = 1 / 1.035**t                  for t <= 30
    factor(31) = factor(30) / 1.03
    factor(76) = factor(75) / 1.025            and so on.

Factors are Decimals worked to ``PRECISION`` significant digits; money is rounded to pence only at the reporting
edge (see ``engine.finance.appraisal``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Context, Decimal, localcontext
from functools import lru_cache

PRECISION = 40  # significant digits for discount factors and present values, far beyond pence on any real sum
ONE = Decimal(1)


@dataclass(frozen=True)
class RateBand:
    """One band of a discount schedule: ``rate`` a year for every year up to and including ``last_year``.

    ``last_year`` None means "every year after the band before".
    """

    last_year: int | None
    rate: Decimal


@dataclass(frozen=True)
class DiscountSchedule:
    """Discount rates by band of years, from year 1 on (year 0 is never discounted)."""

    bands: tuple[RateBand, ...]
    name: str = ""

    def __post_init__(self) -> None:
        if not self.bands:
            raise ValueError("a discount schedule needs at least one band")
        previous = 0
        for index, band in enumerate(self.bands):
            if not isinstance(band.rate, Decimal) or not band.rate.is_finite() or band.rate <= -1:
                raise ValueError(f"band {index} has rate {band.rate}: a rate must be a Decimal above -1")
            if band.last_year is None:
                if index != len(self.bands) - 1:
                    raise ValueError(f"band {index} is open-ended but is not the last band")
                continue
            if band.last_year <= previous:
                raise ValueError(f"band {index} ends at year {band.last_year}: bands must end in increasing years")
            previous = band.last_year
        if self.bands[-1].last_year is not None:
            raise ValueError("the last band must be open-ended (last_year None)")

    @classmethod
    def constant(cls, rate: Decimal) -> DiscountSchedule:
        """One rate for every year, as a spreadsheet's NPV function uses."""
        return cls(bands=(RateBand(None, Decimal(rate)),), name=f"constant {rate}")

    def rate_for(self, year: int) -> Decimal:
        """The rate that discounts ``year`` against the year before it (year >= 1)."""
        if year < 1:
            raise ValueError(f"year {year}: only years from 1 on are discounted")
        for band in self.bands:
            if band.last_year is None or year <= band.last_year:
                return band.rate
        raise AssertionError("unreachable: the last band is open-ended")  # pragma: no cover


GREEN_BOOK_STPR = DiscountSchedule(
    bands=(
        RateBand(30, Decimal("0.035")),
        RateBand(75, Decimal("0.030")),
        RateBand(125, Decimal("0.025")),
        RateBand(200, Decimal("0.020")),
        RateBand(300, Decimal("0.015")),
        RateBand(None, Decimal("0.010")),
    ),
    name="Green Book STPR",
)


def _context() -> Context:
    return Context(prec=PRECISION)


@lru_cache(maxsize=64)
def discount_factors(years: int, schedule: DiscountSchedule = GREEN_BOOK_STPR) -> tuple[Decimal, ...]:
    """Discount factors for years 0 .. years-1 (``years`` of them; factor(0) is 1).

    Within a band the factor is the band's opening factor divided by (1 + rate) to the power of the years into the
    band, which is how the Green Book tables are built (and keeps factor(30) exactly 1/1.035**30).
    """
    if years < 0:
        raise ValueError(f"years is {years}: it must be 0 or more")
    factors: list[Decimal] = []
    with localcontext(_context()):
        opening_year, opening_factor = 0, ONE
        for band in schedule.bands:
            last = years - 1 if band.last_year is None else min(band.last_year, years - 1)
            growth = ONE + band.rate
            for year in range(opening_year + 1, last + 1):
                factors.append(opening_factor / growth ** (year - opening_year))
            if band.last_year is None or band.last_year >= years - 1:
                break
            opening_factor = opening_factor / growth ** (band.last_year - opening_year)
            opening_year = band.last_year
    return (ONE, *factors)[:years]


def discount_factor(year: int, schedule: DiscountSchedule = GREEN_BOOK_STPR) -> Decimal:
    """The discount factor for one year (year 0 is 1)."""
    if year < 0:
        raise ValueError(f"year is {year}: it must be 0 or more")
    return discount_factors(year + 1, schedule)[year]


def present_value(amounts: Sequence[Decimal], schedule: DiscountSchedule = GREEN_BOOK_STPR) -> Decimal:
    """The present value of real amounts by year from year 0, unrounded (round at the reporting edge)."""
    factors = discount_factors(len(amounts), schedule)
    with localcontext(_context()):
        return sum((Decimal(amount) * factor for amount, factor in zip(amounts, factors, strict=True)), Decimal(0))
