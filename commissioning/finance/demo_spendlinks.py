"""The demo council's spend on a few savings lines' services (finance-spendlinks), so that seed_demo alone gives a
savings line spend evidence to show and record, a service page its spend and unit cost from spend, and the
query-count tests something to count: last year at about the baseline, this year (to last month) below it by about
the saving planned, paid to the service's provider, another supplier and a redacted payee.

A few hundred rows, bulk-created without a history entry each (as an import writes them: their import is their
history), so seeding stays fast at the metropolitan scale. ``seed_spend``'s big made-up year leaves these services
out, so its random payments do not swamp the figures.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from commissioning.accounts.models import Organisation
from commissioning.core.demo import SeedContext
from commissioning.finance import calculations
from commissioning.finance.calculations_spend import area_key, supplier_key
from commissioning.finance.models import (
    SavingsLine,
    SavingsStatus,
    SpendImport,
    SpendImportSource,
    SpendTransaction,
)

FILENAME = "demo-savings-spend.csv"  # seed_spend leaves out the services this file pays
LINES = 3  # the savings lines given spend: the officer's first line and the director's directorate's first two
P = Decimal("0.01")
# Each month's spend is split: the service's provider, another supplier, a redacted payee (a person).
SHARES = (Decimal("0.7"), Decimal("0.25"), Decimal("0.05"))
REDACTED_AS_PUBLISHED = "Redacted - personal data"


def _months(start: dt.date, before: dt.date) -> list[dt.date]:
    months, month = [], start
    while month < before:
        months.append(month)
        month = (month.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
    return months


def _lines(ctx: SeedContext) -> list[SavingsLine]:
    active = (
        SavingsLine.objects.filter(status=SavingsStatus.ACTIVE, service__isnull=False, reference__startswith="SAV-1")
        .select_related("service__provider")
        .prefetch_related("years")
        .order_by("reference")
    )
    users = ctx.made["users"]
    chosen = list(active.filter(owner=users["officer"])[:1])
    chosen += list(active.filter(directorate__director=users["director"]).exclude(pk__in=[c.pk for c in chosen])[:2])
    found: dict[int, SavingsLine] = {}
    for line in chosen:
        found.setdefault(line.service_id, line)  # one line per service, so each service's figures are its line's
    return list(found.values())[:LINES]


def seed(ctx: SeedContext) -> None:
    if SpendImport.objects.filter(filename=FILENAME).exists():
        return
    lines = _lines(ctx)
    if not lines:
        return
    this_year = calculations.year_label(ctx.today)
    start = dt.date(calculations.parse_start(this_year), 4, 1)
    last_start = start.replace(year=start.year - 1)
    this_month = ctx.today.replace(day=1)
    others = list(Organisation.objects.filter(is_home=False).exclude(kind="council").order_by("name")[:10])
    rows: list[SpendTransaction] = []
    total = Decimal(0)
    for index, line in enumerate(lines):
        service = line.service
        assert service is not None
        planned = next((y.planned for y in line.years.all() if y.financial_year == this_year), Decimal(0))
        baseline = max(line.baseline, Decimal("120000"))
        monthly = {
            **{m: baseline * Decimal("0.99") / 12 for m in _months(last_start, start)},
            **{m: max(baseline - planned * Decimal("1.1"), Decimal(0)) / 12 for m in _months(start, this_month)},
        }
        provider = service.provider or (others[index % len(others)] if others else None)
        other = others[(index + 1) % len(others)] if others else None
        for month, amount in monthly.items():
            for share, payee in zip(SHARES, (provider, other, None), strict=True):
                paid = (amount * share).quantize(P)
                redacted = payee is None
                name = REDACTED_AS_PUBLISHED if redacted else payee.name  # type: ignore[union-attr]
                number = len(rows) + 1
                rows.append(
                    SpendTransaction(
                        row_number=number + 4,
                        date=month + dt.timedelta(days=14),
                        supplier_name=name,
                        supplier_key="" if redacted else supplier_key(name),
                        redacted=redacted,
                        organisation=payee,
                        amount=paid,
                        reference=f"DEMO{number:05d}",
                        expense_area=service.name,
                        area_key=area_key(service.name),
                        service=service,
                        expense_type="Care packages",
                        purpose="Demo spend on a savings line's service",
                        body="Demo council",
                        row_key=f"demo-savings:{number}",
                    )
                )
                total += paid
    spend_import = SpendImport.objects.create(
        filename=FILENAME,
        sha256="demo-savings-spend",
        source=SpendImportSource.DEMO,
        rows_read=len(rows),
        rows_imported=len(rows),
        total_amount=total,
    )
    for row in rows:
        row.spend_import = spend_import
    SpendTransaction.objects.bulk_create(rows, batch_size=1000)
    ctx.counts["spend on savings lines' services"] = len(rows)
