"""Options appraisal to HM Treasury Green Book standard: present values, NPSV, BCR, payback and switching values.

Inputs and outputs are frozen dataclasses. Every amount is a ``Decimal`` of real pounds (prices of the appraisal's
base year) for one financial year, year 0 being the base year. The arithmetic is exact to ``PRECISION`` digits and
money is rounded to pence (ROUND_HALF_UP) only in the results; the figures derived from the rounded present values
(NPSV, BCR, NPSV against business as usual) are worked from the rounded values, so a published table adds up.

Definitions (per option):

- PV of costs: recurring and one-off transition cost lines, each uplifted by its optimism bias, discounted.
- PV of benefits: cashable and non-cashable benefits and income, discounted. Benefits and income may be negative
  (a disbenefit, lost income); costs may not (enter a saving as a benefit), so the PV of costs is never negative.
- NPSV = PV of benefits - PV of costs; ``npsv_vs_bau`` = NPSV - NPSV of business as usual.
- BCR = PV of benefits / PV of costs, to ``BCR_PLACES``; **None when the PV of costs is 0** (no costs to divide
  by: the BCR is undefined, and reporting it as infinite or 0 would mislead).
- Discounted payback year: the first year (0 = base year) in which the cumulative discounted net benefit, to the
  penny, is 0 or more; None if it never is within the horizon.
- Preferred option: the highest NPSV as reported (to the penny); a tie goes to the option listed first.
- Switching values (preferred option only): NPSV is linear in each line, so scaling line L's amounts by (1 + f)
  changes the preferred option's NPSV by f x (L's signed PV). The preferred option ties with its closest rival
  (the next-highest NPSV) when f = -(NPSV preferred - NPSV rival) / (L's signed PV): a cost line must rise by f,
  a benefit line fall by -f. None for a line whose PV is 0 (no change to it can switch the choice).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Context, Decimal, localcontext
from enum import StrEnum

from engine.finance.discounting import GREEN_BOOK_STPR, PRECISION, DiscountSchedule, discount_factors
from engine.finance.years import FinancialYear

PENNY = Decimal("0.01")
BCR_PLACES = Decimal("0.0001")
ZERO = Decimal(0)
ONE = Decimal(1)
DEFAULT_HORIZON_YEARS = 10


class OptionKind(StrEnum):
    BAU = "bau"
    DO_MINIMUM = "do_minimum"
    OPTION = "option"


class LineKind(StrEnum):
    RECURRING_COST = "recurring_cost"
    TRANSITION_COST = "transition_cost"
    CASHABLE_BENEFIT = "cashable_benefit"
    NON_CASHABLE_BENEFIT = "non_cashable_benefit"
    INCOME = "income"

    @property
    def is_cost(self) -> bool:
        return self in (LineKind.RECURRING_COST, LineKind.TRANSITION_COST)


class TransitionCategory(StrEnum):
    """The usual one-off transition costs (a line's category is free text; these are the common ones)."""

    REDUNDANCY = "redundancy"
    PROCUREMENT = "procurement"
    ICT = "ict"
    DOUBLE_RUNNING = "double_running"


class Distribution(StrEnum):
    TRIANGULAR = "triangular"
    PERT = "pert"


class RangeBasis(StrEnum):
    MULTIPLIER = "multiplier"  # minimum, most likely, maximum scale the line's amounts (1 = as entered)
    ABSOLUTE = "absolute"  # they are the line's total over the horizon in real pounds; the profile keeps its shape


def _decimal(value: object, what: str) -> Decimal:
    if isinstance(value, bool) or not isinstance(value, Decimal | int | str):
        raise TypeError(f"{what} is {value!r}: it must be a Decimal, an int or a numeric string")
    try:
        number = Decimal(value)
    except ArithmeticError as exc:
        raise ValueError(f"{what} is {value!r}: it is not a number") from exc
    if not number.is_finite():
        raise ValueError(f"{what} is {value}: it must be a finite number")
    return number


def _context() -> Context:
    return Context(prec=PRECISION)


def to_pence(amount: Decimal) -> Decimal:
    """Round to the penny, half up, never giving "-0.00"."""
    rounded = amount.quantize(PENNY, rounding=ROUND_HALF_UP)
    return rounded if rounded else PENNY * 0


@dataclass(frozen=True)
class LineRange:
    """Uncertainty on a line: (minimum, most likely, maximum) and the distribution between them.

    The range scales the line's whole profile: with the multiplier basis a draw of 1.1 is every year's amount
    times 1.1; with the absolute basis the values are totals over the horizon, turned into multipliers by dividing
    by the line's total. A range with minimum == maximum is a fixed value.
    """

    minimum: Decimal
    most_likely: Decimal
    maximum: Decimal
    basis: RangeBasis = RangeBasis.MULTIPLIER
    distribution: Distribution = Distribution.TRIANGULAR

    def __post_init__(self) -> None:
        for field in ("minimum", "most_likely", "maximum"):
            object.__setattr__(self, field, _decimal(getattr(self, field), f"range {field}"))
        object.__setattr__(self, "basis", RangeBasis(self.basis))
        object.__setattr__(self, "distribution", Distribution(self.distribution))
        if not self.minimum <= self.most_likely <= self.maximum:
            raise ValueError(
                f"range ({self.minimum}, {self.most_likely}, {self.maximum}): need minimum <= most likely <= maximum"
            )


@dataclass(frozen=True)
class Line:
    """One line of an option: amounts by year from year 0, in real pounds of the base year.

    ``optimism_bias`` (cost lines only) overrides the option's uplift for this line; None uses the option's.
    """

    kind: LineKind
    category: str
    amounts: tuple[Decimal, ...]
    range: LineRange | None = None
    optimism_bias: Decimal | None = None
    label: str = ""

    def __post_init__(self) -> None:
        object.__setattr__(self, "kind", LineKind(self.kind))
        object.__setattr__(
            self, "amounts", tuple(_decimal(a, f"{self.name} amount {i}") for i, a in enumerate(self.amounts))
        )
        if self.kind.is_cost:
            negative = next((i for i, a in enumerate(self.amounts) if a < 0), None)
            if negative is not None:
                raise ValueError(
                    f"{self.name} year {negative} is {self.amounts[negative]}: costs must be 0 or more "
                    "(enter a saving as a benefit)"
                )
        if self.optimism_bias is not None:
            if not self.kind.is_cost:
                raise ValueError(f"{self.name}: optimism bias applies to cost lines only")
            object.__setattr__(self, "optimism_bias", _decimal(self.optimism_bias, f"{self.name} optimism bias"))
            if self.optimism_bias is not None and self.optimism_bias < 0:
                raise ValueError(f"{self.name} optimism bias is {self.optimism_bias}: it must be 0 or more")
        if self.range is not None:
            if self.range.basis is RangeBasis.ABSOLUTE and self.total == 0:
                raise ValueError(f"{self.name}: an absolute range needs a line whose amounts do not total 0")
            low, _likely, _high = self.multipliers()
            if low < 0:
                raise ValueError(f"{self.name}: the range must not scale the line below 0 (a multiplier of {low})")

    @property
    def name(self) -> str:
        return self.label or self.category or self.kind.value

    @property
    def total(self) -> Decimal:
        """The undiscounted real total over the years given."""
        with localcontext(_context()):
            return sum(self.amounts, ZERO)

    def multipliers(self) -> tuple[Decimal, Decimal, Decimal]:
        """(minimum, most likely, maximum) as multipliers of the amounts; (1, 1, 1) without a range."""
        if self.range is None:
            return ONE, ONE, ONE
        values = (self.range.minimum, self.range.most_likely, self.range.maximum)
        if self.range.basis is RangeBasis.MULTIPLIER:
            return values
        with localcontext(_context()):
            total = self.total
            low, likely, high = (value / total for value in values)
        return (low, likely, high) if total > 0 else (high, likely, low)


@dataclass(frozen=True)
class OptionInput:
    """One option on the shortlist. ``optimism_bias`` (0.41 = 41%) uplifts every cost line without its own."""

    name: str
    kind: OptionKind
    lines: tuple[Line, ...]
    optimism_bias: Decimal = ZERO

    def __post_init__(self) -> None:
        if not isinstance(self.name, str) or not self.name.strip():
            raise ValueError(f"option name {self.name!r}: it must be a non-empty string")
        object.__setattr__(self, "kind", OptionKind(self.kind))
        object.__setattr__(self, "lines", tuple(self.lines))
        object.__setattr__(self, "optimism_bias", _decimal(self.optimism_bias, f"{self.name} optimism bias"))
        if self.optimism_bias < 0:
            raise ValueError(f"{self.name} optimism bias is {self.optimism_bias}: it must be 0 or more")

    def optimism_bias_for(self, line: Line) -> Decimal:
        if not line.kind.is_cost:
            return ZERO
        return self.optimism_bias if line.optimism_bias is None else line.optimism_bias


@dataclass(frozen=True)
class AppraisalInput:
    """A shortlist to appraise: exactly one business-as-usual option, names unique, lines within the horizon.

    ``base_year`` is the first year of the base financial year (2026 for 2026/27): year 0, and the price base.
    A line with fewer amounts than the horizon is 0 in the later years.
    """

    base_year: int
    options: tuple[OptionInput, ...]
    horizon_years: int = DEFAULT_HORIZON_YEARS
    schedule: DiscountSchedule = GREEN_BOOK_STPR

    def __post_init__(self) -> None:
        object.__setattr__(self, "options", tuple(self.options))
        if self.horizon_years < 1:
            raise ValueError(f"horizon_years is {self.horizon_years}: it must be 1 or more")
        seen: dict[str, int] = {}
        for index, option in enumerate(self.options):
            if option.name in seen:
                raise ValueError(f'options {seen[option.name]} and {index} are both called "{option.name}"')
            seen[option.name] = index
            for line in option.lines:
                if len(line.amounts) > self.horizon_years:
                    raise ValueError(
                        f'"{option.name}" line {line.name} has {len(line.amounts)} years: '
                        f"the horizon is {self.horizon_years}"
                    )
        bau = [option.name for option in self.options if option.kind is OptionKind.BAU]
        if len(bau) != 1:
            raise ValueError(f"the shortlist has {len(bau)} business-as-usual options: it needs exactly one (kind bau)")

    @property
    def bau(self) -> OptionInput:
        return next(option for option in self.options if option.kind is OptionKind.BAU)

    @property
    def year_labels(self) -> tuple[str, ...]:
        return tuple(FinancialYear(self.base_year + year).label for year in range(self.horizon_years))

    @property
    def factors(self) -> tuple[Decimal, ...]:
        return discount_factors(self.horizon_years, self.schedule)


@dataclass(frozen=True)
class LineResult:
    """A line's present value (costs uplifted by optimism bias), to the penny; always positive for costs."""

    index: int
    kind: LineKind
    category: str
    label: str
    total: Decimal  # undiscounted real total over the horizon, before optimism bias
    present_value: Decimal
    optimism_bias: Decimal  # the uplift applied (0 for benefits)


@dataclass(frozen=True)
class OptionResult:
    name: str
    kind: OptionKind
    pv_costs: Decimal
    pv_benefits: Decimal
    npsv: Decimal
    bcr: Decimal | None  # None when pv_costs is 0
    npsv_vs_bau: Decimal
    discounted_payback_year: int | None  # 0 = base year; None if never within the horizon
    pv_optimism_bias: Decimal  # the part of pv_costs that is optimism bias uplift
    discounted_net_by_year: tuple[Decimal, ...]
    lines: tuple[LineResult, ...]


@dataclass(frozen=True)
class SwitchingValue:
    """How far one line of the preferred option must move before the rival's NPSV catches it up.

    ``fraction``: the relative change to the line's amounts (0.25 = up 25%, -0.4 = down 40%), unrounded.
    ``pv_change``: the change in the line's present value, to the penny (+ for a cost, - for a benefit).
    ``amount_change``: the change in the line's undiscounted real total over the horizon, to the penny.
    All three are None for a line whose present value is 0.
    """

    line_index: int
    kind: LineKind
    category: str
    label: str
    rival: str
    fraction: Decimal | None
    pv_change: Decimal | None
    amount_change: Decimal | None


@dataclass(frozen=True)
class AppraisalResult:
    base_year: int
    horizon_years: int
    year_labels: tuple[str, ...]
    options: tuple[OptionResult, ...]
    preferred: str
    rival: str | None  # the option with the next-highest NPSV; None on a shortlist of one
    switching_values: tuple[SwitchingValue, ...]

    def option(self, name: str) -> OptionResult:
        for option in self.options:
            if option.name == name:
                return option
        raise KeyError(name)


def _padded(amounts: Sequence[Decimal], years: int) -> tuple[Decimal, ...]:
    return (*amounts, *([ZERO] * (years - len(amounts))))


def line_present_values(appraisal: AppraisalInput, option: OptionInput) -> tuple[Decimal, ...]:
    """Each line's signed, unrounded present value: benefits and income +, costs (with optimism bias) -.

    The option's NPSV is the sum of these; the simulation scales them by each line's drawn multiplier.
    """
    factors = appraisal.factors
    values = []
    with localcontext(_context()):
        for line in option.lines:
            pv = sum((amount * factor for amount, factor in zip(line.amounts, factors, strict=False)), ZERO)
            if line.kind.is_cost:
                pv = -pv * (ONE + option.optimism_bias_for(line))
            values.append(pv)
    return tuple(values)


@dataclass(frozen=True)
class _Exact:
    """An option's unrounded figures."""

    pv_costs: Decimal
    pv_benefits: Decimal
    pv_optimism_bias: Decimal
    line_values: tuple[Decimal, ...]  # signed
    net_by_year: tuple[Decimal, ...]  # discounted

    @property
    def npsv(self) -> Decimal:
        return self.pv_benefits - self.pv_costs


def _exact(appraisal: AppraisalInput, option: OptionInput) -> _Exact:
    factors = appraisal.factors
    years = appraisal.horizon_years
    line_values = line_present_values(appraisal, option)
    with localcontext(_context()):
        pv_costs = sum(
            (-value for line, value in zip(option.lines, line_values, strict=True) if line.kind.is_cost), ZERO
        )
        pv_benefits = sum(
            (value for line, value in zip(option.lines, line_values, strict=True) if not line.kind.is_cost), ZERO
        )
        pv_bias = ZERO
        net = [ZERO] * years
        for line in option.lines:
            uplift = option.optimism_bias_for(line)
            sign = -(ONE + uplift) if line.kind.is_cost else ONE
            for year, amount in enumerate(_padded(line.amounts, years)):
                net[year] += sign * amount * factors[year]
                if uplift:
                    pv_bias += amount * uplift * factors[year]
    return _Exact(pv_costs, pv_benefits, pv_bias, line_values, tuple(net))


def _payback_year(net_by_year: Iterable[Decimal]) -> int | None:
    cumulative = ZERO
    with localcontext(_context()):
        for year, net in enumerate(net_by_year):
            cumulative += net
            if to_pence(cumulative) >= 0:
                return year
    return None


def _bcr(pv_benefits: Decimal, pv_costs: Decimal) -> Decimal | None:
    if pv_costs == 0:
        return None
    with localcontext(_context()):
        return (pv_benefits / pv_costs).quantize(BCR_PLACES, rounding=ROUND_HALF_UP)


def _switching_values(
    preferred: OptionInput, exact_preferred: _Exact, rival: str, exact_rival: _Exact
) -> tuple[SwitchingValue, ...]:
    values = []
    with localcontext(_context()):
        margin = exact_preferred.npsv - exact_rival.npsv
        for index, (line, signed_pv) in enumerate(zip(preferred.lines, exact_preferred.line_values, strict=True)):
            fraction = pv_change = amount_change = None
            if signed_pv != 0:
                fraction = -margin / signed_pv
                pv_change = to_pence(fraction * abs(signed_pv))
                amount_change = to_pence(fraction * line.total)
            values.append(
                SwitchingValue(
                    line_index=index,
                    kind=line.kind,
                    category=line.category,
                    label=line.name,
                    rival=rival,
                    fraction=fraction,
                    pv_change=pv_change,
                    amount_change=amount_change,
                )
            )
    return tuple(values)


def appraise(appraisal: AppraisalInput) -> AppraisalResult:
    """Appraise every option on the shortlist against business as usual."""
    exact = {option.name: _exact(appraisal, option) for option in appraisal.options}
    rounded: dict[str, tuple[Decimal, Decimal]] = {
        name: (to_pence(figures.pv_costs), to_pence(figures.pv_benefits)) for name, figures in exact.items()
    }
    npsv = {name: benefits - costs for name, (costs, benefits) in rounded.items()}
    bau_npsv = npsv[appraisal.bau.name]
    results = []
    for option in appraisal.options:
        figures = exact[option.name]
        pv_costs, pv_benefits = rounded[option.name]
        lines = tuple(
            LineResult(
                index=index,
                kind=line.kind,
                category=line.category,
                label=line.name,
                total=to_pence(line.total),
                present_value=to_pence(abs(value)),
                optimism_bias=option.optimism_bias_for(line),
            )
            for index, (line, value) in enumerate(zip(option.lines, figures.line_values, strict=True))
        )
        results.append(
            OptionResult(
                name=option.name,
                kind=option.kind,
                pv_costs=pv_costs,
                pv_benefits=pv_benefits,
                npsv=npsv[option.name],
                bcr=_bcr(pv_benefits, pv_costs),
                npsv_vs_bau=npsv[option.name] - bau_npsv,
                discounted_payback_year=_payback_year(figures.net_by_year),
                pv_optimism_bias=to_pence(figures.pv_optimism_bias),
                discounted_net_by_year=tuple(to_pence(net) for net in figures.net_by_year),
                lines=lines,
            )
        )
    # max() keeps the first of equal values, so a tie goes to the option listed first.
    ranked = [option.name for option in appraisal.options]
    preferred = max(ranked, key=lambda name: npsv[name])
    others = [name for name in ranked if name != preferred]
    rival = max(others, key=lambda name: npsv[name]) if others else None
    switching: tuple[SwitchingValue, ...] = ()
    if rival is not None:
        preferred_input = next(option for option in appraisal.options if option.name == preferred)
        switching = _switching_values(preferred_input, exact[preferred], rival, exact[rival])
    return AppraisalResult(
        base_year=appraisal.base_year,
        horizon_years=appraisal.horizon_years,
        year_labels=appraisal.year_labels,
        options=tuple(results),
        preferred=preferred,
        rival=rival,
        switching_values=switching,
    )
