"""Demo pooled budgets (finance-pools, ADR 0027): the Better Care Fund pooled with the NHS integrated care board (the
"partner" login's organisation), with contributions for this year and next and spend that overspends this year, so
the statement shows the risk-share rule at work; and a second pool with another partner that the "partner" login
never sees. ``seed(ctx)``: the finance seeder calls it; it uses ``ctx.made["council"]``, ``ctx.made["icb"]``,
``ctx.made["partners"]`` and ``ctx.made["users"]`` (accounts). A second run changes nothing."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from commissioning.core.demo import SeedContext
from commissioning.finance import actions_pools as act
from commissioning.finance import calculations
from commissioning.finance.calculations_pools import FinancialYear, Quarter, pools, quarter_of
from commissioning.finance.models import PooledFund, PoolPartner, PoolPayment, RiskShareMethod

D = Decimal
BCF = "Better Care Fund"
EQUIPMENT = "Integrated community equipment service"
# (pool name, partner contributions this year and next (council first), within pool, risk reserve, spend this year)
POOLS = {
    BCF: ((D("7200000"), D("4800000")), (D("7500000"), D("5000000")), D("150000"), D("200000"), D("12600000")),
    EQUIPMENT: ((D("900000"), D("300000")), (D("950000"), D("320000")), D("0"), D("50000"), D("1150000")),
}
MIN_DAYS = 120  # the demo's spend runs into the second quarter even early in the year
SPEND_ITEMS = ("Reablement packages", "Home care hours", "Disabled facilities grants", "Carers' support", "Equipment")


def seed(ctx: SeedContext) -> None:
    if PooledFund.objects.filter(name__in=POOLS).exists():
        return
    users = ctx.made["users"]
    council = ctx.made["council"]
    by = users["finance"]
    this_year = calculations.year_label(ctx.today)
    next_year = calculations.plus_years(this_year, 1)
    starts = FinancialYear(int(this_year[:4])).starts
    for name, partner in ((BCF, ctx.made["icb"]), (EQUIPMENT, ctx.made["partners"][-1])):
        now, later, within, reserve, spend = POOLS[name]
        pool = act.pool_create(
            details=act.PoolDetails(
                name=name,
                host=council,
                manager=users["director"],
                method=RiskShareMethod.PERCENTAGE,
                purpose="A pooled fund under section 75 of the NHS Act 2006.",
                partners=[council, partner],
            ),
            by=by,
        )
        council_share, partner_share = list(pool.partners.all())
        council_share.share, partner_share.share = D("60"), D("40")
        council_share.save(update_fields=["share"])
        partner_share.save(update_fields=["share"])
        for year, (ours, theirs) in ((this_year, now), (next_year, later)):
            act.pool_year_set(
                pool=pool,
                financial_year=year,
                total=ours + theirs,
                within_pool=within,
                risk_reserve=reserve,
                contributions={council_share.pk: ours, partner_share.pk: theirs},
                by=by,
            )
        days = max((ctx.today - starts).days, MIN_DAYS)  # spend in at least two quarters, whatever the date
        count = len(SPEND_ITEMS) * 2
        each = (spend / count).quantize(D("0.01"))
        for i in range(count):
            amount = each if i < count - 1 else spend - each * (count - 1)
            date = starts + dt.timedelta(days=days * i // count)
            act.pool_spend_record(
                pool=pool, date=date, description=SPEND_ITEMS[i % len(SPEND_ITEMS)], amount=amount, by=by
            )
        _payments(pool, this_year, [(council_share, now[0]), (partner_share, now[1])], ctx.today)


def _payments(pool: PooledFund, year: str, contributions: list[tuple[PoolPartner, D]], today: dt.date) -> None:
    """Each partner's quarterly instalments paid (finfinish): the council's to this quarter, the partner's to the one
    before, so that a statement shows a contribution still to pay; at least two quarters either way. In bulk."""
    financial_year = FinancialYear(int(year[:4]))
    now = quarter_of(today)
    current = max(now.number if now.year == financial_year else 4, 2)
    payments = []
    for index, (partner, contribution) in enumerate(contributions):
        parts = pools.quarter_parts(contribution)
        for quarter in range(1, (current if index == 0 else max(current - 1, 2)) + 1):
            paid_on = Quarter(financial_year, quarter).starts + dt.timedelta(days=14)
            payments.append(PoolPayment(partner=partner, date=paid_on, financial_year=year, amount=parts[quarter - 1]))
    PoolPayment.objects.bulk_create(payments)
