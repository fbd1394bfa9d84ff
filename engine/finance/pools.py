"""Pooled budgets (section 75 of the NHS Act 2006): each partner's statement, and the risk-share rule (ADR 0027).

A pooled fund's partners each put in a contribution for the year; together they are the pool's total. Spend is
charged to the pool. Within the total, each partner's share of the spend is in proportion to what they put in. The
difference between spend and the total (an overspend, or an underspend) is dealt with by the pool's risk-share rule,
in this order, and never any other:

1. underspends within the pool: an overspend is first met from underspends held within the pool (carried forward,
   or made on the pool's other schemes); an underspend is first kept within the pool, up to the amount the
   agreement says it keeps;
2. the risk reserve: what is left of an overspend is met from the risk reserve, up to its balance; what is left of
   an underspend tops the reserve up, up to the room it has;
3. shares: what is left after that is the partners', by percentage (each partner's share in per cent, adding up to
   100) or by fixed amounts (each partner's fixed amount, the remainder in proportion to those amounts).

Money is in pence: every split is rounded to the penny by the largest remainder, so the parts always add up exactly
to what is split.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import ROUND_FLOOR, Decimal
from enum import StrEnum

PENNY = Decimal("0.01")
ZERO = Decimal("0.00")
HUNDRED = Decimal(100)

PERCENTAGES_DO_NOT_ADD_UP = "The partners' risk shares must add up to 100%"
SHARES_NEGATIVE = "A partner's risk share cannot be less than £0 or 0%"
NO_PARTNERS = "A pooled fund needs at least one partner"
CONTRIBUTIONS_DO_NOT_ADD_UP = "The partners' contributions must add up to the pool's total for the year"


class Method(StrEnum):
    PERCENTAGE = "percentage"
    FIXED = "fixed"


class Step(StrEnum):
    WITHIN_POOL = "within_pool"
    RISK_RESERVE = "risk_reserve"
    SHARES = "shares"


STEP_ORDER = (Step.WITHIN_POOL, Step.RISK_RESERVE, Step.SHARES)


class PoolError(ValueError):
    """Input the rule cannot apply; the message is one of the named constants above."""


@dataclass(frozen=True)
class Partner:
    """A partner, their contribution for the year and their risk share (per cent, or a fixed amount in £)."""

    name: str
    contribution: Decimal
    share: Decimal


@dataclass(frozen=True)
class Rule:
    method: Method
    within_pool: Decimal = ZERO  # overspend: underspends held within the pool; underspend: what the pool keeps
    risk_reserve: Decimal = ZERO  # overspend: the reserve's balance; underspend: room to top it up


@dataclass(frozen=True)
class PartnerStatement:
    name: str
    contributed: Decimal
    spend_share: Decimal  # their part of the spend within the pool's total
    variance_share: Decimal  # their part of the overspend (positive) or of the underspend returned (negative)

    @property
    def net(self) -> Decimal:
        """What the partner puts in, in all: their contribution and their part of the over- or underspend."""
        return self.contributed + self.variance_share


@dataclass(frozen=True)
class Statement:
    total: Decimal
    spend: Decimal
    variance: Decimal  # spend - total: positive an overspend, negative an underspend
    within_pool: Decimal  # taken by step 1 (always >= 0)
    risk_reserve: Decimal  # taken by step 2 (always >= 0)
    shared: Decimal  # left for step 3 (always >= 0)
    partners: tuple[PartnerStatement, ...]

    @property
    def is_overspend(self) -> bool:
        return self.variance > 0

    @property
    def steps(self) -> tuple[tuple[Step, Decimal], ...]:
        return (
            (Step.WITHIN_POOL, self.within_pool),
            (Step.RISK_RESERVE, self.risk_reserve),
            (Step.SHARES, self.shared),
        )


def pence(amount: Decimal) -> Decimal:
    return Decimal(amount).quantize(PENNY)


def apportion(amount: Decimal, weights: Sequence[Decimal]) -> tuple[Decimal, ...]:
    """``amount`` split in proportion to ``weights``, to the penny, the parts adding up exactly (largest remainder;
    ties to the earlier). All-zero weights split equally."""
    amount = pence(amount)
    if not weights:
        return ()
    if all(weight == 0 for weight in weights):
        weights = [Decimal(1)] * len(weights)
    whole = sum(weights, Decimal(0))
    total_pence = int(amount / PENNY)
    exact = [Decimal(total_pence) * weight / whole for weight in weights]
    floors = [int(value.to_integral_value(rounding=ROUND_FLOOR)) for value in exact]
    left = total_pence - sum(floors)
    by_remainder = sorted(range(len(weights)), key=lambda i: (-(exact[i] - floors[i]), i))
    for i in by_remainder[: abs(left)] if left >= 0 else []:
        floors[i] += 1
    return tuple(Decimal(value) * PENNY for value in floors)


def check_contributions(total: Decimal, contributions: Sequence[Decimal]) -> Decimal:
    """The difference between the contributions and the total (0 when they add up); raises when they do not."""
    difference = pence(sum(contributions, ZERO)) - pence(total)
    if difference != 0:
        raise PoolError(CONTRIBUTIONS_DO_NOT_ADD_UP)
    return difference


def _check(partners: Sequence[Partner], rule: Rule) -> None:
    if not partners:
        raise PoolError(NO_PARTNERS)
    if any(partner.share < 0 for partner in partners):
        raise PoolError(SHARES_NEGATIVE)
    if rule.method == Method.PERCENTAGE and sum((p.share for p in partners), Decimal(0)) != HUNDRED:
        raise PoolError(PERCENTAGES_DO_NOT_ADD_UP)


def share_out(amount: Decimal, partners: Sequence[Partner], method: Method) -> tuple[Decimal, ...]:
    """Step 3: ``amount`` (>= 0) split by the partners' shares."""
    amount = pence(amount)
    if method == Method.PERCENTAGE:
        return apportion(amount, [p.share for p in partners])
    fixed = [pence(p.share) for p in partners]
    if amount <= sum(fixed, ZERO):  # each fixed amount in proportion, so nobody is charged past their own
        return apportion(amount, fixed)
    extra = apportion(amount - sum(fixed, ZERO), fixed)
    return tuple(f + e for f, e in zip(fixed, extra, strict=True))


def statement(*, partners: Sequence[Partner], spend: Decimal, rule: Rule) -> Statement:
    """Each partner's statement for a period: what they put in, their share of the spend, and of the variance."""
    _check(partners, rule)
    contributions = [pence(p.contribution) for p in partners]
    total = sum(contributions, ZERO)
    spend = pence(spend)
    variance = spend - total
    size = abs(variance)
    within = min(size, max(pence(rule.within_pool), ZERO))
    reserve = min(size - within, max(pence(rule.risk_reserve), ZERO))
    shared = size - within - reserve
    spend_within_total = min(spend, total)
    spend_shares = apportion(spend_within_total, contributions) if spend_within_total > 0 else (ZERO,) * len(partners)
    sign = 1 if variance > 0 else -1
    variance_shares = share_out(shared, partners, rule.method)
    return Statement(
        total=total,
        spend=spend,
        variance=variance,
        within_pool=within,
        risk_reserve=reserve,
        shared=shared,
        partners=tuple(
            PartnerStatement(
                name=p.name,
                contributed=c,
                spend_share=s,
                variance_share=sign * v if v else ZERO,
            )
            for p, c, s, v in zip(partners, contributions, spend_shares, variance_shares, strict=True)
        ),
    )


# Statements per period: a quarter of the financial year, or the year --------------------------------------------------

QUARTERS = 4


def quarter_parts(amount: Decimal) -> tuple[Decimal, ...]:
    """An amount for the year in four equal quarterly parts, to the penny, adding up exactly (the earlier quarters
    take any odd penny). A partner's contribution is due in these instalments; the steps' amounts and fixed shares are
    spread the same way."""
    return apportion(amount, [Decimal(1)] * QUARTERS)


def in_period(amount: Decimal, quarter: int | None) -> Decimal:
    """The part of a year's amount that falls in ``quarter`` (1 to 4), or all of it for the year (None)."""
    if quarter is None:
        return pence(amount)
    if not 1 <= quarter <= QUARTERS:
        raise PoolError(f"A quarter is 1 to {QUARTERS}")
    return quarter_parts(amount)[quarter - 1]


def to_date(amount: Decimal, quarter: int | None) -> Decimal:
    """The part of a year's amount due by the end of ``quarter`` (all of it by the end of Q4, or for the year)."""
    if quarter is None:
        return pence(amount)
    in_period(amount, quarter)  # checks the quarter
    return sum(quarter_parts(amount)[:quarter], ZERO)


def period_statement(*, partners: Sequence[Partner], spend: Decimal, rule: Rule, quarter: int | None) -> Statement:
    """The statement for one quarter of the year (``quarter`` 1 to 4), or for the year (None): the risk-share rule
    applied to the period alone.

    The period's pool is each partner's contribution due in it (a quarter of the year's, ``quarter_parts``), its spend
    is the spend dated in it, and steps 1 and 2 (underspends within the pool, the risk reserve) and any fixed shares
    are a quarter of the year's amounts each. Each quarter is then worked out as a year is, in the same order.

    **When the quarters add up to the year.** The rule is linear, and the four quarters' shares of the over- or
    underspend add up to the year's, when it takes nothing at steps 1 and 2 (both £0) and shares by percentage: each
    partner's share is then their percentage of the variance, whatever its sign, so the parts of the year add up to
    the year's. Each quarter is rounded to the penny on its own (by the largest remainder, as every split here), so a
    partner's four quarters may differ from their year by a penny a quarter at most; the test says so too.

    **Where they do not.** The rule is not linear, and the quarters need not add up to the year, when
      * step 1 or step 2 has an amount: each caps what it takes (``min``), so a quarter's overspend may use its quarter
        of the reserve while another quarter's underspend tops its own quarter up, where the year would net the two
        off first and take less (or nothing) from the reserve;
      * the shares are fixed amounts: a partner is charged their fixed amount first and a proportionate part only of
        anything beyond, a piecewise rule, so a quarter below the fixed total and another above it split differently
        from the year as a whole;
      * a quarter's over- and another's underspend meet in a rule of either kind above.
    The year's statement is the one the agreement settles; the quarters say how the pool stood in each quarter.
    """
    _check(partners, rule)
    period_partners = [
        Partner(
            p.name,
            in_period(p.contribution, quarter),
            p.share if rule.method == Method.PERCENTAGE else in_period(p.share, quarter),
        )
        for p in partners
    ]
    period_rule = Rule(
        rule.method,
        within_pool=in_period(max(rule.within_pool, ZERO), quarter),
        risk_reserve=in_period(max(rule.risk_reserve, ZERO), quarter),
    )
    return statement(partners=period_partners, spend=spend, rule=period_rule)
