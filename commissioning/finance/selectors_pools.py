"""Reads for pooled budgets: the only place that builds their querysets, and who may see them (ADR 0027).

Everyone who works for or is elected to the council sees every pool; a partner organisation's users see the pools
their organisation is a partner in; residents and providers none.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Prefetch, QuerySet, Sum

from commissioning.core.permissions import Role
from commissioning.finance.calculations_pools import pools as engine
from commissioning.finance.models import PoolContribution, PooledFund, PoolPartner, PoolSpend, PoolYear


def _role(user: Any) -> str | None:
    return getattr(user, "role", None) if user.is_authenticated and user.is_active else None


def visible_pools(*, user: Any) -> QuerySet[PooledFund]:
    role = _role(user)
    if role in Role.INTERNAL:
        return PooledFund.objects.all()
    if role == Role.PARTNER and user.organisation_id is not None:
        return PooledFund.objects.filter(
            partners__organisation_id=user.organisation_id, partners__archived_at__isnull=True
        ).distinct()
    return PooledFund.objects.none()


def pool_list(*, user: Any) -> QuerySet[PooledFund]:
    return visible_pools(user=user).select_related("host", "manager").order_by("name")


def pool_detail(*, user: Any, pk: int) -> PooledFund:
    """Raises PooledFund.DoesNotExist when missing or not visible to this user."""
    return (
        visible_pools(user=user)
        .select_related("host", "manager")
        .prefetch_related(Prefetch("partners", PoolPartner.objects.active().select_related("organisation")))
        .get(pk=pk)
    )


def pool_years(*, pool: PooledFund) -> list[PoolYear]:
    return list(
        pool.years.order_by("financial_year").prefetch_related(
            Prefetch("contributions", PoolContribution.objects.select_related("partner"))
        )
    )


def spend_by_year(*, pool: PooledFund) -> dict[str, Decimal]:
    rows = PoolSpend.objects.filter(pool=pool).values("financial_year").annotate(total=Sum("amount"))
    return {row["financial_year"]: row["total"] for row in rows}


def recent_spend(*, pool: PooledFund, year: str, limit: int = 20) -> list[PoolSpend]:
    return list(PoolSpend.objects.filter(pool=pool, financial_year=year).order_by("-date", "-pk")[:limit])


@dataclass(frozen=True)
class YearStatement:
    year: PoolYear
    spend: Decimal
    statement: engine.Statement | None
    error: str = ""


def statement_of(*, pool: PooledFund, partners: list[PoolPartner], year: PoolYear, spend: Decimal) -> YearStatement:
    """Each partner's statement for the year (the engine's risk-share rule); an error when the rule cannot apply."""
    amounts = {c.partner_id: c.amount for c in year.contributions.all()}
    try:
        result = engine.statement(
            partners=[engine.Partner(p.display_name, amounts.get(p.pk, Decimal(0)), p.share) for p in partners],
            spend=spend,
            rule=engine.Rule(engine.Method(pool.method), within_pool=year.within_pool, risk_reserve=year.risk_reserve),
        )
    except engine.PoolError as error:
        return YearStatement(year=year, spend=spend, statement=None, error=str(error))
    return YearStatement(year=year, spend=spend, statement=result)


def pool_statements(*, pool: PooledFund) -> list[YearStatement]:
    partners = list(pool.partners.all())
    spend = spend_by_year(pool=pool)
    return [
        statement_of(pool=pool, partners=partners, year=year, spend=spend.get(year.financial_year, Decimal(0)))
        for year in pool_years(pool=pool)
    ]


def pool_partner_detail(*, user: Any, pk: int) -> PoolPartner:
    """A partner still in a pool the user may see, with its pool and the pool's partners (finfinish). Raises
    PoolPartner.DoesNotExist otherwise."""
    return (
        PoolPartner.objects.active()
        .filter(pool__in=visible_pools(user=user))
        .select_related("organisation", "pool")
        .prefetch_related(Prefetch("pool__partners", PoolPartner.objects.active().select_related("organisation")))
        .get(pk=pk)
    )
