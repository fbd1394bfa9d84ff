"""Every read for budgets and monitoring, the MTFS and savings lines (finance-savings). Visibility agrees with
rules_savings.py: everyone inside the council reads all of it; the public and providers none."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Count, Prefetch, QuerySet, Sum

from commissioning.core.demo import demo_today
from commissioning.core.permissions import Role
from commissioning.finance import calculations
from commissioning.finance.models import (
    BudgetLine,
    BudgetMonitoring,
    MtfsYear,
    SavingsLine,
    SavingsStatus,
    SavingsYear,
)
from commissioning.services.models import Directorate

ZERO = Decimal("0.00")
MTFS_YEARS = 4


def can_see(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.is_active and user.role in Role.INTERNAL)


def current_year(today: dt.date | None = None) -> str:
    """This financial year, by the platform's clock (``settings.GOVERNANCE_TODAY`` when set, as in tests)."""
    return calculations.year_label(today or demo_today())


# Budgets ------------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class BudgetFilters:
    year: str = ""
    directorate: int | None = None


@dataclass(frozen=True)
class BudgetTotals:
    original: Decimal
    revised: Decimal
    forecast_outturn: Decimal
    actual: Decimal
    variance: Decimal
    count: int


def budget_years() -> list[str]:
    return sorted(set(BudgetLine.objects.values_list("financial_year", flat=True)), reverse=True)


def budget_lines(*, user: Any, filters: BudgetFilters) -> QuerySet[BudgetLine]:
    lines = BudgetLine.objects.active().select_related("service__directorate")
    if not can_see(user):
        return lines.none()
    if filters.year:
        lines = lines.filter(financial_year=filters.year)
    if filters.directorate:
        lines = lines.filter(service__directorate_id=filters.directorate)
    return lines.order_by("service__directorate__name", "service__name")


def budget_totals(lines: QuerySet[BudgetLine]) -> BudgetTotals:
    """The totals of the lines (one query): variance is the forecast outturn against the revised budget, on lines
    with a forecast."""
    sums = lines.order_by().aggregate(
        sum_original=Sum("original"),
        sum_revised=Sum("revised"),
        sum_forecast=Sum("forecast_outturn"),
        sum_actual=Sum("actual"),
        sum_forecast_revised=Sum("revised", filter=~_no_forecast()),
        sum_count=Count("pk"),
    )
    forecast = sums["sum_forecast"] or ZERO
    return BudgetTotals(
        original=sums["sum_original"] or ZERO,
        revised=sums["sum_revised"] or ZERO,
        forecast_outturn=forecast,
        actual=sums["sum_actual"] or ZERO,
        variance=forecast - (sums["sum_forecast_revised"] or ZERO),
        count=sums["sum_count"],
    )


def _no_forecast() -> Any:
    from django.db.models import Q

    return Q(forecast_outturn__isnull=True)


def budget_line_detail(*, user: Any, pk: int) -> BudgetLine:
    return (
        BudgetLine.objects.select_related("service__directorate")
        .prefetch_related(Prefetch("monitoring", queryset=BudgetMonitoring.objects.order_by("month")))
        .get(pk=pk)
    )


def directorates() -> QuerySet[Directorate]:
    return Directorate.objects.active().order_by("name")


def budget_lines_of_service(*, user: Any, service: Any) -> list[BudgetLine]:
    if not can_see(user):
        return []
    return list(BudgetLine.objects.active().filter(service=service).order_by("-financial_year"))


# The MTFS -----------------------------------------------------------------------------------------------------------


def _years_of(labels: list[str]) -> dict[str, list[SavingsYear]]:
    """Every line's plan for the years (line loaded), by year: one query."""
    found: dict[str, list[SavingsYear]] = defaultdict(list)
    rows = SavingsYear.objects.filter(financial_year__in=labels, line__archived_at__isnull=True).select_related("line")
    for row in rows:
        found[row.financial_year].append(row)
    return found


def mtfs(*, user: Any, first_year: str | None = None) -> list[tuple[MtfsYear, calculations.GapClosure]]:
    """The MTFS from this year on (four years), each with its gap and how far savings close it (two queries)."""
    if not can_see(user):
        return []
    labels = calculations.years_from(first_year or current_year(), MTFS_YEARS)
    years = list(MtfsYear.objects.active().filter(financial_year__in=labels).order_by("financial_year"))
    plans = _years_of([year.financial_year for year in years])
    return [(year, calculations.gap_closure(year, plans.get(year.financial_year, []))) for year in years]


def mtfs_year_detail(*, user: Any, pk: int) -> MtfsYear:
    return MtfsYear.objects.get(pk=pk)


# Savings ------------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class SavingsFilters:
    year: str = ""
    owner: int | None = None
    directorate: int | None = None
    review: int | None = None
    status: str = ""

    @property
    def narrowed(self) -> bool:
        return bool(self.owner or self.directorate or self.review or self.status)


STATUS_FILTERS = {
    "green": "On track (green)",
    "at_risk": "At risk (amber or red)",
    "slipped": "Slipped",
    "undeliverable": "Undeliverable",
    "realised": "Realised in part or whole",
}


@dataclass
class Tracker:
    year: str
    rows: list[SavingsYear]
    totals: calculations.TrackerRow
    mtfs: MtfsYear | None = None
    closure: calculations.GapClosure | None = None
    waterfall: list[calculations.WaterfallStep] = field(default_factory=list)


def savings_years(*, user: Any, filters: SavingsFilters) -> QuerySet[SavingsYear]:
    rows = SavingsYear.objects.filter(line__archived_at__isnull=True).select_related(
        "line__owner", "line__directorate", "line__review", "line__service", "line__replaced_by"
    )
    if not can_see(user):
        return rows.none()
    rows = rows.filter(financial_year=filters.year or current_year())
    if filters.owner:
        rows = rows.filter(line__owner_id=filters.owner)
    if filters.directorate:
        rows = rows.filter(line__directorate_id=filters.directorate)
    if filters.review:
        rows = rows.filter(line__review_id=filters.review)
    if filters.status == "green":
        rows = rows.filter(line__confidence="green", line__status=SavingsStatus.ACTIVE)
    elif filters.status == "at_risk":
        rows = rows.filter(line__confidence__in=["amber", "red"], line__status=SavingsStatus.ACTIVE)
    elif filters.status == "slipped":
        rows = rows.filter(line__slippages__isnull=False).distinct()
    elif filters.status == "undeliverable":
        rows = rows.filter(line__status=SavingsStatus.UNDELIVERABLE)
    elif filters.status == "realised":
        rows = rows.filter(realised__gt=0)
    return rows.order_by("line__directorate__name", "line__reference")


def savings_tracker(*, user: Any, filters: SavingsFilters) -> Tracker:
    """The tracker for a year: every line's figures, the totals (target, agreed, forecast, unachievable, still to be
    identified) and, for the whole council, the MTFS gap and the waterfall from it to what is left. Three queries."""
    year = filters.year or current_year()
    rows = list(savings_years(user=user, filters=filters))
    mtfs_year = MtfsYear.objects.active().filter(financial_year=year).first() if can_see(user) else None
    if mtfs_year is not None and not filters.narrowed:
        closure = calculations.gap_closure(mtfs_year, rows)
        totals = calculations.tracker_row(target=closure.gap, years=rows)
        return Tracker(
            year=year,
            rows=rows,
            totals=totals,
            mtfs=mtfs_year,
            closure=closure,
            waterfall=calculations.savings_waterfall(closure, rows),
        )
    target = sum((row.target for row in rows), ZERO)
    return Tracker(year=year, rows=rows, totals=calculations.tracker_row(target=target, years=rows), mtfs=mtfs_year)


def savings_line_detail(*, user: Any, pk: int) -> SavingsLine:
    return (
        SavingsLine.objects.select_related(
            "owner", "directorate__director", "service", "review", "business_case", "option", "decision", "replaced_by"
        )
        .prefetch_related("years", "slippages__recorded_by", "evidence__recorded_by", "replaces")
        .get(pk=pk)
    )


def savings_years_choices(line: SavingsLine) -> list[str]:
    return [year.financial_year for year in line.years.all()]


def savings_lines_of_service(*, user: Any, service: Any) -> list[SavingsLine]:
    if not can_see(user):
        return []
    return list(SavingsLine.objects.active().filter(service=service).select_related("owner"))


def replacement_choices(line: SavingsLine) -> QuerySet[SavingsLine]:
    return (
        SavingsLine.objects.active()
        .filter(status=SavingsStatus.ACTIVE, directorate_id=line.directorate_id)
        .exclude(pk=line.pk)
        .order_by("reference")
    )


def savings_years_offered(current: str) -> list[str]:
    """The years a saving may be planned in or moved to: this year and the MTFS's next four."""
    return calculations.years_from(calculations.plus_years(current, -1), MTFS_YEARS + 2)


def owner_choices() -> QuerySet[Any]:
    from commissioning.accounts.models import User

    return User.objects.filter(savings_lines__isnull=False).distinct().order_by("first_name", "last_name")


def review_choices() -> QuerySet[Any]:
    from commissioning.reviews.models import CommissioningReview

    return CommissioningReview.objects.filter(savings_lines__isnull=False).distinct().order_by("reference")


# Exports: the same selectors and filters as the pages ---------------------------------------------------------------

BUDGET_EXPORT_HEADERS = [
    "Service reference",
    "Service",
    "Directorate",
    "Financial year",
    "Cost centre",
    "Original budget",
    "Revised budget",
    "Forecast outturn",
    "Actual outturn",
]
SAVINGS_EXPORT_HEADERS = [
    "Reference",
    "Saving",
    "Directorate",
    "Service",
    "Review",
    "Accountable owner",
    "Cashable",
    "State",
    "Confidence at budget time",
    "Confidence now",
    "Financial year",
    "Target",
    "Agreed",
    "Full-year effect",
    "Forecast",
    "Realised",
    "Unachievable",
]


def budget_export_rows(lines: QuerySet[BudgetLine]) -> Iterator[list[Any]]:
    for line in lines.iterator(chunk_size=500):
        yield [
            line.service.reference,
            line.service.name,
            line.service.directorate.name,
            line.financial_year,
            line.cost_centre,
            line.original,
            line.revised,
            line.forecast_outturn,
            line.actual,
        ]


def savings_export_rows(rows: QuerySet[SavingsYear]) -> Iterator[list[Any]]:
    for row in rows.iterator(chunk_size=500):
        line = row.line
        yield [
            line.reference,
            line.title,
            line.directorate.name,
            line.service.name if line.service else "",
            line.review.reference if line.review else "",
            line.owner.get_full_name() or line.owner.username,
            "Yes" if line.cashable else "No",
            line.get_status_display(),
            line.get_confidence_at_budget_display(),
            line.get_confidence_display(),
            row.financial_year,
            row.target,
            row.planned,
            row.full_year_effect,
            row.forecast,
            row.realised,
            max(row.planned - row.forecast, ZERO),
        ]
