"""Writes for pooled budgets: add a pool with its partners, set a year's total and contributions (ADR 0027).

Each action is one transaction with one history entry per record it writes, and checks everything before it writes
anything: contributions that do not add up to the pool's total save nothing.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from commissioning.core.audit import save_with_history
from commissioning.core.concurrency import claim_form_token, lock_for_update
from commissioning.finance.calculations import year_label
from commissioning.finance.calculations_pools import pools as engine
from commissioning.finance.models import PoolContribution, PooledFund, PoolPartner, PoolSpend, PoolYear, RiskShareMethod

CONTRIBUTIONS_DO_NOT_ADD_UP = (
    "The partners' contributions must add up to the pool's total for the year: they add up to £{added:,.2f}, "
    "the total is £{total:,.2f}. Nothing was saved"
)
NAME_TAKEN = "There is already a pooled fund called {name}"
PARTNERS_NEEDED = "Choose at least one partner organisation"
SHARES_DO_NOT_ADD_UP = "The partners' risk shares must add up to 100%: they add up to {added}%"


@dataclass(frozen=True)
class PoolDetails:
    name: str
    host: Any
    manager: Any
    method: str
    purpose: str
    partners: list[Any]  # organisations, in order


def check_shares(method: str, shares: Iterable[Decimal], *, field: str) -> None:
    """The partners' risk shares as the pool's rule needs them: percentages adding up to 100 (fixed amounts may be
    any amounts). Refused on ``field`` with ``SHARES_DO_NOT_ADD_UP``, saying what they add up to."""
    added = sum(shares, Decimal(0))
    if method == RiskShareMethod.PERCENTAGE and added != engine.HUNDRED:
        text = f"{added:f}"
        raise ValidationError(
            {field: SHARES_DO_NOT_ADD_UP.format(added=text.rstrip("0").rstrip(".") if "." in text else text)}
        )


@transaction.atomic
def pool_create(*, details: PoolDetails, by: Any, form_token: Any = None) -> PooledFund:
    """A finance officer adds a pooled fund and its partners. Percentage shares start equal (adding up to 100)."""
    claim = claim_form_token(form_token, by=by)
    if not details.partners:
        raise ValidationError({"partners": PARTNERS_NEEDED})
    if PooledFund.objects.filter(name=details.name).exists():
        raise ValidationError({"name": NAME_TAKEN.format(name=details.name)})
    pool = PooledFund(
        name=details.name, host=details.host, manager=details.manager, method=details.method, purpose=details.purpose
    )
    save_with_history(pool, by=by, reason="Pooled fund added")
    count = len(details.partners)
    if details.method == RiskShareMethod.PERCENTAGE:
        shares = engine.apportion(engine.HUNDRED, [Decimal(1)] * count)
    else:
        shares = (Decimal(0),) * count
    for position, (organisation, share) in enumerate(zip(details.partners, shares, strict=True)):
        partner = PoolPartner(pool=pool, organisation=organisation, share=share, position=position)
        save_with_history(partner, by=by, reason="Partner added")
    claim.made(pool)
    return pool


@transaction.atomic
def pool_update(
    *, pool: PooledFund, details: PoolDetails, shares: dict[int, Decimal], by: Any, version: str | None = None
) -> PooledFund:
    """A finance officer changes a pool's name, host, manager and risk-share rule, and each partner's share
    (percentages must add up to 100). The partners themselves stay as they are."""
    pool = lock_for_update(PooledFund, pk=pool.pk, version=version)
    if PooledFund.objects.filter(name=details.name).exclude(pk=pool.pk).exists():
        raise ValidationError({"name": NAME_TAKEN.format(name=details.name)})
    check_shares(details.method, shares.values(), field="method")
    pool.name, pool.host, pool.manager = details.name, details.host, details.manager
    pool.method, pool.purpose = details.method, details.purpose
    save_with_history(pool, by=by, reason="Pooled fund changed")
    for partner in PoolPartner.objects.filter(pool=pool).active():
        share = shares.get(partner.pk, partner.share)
        if share != partner.share:
            partner.share = share
            save_with_history(partner, by=by, reason="Risk share changed")
    return pool


@transaction.atomic
def pool_year_set(
    *,
    pool: PooledFund,
    financial_year: str,
    total: Decimal,
    within_pool: Decimal,
    risk_reserve: Decimal,
    contributions: dict[int, Decimal],
    by: Any,
    form_token: Any = None,
) -> PoolYear:
    """A finance officer sets a pool's total for a year and each partner's contribution, which must add up to it."""
    claim = claim_form_token(form_token, by=by)
    added = sum(contributions.values(), Decimal(0))
    try:
        engine.check_contributions(total, list(contributions.values()))
    except engine.PoolError:
        raise ValidationError({"total": CONTRIBUTIONS_DO_NOT_ADD_UP.format(added=added, total=total)}) from None
    year = PoolYear.objects.select_for_update().filter(pool=pool, financial_year=financial_year).first()
    if year is None:
        year = PoolYear(pool=pool, financial_year=financial_year, total=total)
    year.total, year.within_pool, year.risk_reserve = total, within_pool, risk_reserve
    save_with_history(year, by=by, reason=f"Contributions for {financial_year} set")
    existing = {c.partner_id: c for c in PoolContribution.objects.filter(year=year)}
    for partner in PoolPartner.objects.filter(pool=pool).active():
        amount = contributions.get(partner.pk, Decimal(0))
        contribution = existing.get(partner.pk) or PoolContribution(year=year, partner=partner, amount=amount)
        if contribution.pk is None or contribution.amount != amount:
            contribution.amount = amount
            save_with_history(contribution, by=by, reason=f"Contribution for {financial_year}")
    claim.made(year)
    return year


@transaction.atomic
def pool_spend_record(
    *, pool: PooledFund, date: dt.date, description: str, amount: Decimal, by: Any, form_token: Any = None
) -> PoolSpend:
    """A finance officer charges spend to the pool (a credit is negative)."""
    claim = claim_form_token(form_token, by=by)
    spend = PoolSpend(pool=pool, date=date, financial_year=year_label(date), description=description, amount=amount)
    save_with_history(spend, by=by, reason="Spend charged to the pool")
    claim.made(spend)
    return spend
