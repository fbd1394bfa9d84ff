"""Reads for outcomes, indicators, benchmarks, needs evidence and consultations: the only place that builds their
querysets. Visibility is applied here and agrees with rules.py: internal roles see everything; the public and
providers see published, current priorities, outcomes and indicators (and the measurements of those indicators);
needs evidence, consultations and evidence packs are internal working papers.

Every function that a page calls costs a fixed number of queries, whatever the size of the council.
"""

from __future__ import annotations

import datetime as dt
import heapq
import operator
from collections.abc import Collection, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from functools import reduce
from typing import Any, TypeVar, cast

from django.core.paginator import Page, Paginator
from django.db.models import (
    Count,
    DecimalField,
    Exists,
    ExpressionWrapper,
    F,
    Model,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
)

from commissioning.accounts.models import Organisation, User
from commissioning.core import memo
from commissioning.core.permissions import Role
from commissioning.core.search import search
from commissioning.outcomes import calculations
from commissioning.outcomes.models import (
    Benchmark,
    Comparator,
    ComparatorGroup,
    Consultation,
    ConsultationMethod,
    EvidenceKind,
    Frequency,
    Indicator,
    Measurement,
    NeedsEvidence,
    Outcome,
    Priority,
    Target,
    UnitCostBenchmark,
)
from commissioning.services.models import Service
from commissioning.services.selectors import visible_services

YEARS_SHOWN = 5  # an indicator's page charts and tables its last five years

A = TypeVar("A", bound=Model)


def _role(user: Any) -> str | None:
    return getattr(user, "role", None) if user.is_authenticated and user.is_active else None


def is_internal(user: Any) -> bool:
    return _role(user) in Role.INTERNAL


PUBLISHED = Q(published=True, archived_at__isnull=True)


def visible_priorities(*, user: Any) -> QuerySet[Priority]:
    priorities = Priority.objects.all()
    return priorities if is_internal(user) else priorities.filter(PUBLISHED)


def visible_outcomes(*, user: Any) -> QuerySet[Outcome]:
    outcomes = Outcome.objects.all()
    return outcomes if is_internal(user) else outcomes.filter(PUBLISHED)


def visible_indicators(*, user: Any) -> QuerySet[Indicator]:
    indicators = Indicator.objects.all()
    return indicators if is_internal(user) else indicators.filter(PUBLISHED)


def _current_measurements() -> QuerySet[Measurement]:
    return Measurement.objects.filter(archived_at__isnull=True)


def _current_targets() -> QuerySet[Target]:
    return Target.objects.filter(archived_at__isnull=True)


# Priorities and outcomes ------------------------------------------------------------------------------------------

OUTCOME_SORTS = {
    "reference": ("reference",),
    "name": ("name", "reference"),
    "priority": ("priority__position", "priority__code", "reference"),
}
DEFAULT_OUTCOME_SORT = "priority"


@dataclass(frozen=True)
class OutcomeFilters:
    q: str = ""
    priority: int | None = None
    service: int | None = None
    include_archived: bool = False
    sort: str = DEFAULT_OUTCOME_SORT
    descending: bool = False


def _ordered(queryset: QuerySet[Any], sorts: Mapping[str, tuple[str, ...]], sort: str, default: str, desc: bool) -> Any:
    order = sorts.get(sort, sorts[default])
    if desc:
        order = (f"-{order[0]}", *order[1:])
    return queryset.order_by(*order, "pk")


def outcome_list(*, user: Any, filters: OutcomeFilters) -> QuerySet[Outcome]:
    outcomes = (
        visible_outcomes(user=user)
        .select_related("priority", "lead")
        .annotate(
            indicator_count=Count(
                "indicators",
                filter=Q(indicators__in=visible_indicators(user=user).filter(archived_at__isnull=True)),
                distinct=True,
            ),
            service_count=Count(
                "services",
                filter=Q(services__in=visible_services(user=user).filter(archived_at__isnull=True)),
                distinct=True,
            ),
        )
    )
    if not filters.include_archived:
        outcomes = outcomes.filter(archived_at__isnull=True)
    outcomes = search(outcomes, filters.q, "search_text")
    if filters.priority:
        outcomes = outcomes.filter(priority_id=filters.priority)
    if filters.service:
        outcomes = outcomes.filter(services__pk=filters.service)
    return _ordered(outcomes, OUTCOME_SORTS, filters.sort, DEFAULT_OUTCOME_SORT, filters.descending)


OUTCOME_EXPORT_HEADERS = [
    "Reference",
    "Outcome",
    "Priority",
    "Lead",
    "Contributing services",
    "Indicators",
    "Published",
    "Status",
]


def outcome_export_rows(outcomes: QuerySet[Outcome], *, user: Any) -> Iterator[list[Any]]:
    """Rows for the downloads: three queries whatever the number of rows (services named from one lookup of those
    the user may see)."""
    names = {
        pk: f"{name} ({reference})"
        for pk, name, reference in visible_services(user=user).values_list("pk", "name", "reference")
    }
    links: dict[int, list[str]] = {}
    through = Outcome.services.through.objects.filter(outcome_id__in=outcomes.values("pk"))
    for outcome_id, service_id in through.values_list("outcome_id", "service_id").iterator(chunk_size=5000):
        if service_id in names:
            links.setdefault(outcome_id, []).append(names[service_id])
    outcome: Any
    for outcome in outcomes.iterator(chunk_size=500):
        yield [
            outcome.reference,
            outcome.name,
            f"{outcome.priority.code} {outcome.priority.name}",
            str(outcome.lead),
            "; ".join(sorted(links.get(outcome.pk, []))),
            outcome.indicator_count,
            outcome.published,
            "Archived" if outcome.is_archived else "Current",
        ]


def outcome_detail(*, user: Any, pk: int) -> Outcome:
    """Raises Outcome.DoesNotExist when missing or not visible to this user."""
    return (
        visible_outcomes(user=user)
        .select_related("priority", "lead", "archived_by")
        .prefetch_related(
            Prefetch(
                "services",
                queryset=visible_services(user=user).select_related("directorate").order_by("name", "reference"),
            )
        )
        .get(pk=pk)
    )


def priority_detail(*, user: Any, pk: int) -> Priority:
    return (
        visible_priorities(user=user)
        .select_related("archived_by")
        .prefetch_related(
            Prefetch(
                "outcomes",
                queryset=visible_outcomes(user=user)
                .filter(archived_at__isnull=True)
                .select_related("lead")
                .order_by("reference"),
            )
        )
        .get(pk=pk)
    )


def priorities_with_outcomes(*, user: Any) -> list[Priority]:
    """Every current priority the user may see, with its current visible outcomes (two queries)."""
    return list(
        visible_priorities(user=user)
        .filter(archived_at__isnull=True)
        .prefetch_related(
            Prefetch(
                "outcomes",
                queryset=visible_outcomes(user=user).filter(archived_at__isnull=True).order_by("reference"),
            )
        )
        .order_by("position", "code")
    )


def priority_choices(*, including: int | None = None) -> QuerySet[Priority]:
    return Priority.objects.filter(Q(archived_at__isnull=True) | Q(pk=including)).order_by("position", "code")


def commissioner_choices() -> QuerySet[User]:
    return User.objects.filter(is_active=True, role__in=[Role.OFFICER, Role.DIRECTOR]).order_by(
        "last_name", "first_name"
    )


def service_choices(*, linked: Iterable[int] = ()) -> QuerySet[Service]:
    """Current services, and any archived service already linked (so an edit does not drop it)."""
    return (
        Service.objects.filter(Q(archived_at__isnull=True) | Q(pk__in=list(linked)))
        .select_related("directorate")
        .order_by("name", "reference")
    )


def outcome_choices(*, including: int | None = None) -> QuerySet[Outcome]:
    return Outcome.objects.filter(Q(archived_at__isnull=True) | Q(pk=including)).order_by("reference")


def visible_service(*, user: Any, pk: int) -> Service | None:
    return visible_services(user=user).filter(pk=pk).only("pk", "name", "reference").first()


# Indicators -------------------------------------------------------------------------------------------------------

INDICATOR_SORTS = {
    "code": ("code",),
    "name": ("name", "code"),
    "frequency": ("frequency", "code"),
}
DEFAULT_INDICATOR_SORT = "code"


@dataclass(frozen=True)
class IndicatorFilters:
    q: str = ""
    outcome: int | None = None
    service: int | None = None
    frequency: str = ""
    include_archived: bool = False
    sort: str = DEFAULT_INDICATOR_SORT
    descending: bool = False


@dataclass(frozen=True)
class IndicatorStatus:
    """An indicator with its latest period's RAG status and direction of travel (both from the engine)."""

    indicator: Indicator
    latest: calculations.PeriodStatus | None


def _with_latest(indicators: QuerySet[Indicator]) -> QuerySet[Indicator]:
    """Annotate each indicator with its latest measured period, value, and that period's target and tolerance."""
    latest = _current_measurements().filter(indicator=OuterRef("pk")).order_by("-period")
    target = _current_targets().filter(indicator=OuterRef("pk"), period=OuterRef("latest_period"))
    return indicators.annotate(
        latest_period=Subquery(latest.values("period")[:1]),
        latest_value=Subquery(latest.values("value")[:1]),
    ).annotate(
        latest_target=Subquery(target.values("target")[:1]),
        latest_tolerance=Subquery(target.values("tolerance")[:1]),
        latest_tolerance_basis=Subquery(target.values("tolerance_basis")[:1]),
    )


def latest_rag(indicator: Any) -> calculations.RagStatus:
    """The RAG status of an indicator annotated by _with_latest."""
    return calculations.rag(
        value=indicator.latest_value,
        target=indicator.latest_target,
        polarity=indicator.polarity,
        basis=indicator.latest_tolerance_basis or "",
        tolerance=indicator.latest_tolerance,
    )


def indicator_list(*, user: Any, filters: IndicatorFilters) -> QuerySet[Indicator]:
    indicators = _with_latest(visible_indicators(user=user).select_related("outcome", "owner"))
    if not filters.include_archived:
        indicators = indicators.filter(archived_at__isnull=True)
    indicators = search(indicators, filters.q, "search_text")
    if filters.outcome:
        indicators = indicators.filter(outcome_id=filters.outcome)
    if filters.service:
        indicators = indicators.filter(
            Exists(Indicator.services.through.objects.filter(indicator_id=OuterRef("pk"), service_id=filters.service))
        )
    if filters.frequency in Frequency.values:
        indicators = indicators.filter(frequency=filters.frequency)
    return _ordered(indicators, INDICATOR_SORTS, filters.sort, DEFAULT_INDICATOR_SORT, filters.descending)


INDICATOR_EXPORT_HEADERS = [
    "Code",
    "Indicator",
    "Definition",
    "Unit",
    "Polarity",
    "Frequency",
    "Outcome",
    "Owner",
    "Data source",
    "Latest period",
    "Latest value",
    "Target",
    "RAG status",
    "Published",
    "Status",
]


def indicator_export_rows(indicators: QuerySet[Indicator], *, user: Any) -> Iterator[list[Any]]:
    outcomes = {
        pk: f"{name} ({ref})" for pk, name, ref in visible_outcomes(user=user).values_list("pk", "name", "reference")
    }
    indicator: Any
    for indicator in indicators.iterator(chunk_size=500):
        yield [
            indicator.code,
            indicator.name,
            indicator.definition,
            indicator.get_unit_display(),
            indicator.get_polarity_display(),
            indicator.get_frequency_display(),
            outcomes.get(indicator.outcome_id, "") if indicator.outcome_id else "",
            str(indicator.owner),
            indicator.data_source,
            indicator.latest_period or "",
            indicator.latest_value,
            indicator.latest_target,
            latest_rag(indicator).label,
            indicator.published,
            "Archived" if indicator.is_archived else "Current",
        ]


def indicator_detail(*, user: Any, pk: int) -> Indicator:
    """Raises Indicator.DoesNotExist when missing or not visible to this user."""
    return (
        visible_indicators(user=user)
        .select_related("owner", "archived_by")
        .prefetch_related(
            Prefetch(
                "services",
                queryset=visible_services(user=user).select_related("directorate").order_by("name", "reference"),
            )
        )
        .get(pk=pk)
    )


def indicator_outcome(*, user: Any, indicator: Indicator) -> Outcome | None:
    """The indicator's outcome, if this user may see it."""
    if indicator.outcome_id is None:
        return None
    return visible_outcomes(user=user).filter(pk=indicator.outcome_id).select_related("priority").first()


def indicator_series(*, indicator: Indicator, years: int | None = YEARS_SHOWN) -> calculations.IndicatorSeries:
    """The indicator's periods with RAG and travel, the last `years` years (None: all). Three queries at most."""
    measurements = _current_measurements().filter(indicator=indicator).select_related("entered_by")
    targets = _current_targets().filter(indicator=indicator)
    if years is not None:
        latest = (
            _current_measurements().filter(indicator=indicator).order_by("-period").values_list("period", flat=True)
        ).first()
        start = calculations.window_start(indicator.frequency, latest, years)
        if start is not None:
            # One period more than shown, so the first period shown has a direction of travel: a year more.
            earliest = calculations.window_start(indicator.frequency, latest, years + 1)
            measurements = measurements.filter(period__gte=earliest)
            targets = targets.filter(period__gte=start)
    current = list(measurements)
    for measurement in current:
        measurement.indicator = indicator  # the pages ask permissions of each value, by its indicator
    series = calculations.indicator_series(polarity=indicator.polarity, measurements=current, targets=list(targets))
    if years is None:
        return series
    start = calculations.window_start(indicator.frequency, series.latest.period if series.latest else None, years)
    if start is None:
        return series
    return calculations.IndicatorSeries(periods=tuple(p for p in series.periods if p.period >= start))


HISTORY_PAGE_SIZE = 20  # periods on each page of an indicator's "values, targets and direction of travel"
HISTORY_SHOWN = 2_000  # the newest periods those pages reach (100 pages): the download has every one


class _HistoryPeriods:
    """The labels of the newest HISTORY_SHOWN periods of an indicator with a current value or target, newest first,
    for a Paginator.

    Counted and sliced in the database, never read whole: the values' periods and the periods with only a target
    (disjoint, so UNION ALL) each come in label order (labels of one frequency sort in time) from the index on
    (indicator, period), the count stops one past HISTORY_SHOWN, and a page reads no further back than itself from
    either, so a page costs the same for 100,000 values as for 60.
    """

    def __init__(self, indicator: Indicator) -> None:
        measured = _current_measurements().filter(indicator=indicator)
        targeted = _current_targets().filter(indicator=indicator)
        target_only = targeted.exclude(Exists(measured.filter(period=OuterRef("period"))))
        self.measured = measured.order_by("-period").values_list("period", flat=True)
        self.target_only = target_only.order_by("-period").values_list("period", flat=True)
        self.found: int | None = None

    def count(self) -> int:
        if self.found is None:
            both = self.measured.order_by().union(self.target_only.order_by(), all=True)
            self.found = both[: HISTORY_SHOWN + 1].count()
        return min(self.found, HISTORY_SHOWN)

    def __getitem__(self, items: slice) -> list[str]:
        """The newest first, from one query for each kind of period (a union's ORDER BY and LIMIT would read every
        period on PostgreSQL)."""
        end = items.stop if items.stop is not None else HISTORY_SHOWN
        newest = heapq.merge(list(self.measured[:end]), list(self.target_only[:end]), reverse=True)
        return list(newest)[items]


@dataclass(frozen=True)
class IndicatorHistory:
    """One page of an indicator's periods, newest first: ``page.object_list`` holds PeriodStatus rows. ``more`` is
    True when the indicator has more than the ``shown`` (HISTORY_SHOWN) periods its pages reach."""

    page: Page[Any]
    more: bool
    shown: int


def indicator_history(*, indicator: Indicator, number: Any) -> IndicatorHistory:
    """One page (HISTORY_PAGE_SIZE periods, newest first) of the newest HISTORY_SHOWN periods of the indicator
    that have a value or a target, each with its RAG status and direction of travel. Five queries, whatever the
    length of the history: the count, the page's periods (two: values' and targets'), their values and those they
    are compared with, and their targets."""
    periods = _HistoryPeriods(indicator)
    # A Paginator needs only count() and slices of its list, which _HistoryPeriods answers in the database.
    page: Page[Any] = Paginator(cast("Sequence[str]", periods), HISTORY_PAGE_SIZE).get_page(number)
    labels = list(page.object_list)
    if labels:
        measurements = list(
            _current_measurements()
            .filter(indicator=indicator, period__in=sorted(calculations.compared_with(labels)))
            .select_related("entered_by")
        )
        for measurement in measurements:
            measurement.indicator = indicator  # the pages ask permissions of each value, by its indicator
        targets = list(_current_targets().filter(indicator=indicator, period__in=labels))
        page.object_list = calculations.period_statuses(
            polarity=indicator.polarity, periods=labels, measurements=measurements, targets=targets
        )
    return IndicatorHistory(page=page, more=(periods.found or 0) > HISTORY_SHOWN, shown=HISTORY_SHOWN)


INDICATOR_DATA_HEADERS = [
    "Indicator code",
    "Period",
    "Value",
    "Target",
    "RAG status",
    "Against previous period",
    "Against same period a year ago",
    "Note",
    "Entered by",
]


def indicator_data_rows(indicator: Indicator) -> Iterator[list[Any]]:
    """Every period of the indicator (all years) for its data download, newest first."""
    series = indicator_series(indicator=indicator, years=None)
    for row in reversed(series.periods):
        yield [
            indicator.code,
            row.period,
            row.value,
            row.target,
            row.rag.label,
            row.against_previous.direction.label,
            row.against_year_ago.direction.label,
            row.measurement.note if row.measurement else "",
            str(row.measurement.entered_by) if row.measurement else "",
        ]


# The latest value and far enough back to reach the same period a year earlier (12 months before, for a monthly
# indicator): the most values a page of indicators reads for each one, however long its history.
LATEST_VALUES = 13


def _with_values_from(indicators: QuerySet[Indicator], latest: int = LATEST_VALUES) -> QuerySet[Indicator]:
    """Annotate each indicator with ``values_from``: the period from which its latest ``latest`` (LATEST_VALUES)
    current values run (None when it has fewer). Labels of one frequency sort in time, so the index on (indicator,
    period) finds it in a few steps."""
    nth = (
        _current_measurements()
        .filter(indicator=OuterRef("pk"))
        .order_by("-period")
        .values("period")[latest - 1 : latest]
    )
    return indicators.annotate(values_from=Subquery(nth))


def _latest_of(indicator: Any) -> Q:
    """The rows (values or targets) of an indicator annotated by _with_values_from that its latest status needs."""
    if indicator.values_from is None:
        return Q(indicator_id=indicator.pk)
    return Q(indicator_id=indicator.pk, period__gte=indicator.values_from)


def indicator_statuses(indicators: Sequence[Indicator]) -> list[IndicatorStatus]:
    """Each indicator's latest RAG and travel: two queries for any number of indicators, each reading only the
    latest values and targets of each indicator (annotated by _with_values_from), never its whole history."""
    ids = [indicator.pk for indicator in indicators]
    measurements: dict[int, list[Measurement]] = {pk: [] for pk in ids}
    targets: dict[int, list[Target]] = {pk: [] for pk in ids}
    latest = reduce(operator.or_, (_latest_of(indicator) for indicator in indicators))
    for measurement in _current_measurements().filter(latest).only("indicator_id", "period", "value", "note"):
        measurements[measurement.indicator_id].append(measurement)
    for target in _current_targets().filter(latest):
        targets[target.indicator_id].append(target)
    return _statuses(indicators, measurements, targets)


def _statuses(
    indicators: Sequence[Indicator], measurements: dict[int, list[Measurement]], targets: dict[int, list[Target]]
) -> list[IndicatorStatus]:
    return [
        IndicatorStatus(
            indicator=indicator,
            latest=calculations.indicator_series(
                polarity=indicator.polarity, measurements=measurements[indicator.pk], targets=targets[indicator.pk]
            ).latest,
        )
        for indicator in indicators
    ]


def outcome_indicators(*, user: Any, outcome: Outcome) -> list[IndicatorStatus]:
    indicators = list(
        _with_values_from(visible_indicators(user=user).filter(outcome=outcome, archived_at__isnull=True)).order_by(
            "code"
        )
    )
    return indicator_statuses(indicators) if indicators else []


def service_indicators(*, user: Any, service: Service) -> list[IndicatorStatus]:
    indicators = list(
        _with_values_from(
            visible_indicators(user=user)
            .filter(archived_at__isnull=True)
            .filter(
                Exists(Indicator.services.through.objects.filter(indicator_id=OuterRef("pk"), service_id=service.pk))
            )
        ).order_by("code")
    )
    return indicator_statuses(indicators) if indicators else []


def service_outcomes(*, user: Any, service: Service) -> list[Outcome]:
    return list(
        visible_outcomes(user=user)
        .filter(archived_at__isnull=True)
        .filter(Exists(Outcome.services.through.objects.filter(outcome_id=OuterRef("pk"), service_id=service.pk)))
        .select_related("priority")
        .order_by("priority__position", "reference")
    )


# Benchmarks -------------------------------------------------------------------------------------------------------


def home_comparator_group() -> ComparatorGroup | None:
    """The home council's current comparator group with its current members, nearest first (two queries)."""
    return (
        ComparatorGroup.objects.filter(council__is_home=True, archived_at__isnull=True)
        .select_related("council")
        .prefetch_related(
            Prefetch("members", queryset=Comparator.objects.filter(archived_at__isnull=True).order_by("position"))
        )
        .first()
    )


@dataclass(frozen=True)
class BenchmarkView:
    """Where the council sits among its comparators for one year, with every member's value, best first."""

    year: str
    position: calculations.BenchmarkPosition
    names: dict[str, str]
    years: tuple[str, ...] = ()
    source: str = ""

    def name(self, code: str) -> str:
        return self.names.get(code, code)


def _names(group: ComparatorGroup) -> dict[str, str]:
    names = {member.ons_code: member.name for member in group.members.all()}
    names[group.council.ons_code] = group.council.name
    return names


def indicator_benchmark(*, indicator: Indicator, group: ComparatorGroup | None) -> BenchmarkView | None:
    """The indicator's latest year of benchmarks (one query; the group is read once per page)."""
    if group is None:
        return None
    engine_group = calculations.comparator_group(
        group.council.ons_code, [member.ons_code for member in group.members.all()]
    )
    if engine_group is None:
        return None
    rows = list(
        Benchmark.objects.filter(indicator=indicator, archived_at__isnull=True, ons_code__in=engine_group.members)
        .order_by("-year")
        .values_list("year", "ons_code", "value", "source")
    )
    if not rows:
        return None
    years = tuple(sorted({year for year, *_rest in rows}, reverse=True))
    year = years[0]
    values: dict[str, Decimal | None] = {code: value for y, code, value, _source in rows if y == year}
    source = next((source for y, _c, _v, source in rows if y == year and source), "")
    position = calculations.position(group=engine_group, values=values, polarity=indicator.polarity)
    return BenchmarkView(year=year, position=position, names=_names(group), years=years, source=source)


def service_unit_cost_benchmark(*, service: Service, group: ComparatorGroup | None) -> BenchmarkView | None:
    """The service's unit cost against the comparators' for the year of its budget (one query).

    The council's own figure is its own row for that year if one was loaded, otherwise the service's unit cost
    from its budget (gross budget / annual demand), when the budget is for that year.
    """
    if group is None:
        return None
    engine_group = calculations.comparator_group(
        group.council.ons_code, [member.ons_code for member in group.members.all()]
    )
    if engine_group is None:
        return None
    rows = list(
        UnitCostBenchmark.objects.filter(service=service, archived_at__isnull=True, ons_code__in=engine_group.members)
        .order_by("-year")
        .values_list("year", "ons_code", "unit_cost", "source")
    )
    if not rows:
        return None
    years = tuple(sorted({year for year, *_rest in rows}, reverse=True))
    year = service.budget_year if service.budget_year in years else years[0]
    values: dict[str, Decimal | None] = {code: value for y, code, value, _source in rows if y == year}
    if engine_group.council not in values and year == service.budget_year:
        values[engine_group.council] = service.unit_cost
    source = next((source for y, _c, _v, source in rows if y == year and source), "")
    position = calculations.unit_cost_benchmark(group=engine_group, unit_costs=values)
    return BenchmarkView(year=year, position=position, names=_names(group), years=years, source=source)


# Needs evidence and consultations ---------------------------------------------------------------------------------

EVIDENCE_SORTS = {
    "date": ("evidence_date", "title"),
    "title": ("title", "evidence_date"),
    "kind": ("kind", "-evidence_date"),
}
DEFAULT_EVIDENCE_SORT = "date"


@dataclass(frozen=True)
class EvidenceFilters:
    q: str = ""
    kind: str = ""
    service: int | None = None
    outcome: int | None = None
    include_archived: bool = False
    sort: str = DEFAULT_EVIDENCE_SORT
    descending: bool = True


def visible_evidence(*, user: Any) -> QuerySet[NeedsEvidence]:
    return NeedsEvidence.objects.all() if is_internal(user) else NeedsEvidence.objects.none()


def _attached_list(
    records: QuerySet[A],
    filters: Any,
    *,
    kind: str,
    kinds: Sequence[str],
    sorts: Mapping[str, tuple[str, ...]],
    default_sort: str,
) -> QuerySet[A]:
    """Needs evidence or consultations as their list pages filter them: current ones unless archived ones are asked
    for, ``filters.q`` found in their folded search text (``core.search``), the ``kind`` field (one of ``kinds``), the
    service and outcome they are attached to, then ``filters.sort`` (one of ``sorts``)."""
    records = records.select_related("service", "outcome")
    if not filters.include_archived:
        records = records.filter(archived_at__isnull=True)
    records = search(records, filters.q, "search_text")
    if getattr(filters, kind) in kinds:
        records = records.filter(**{kind: getattr(filters, kind)})
    if filters.service:
        records = records.filter(service_id=filters.service)
    if filters.outcome:
        records = records.filter(outcome_id=filters.outcome)
    return _ordered(records, sorts, filters.sort, default_sort, filters.descending)  # type: ignore[no-any-return]


def _attached_to(
    records: QuerySet[A], *, service: Service | None, outcome: Outcome | None, newest_first: str
) -> list[A]:
    """The current ones attached to a service's (or an outcome's) page: the newest 50."""
    records = records.filter(archived_at__isnull=True)
    records = records.filter(service=service) if service is not None else records.filter(outcome=outcome)
    return list(records.order_by(newest_first, "title")[:50])


def evidence_list(*, user: Any, filters: EvidenceFilters) -> QuerySet[NeedsEvidence]:
    return _attached_list(
        visible_evidence(user=user),
        filters,
        kind="kind",
        kinds=EvidenceKind.values,
        sorts=EVIDENCE_SORTS,
        default_sort=DEFAULT_EVIDENCE_SORT,
    )


EVIDENCE_EXPORT_HEADERS = [
    "Title",
    "Kind",
    "Source",
    "Date",
    "Summary",
    "Service",
    "Outcome",
    "Document",
    "Document size (bytes)",
    "Status",
]


def evidence_export_rows(evidence: QuerySet[NeedsEvidence]) -> Iterator[list[Any]]:
    for item in evidence.iterator(chunk_size=500):
        yield [
            item.title,
            item.get_kind_display(),
            item.source,
            item.evidence_date,
            item.summary,
            f"{item.service.name} ({item.service.reference})" if item.service else "",
            f"{item.outcome.name} ({item.outcome.reference})" if item.outcome else "",
            item.document_name,
            item.document_size,
            "Archived" if item.is_archived else "Current",
        ]


def evidence_detail(*, user: Any, pk: int) -> NeedsEvidence:
    return visible_evidence(user=user).select_related("service", "outcome", "archived_by").get(pk=pk)


def evidence_for(*, user: Any, service: Service | None = None, outcome: Outcome | None = None) -> list[NeedsEvidence]:
    return _attached_to(visible_evidence(user=user), service=service, outcome=outcome, newest_first="-evidence_date")


CONSULTATION_SORTS = {
    "opened": ("opened_on", "title"),
    "title": ("title", "opened_on"),
    "responses": ("responses", "opened_on"),
}
DEFAULT_CONSULTATION_SORT = "opened"


@dataclass(frozen=True)
class ConsultationFilters:
    q: str = ""
    method: str = ""
    service: int | None = None
    outcome: int | None = None
    include_archived: bool = False
    sort: str = DEFAULT_CONSULTATION_SORT
    descending: bool = True


def visible_consultations(*, user: Any) -> QuerySet[Consultation]:
    return Consultation.objects.all() if is_internal(user) else Consultation.objects.none()


def consultation_list(*, user: Any, filters: ConsultationFilters) -> QuerySet[Consultation]:
    return _attached_list(
        visible_consultations(user=user),
        filters,
        kind="method",
        kinds=ConsultationMethod.values,
        sorts=CONSULTATION_SORTS,
        default_sort=DEFAULT_CONSULTATION_SORT,
    )


CONSULTATION_EXPORT_HEADERS = [
    "Title",
    "Purpose",
    "Method",
    "Opened",
    "Closed",
    "Responses",
    "Summary of the responses",
    "Service",
    "Outcome",
    "Status",
]


def consultation_export_rows(consultations: QuerySet[Consultation]) -> Iterator[list[Any]]:
    for item in consultations.iterator(chunk_size=500):
        yield [
            item.title,
            item.purpose,
            item.get_method_display(),
            item.opened_on,
            item.closed_on,
            item.responses,
            item.response_summary,
            f"{item.service.name} ({item.service.reference})" if item.service else "",
            f"{item.outcome.name} ({item.outcome.reference})" if item.outcome else "",
            "Archived" if item.is_archived else "Current",
        ]


def consultation_detail(*, user: Any, pk: int) -> Consultation:
    return visible_consultations(user=user).select_related("service", "outcome", "archived_by").get(pk=pk)


def consultations_for(
    *, user: Any, service: Service | None = None, outcome: Outcome | None = None
) -> list[Consultation]:
    return _attached_to(visible_consultations(user=user), service=service, outcome=outcome, newest_first="-opened_on")


def measurement_detail(*, user: Any, pk: int) -> Measurement:
    """A measurement of an indicator the user may see (withdrawn ones only for internal roles)."""
    measurements = Measurement.objects.select_related("indicator", "entered_by", "archived_by")
    if not is_internal(user):
        measurements = measurements.filter(archived_at__isnull=True, indicator__in=visible_indicators(user=user))
    return measurements.get(pk=pk)


# The evidence pack ------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class EvidencePack:
    """Everything the Analyse stage knows about one service, for the Programme Board."""

    service: Service
    council: Organisation | None
    outcomes: list[Outcome]
    indicators: list[IndicatorStatus]
    unit_cost: BenchmarkView | None
    evidence: list[NeedsEvidence]
    consultations: list[Consultation]
    prepared: dt.date
    notes: dict[str, Any] = field(default_factory=dict)


def evidence_pack(*, user: Any, service: Service, today: dt.date) -> EvidencePack:
    """A fixed number of queries, whatever the size of the council."""
    group = home_comparator_group()
    return EvidencePack(
        service=service,
        council=group.council if group is not None else None,
        outcomes=service_outcomes(user=user, service=service),
        indicators=service_indicators(user=user, service=service),
        unit_cost=service_unit_cost_benchmark(service=service, group=group),
        evidence=evidence_for(user=user, service=service),
        consultations=consultations_for(user=user, service=service),
        prepared=today,
    )


def indicator_import_lookup() -> dict[str, Any]:
    """code -> engine KnownIndicator for every current indicator: what engine.ingest.measurements.parse_measurements
    needs to check an uploaded file's rows against the indicators (one query)."""
    return calculations.known_indicators(
        Indicator.objects.filter(archived_at__isnull=True).values_list("code", "frequency", "unit")
    )


# The prioritisation model (commissioning.outcomes.priority scores services from these): each a fixed number of
# queries for any number of services.


@dataclass(frozen=True)
class UnitCostAgainstMedian:
    year: str
    unit_cost: Decimal
    comparator_median: Decimal
    comparators: int
    quartile: int | None = None  # 1 best (cheapest) to 4 worst, among the council and its comparators


def unit_costs_against_median(service_ids: Collection[int]) -> dict[int, UnitCostAgainstMedian]:
    """Each service's unit cost against its comparators' median, for the year of its budget if loaded, else the
    latest year loaded (as service_unit_cost_benchmark): four queries. Services without both figures are left out."""
    group = home_comparator_group()
    if group is None:
        return {}
    engine_group = calculations.comparator_group(
        group.council.ons_code, [member.ons_code for member in group.members.all()]
    )
    if engine_group is None:
        return {}
    rows: dict[int, dict[str, dict[str, Decimal | None]]] = {}
    for service_id, year, code, unit_cost in UnitCostBenchmark.objects.filter(
        service_id__in=service_ids, archived_at__isnull=True, ons_code__in=engine_group.members
    ).values_list("service_id", "year", "ons_code", "unit_cost"):
        rows.setdefault(service_id, {}).setdefault(year, {})[code] = unit_cost
    found: dict[int, UnitCostAgainstMedian] = {}
    for service in Service.objects.filter(pk__in=rows).only("pk", "budget_year", "gross_budget", "annual_demand"):
        years = rows[service.pk]
        year = service.budget_year if service.budget_year in years else max(years)
        values = dict(years[year])
        if engine_group.council not in values and year == service.budget_year:
            values[engine_group.council] = service.unit_cost
        against = _against_median(engine_group, year, values)
        if against is not None:
            found[service.pk] = against
    return found


def _against_median(engine_group: Any, year: str, values: dict[str, Decimal | None]) -> UnitCostAgainstMedian | None:
    position = calculations.unit_cost_benchmark(group=engine_group, unit_costs=values)
    if position.value is None or position.comparator_median is None or position.comparator_median <= 0:
        return None
    return UnitCostAgainstMedian(
        year=year,
        unit_cost=position.value,
        comparator_median=position.comparator_median,
        comparators=position.ranked - 1,
        quartile=position.quartile,
    )


@dataclass(frozen=True)
class IndicatorGap:
    measured: tuple[Indicator, ...]  # indicators with a latest value and target
    off_target: tuple[Indicator, ...]
    worsening: tuple[Indicator, ...]  # off target and worse than the period before


def indicator_gaps(service_ids: Collection[int]) -> dict[int, IndicatorGap]:
    """For each service with an indicator that has a latest value against a target: which are off target (red), and
    which of those are getting worse. Four queries."""
    links: dict[int, list[int]] = {}
    for indicator_id, service_id in Indicator.services.through.objects.filter(
        service_id__in=service_ids, indicator__archived_at__isnull=True
    ).values_list("indicator_id", "service_id"):
        links.setdefault(indicator_id, []).append(service_id)
    if not links:
        return {}
    indicators = list(_with_values_from(Indicator.objects.filter(pk__in=links)).order_by("code"))
    measured: dict[int, list[Indicator]] = {}
    off: dict[int, list[Indicator]] = {}
    worse: dict[int, list[Indicator]] = {}
    for status in indicator_statuses(indicators):
        latest = status.latest
        if latest is None or latest.rag not in (
            calculations.RagStatus.RED,
            calculations.RagStatus.AMBER,
            calculations.RagStatus.GREEN,
        ):
            continue
        for service_id in links[status.indicator.pk]:
            measured.setdefault(service_id, []).append(status.indicator)
            if latest.rag == calculations.RagStatus.RED:
                off.setdefault(service_id, []).append(status.indicator)
                if latest.against_previous.direction == calculations.Direction.WORSENING:
                    worse.setdefault(service_id, []).append(status.indicator)
    return {
        service_id: IndicatorGap(tuple(found), tuple(off.get(service_id, ())), tuple(worse.get(service_id, ())))
        for service_id, found in measured.items()
    }


def priorities_served(service_ids: Collection[int]) -> dict[int, list[Priority]]:
    """The current council priorities each service's current outcomes serve, in the council plan's order (one
    query). Services serving none are left out."""
    served: dict[int, dict[int, Priority]] = {}
    for link in (
        Outcome.services.through.objects.filter(
            service_id__in=service_ids, outcome__archived_at__isnull=True, outcome__priority__archived_at__isnull=True
        )
        .select_related("outcome__priority")
        .order_by("outcome__priority__position", "outcome__priority__code")
    ):
        served.setdefault(link.service_id, {})[link.outcome.priority_id] = link.outcome.priority
    return {service_id: list(priorities.values()) for service_id, priorities in served.items()}


def consultations_on(service_ids: Collection[int]) -> dict[int, list[Consultation]]:
    """The current consultations on each service, latest first (one query)."""
    found: dict[int, list[Consultation]] = {}
    for consultation in Consultation.objects.filter(service_id__in=service_ids, archived_at__isnull=True).order_by(
        "-opened_on", "pk"
    ):
        found.setdefault(consultation.service_id, []).append(consultation)  # type: ignore[arg-type]
    return found


def indicators_off_target_and_worsening(*, user: Any) -> list[IndicatorStatus]:
    """The current indicators the user may see whose latest value is off target (red) and worse than the period
    before, by code (the scrutiny dashboard lists them): three queries, whatever the number of indicators.

    The database first keeps only the indicators that could be: a latest value worse than the one before it and
    than its period's target (or no target), by the indicator's polarity. Red and worsening need both (a red value
    is worse than its target by more than the tolerance; worsening is worse than the previous period's value), so
    nothing is left out that the engine would list, and only those few get their status from the engine. Of each,
    only its latest two values (and their targets from the earlier of the two periods) are read, as
    indicator_statuses reads its latest values: the latest status and its travel need no more."""
    latest = _current_measurements().filter(indicator=OuterRef("pk")).order_by("-period")
    higher, lower = Q(polarity="higher"), Q(polarity="lower")
    indicators = list(
        visible_indicators(user=user)
        .filter(archived_at__isnull=True)
        .annotate(
            latest_period=Subquery(latest.values("period")[:1]),
            latest_value=Subquery(latest.values("value")[:1]),
            previous_value=Subquery(latest.values("value")[1:2]),
        )
        .annotate(
            latest_target=Subquery(
                _current_targets()
                .filter(indicator=OuterRef("pk"), period=OuterRef("latest_period"))
                .values("target")[:1]
            )
        )
        .filter((higher & Q(latest_value__lt=F("previous_value"))) | (lower & Q(latest_value__gt=F("previous_value"))))
        .filter(
            Q(latest_target__isnull=True)
            | (higher & Q(latest_value__lt=F("latest_target")))
            | (lower & Q(latest_value__gt=F("latest_target")))
        )
        .only("pk", "code", "name", "polarity", "unit")
        .order_by("code")
    )
    if not indicators:
        return []
    since = Subquery(
        _current_measurements().filter(indicator=OuterRef("indicator_id")).order_by("-period").values("period")[1:2]
    )
    window = Q(since__isnull=True) | Q(period__gte=F("since"))
    ids = [indicator.pk for indicator in indicators]
    measurements: dict[int, list[Measurement]] = {pk: [] for pk in ids}
    targets: dict[int, list[Target]] = {pk: [] for pk in ids}
    for measurement in (
        _current_measurements()
        .filter(indicator_id__in=ids)
        .annotate(since=since)
        .filter(window)
        .only("indicator_id", "period", "value", "note")
    ):
        measurements[measurement.indicator_id].append(measurement)
    for target in _current_targets().filter(indicator_id__in=ids).annotate(since=since).filter(window):
        targets[target.indicator_id].append(target)
    return [
        status
        for status in _statuses(indicators, measurements, targets)
        if status.latest is not None
        and status.latest.rag == calculations.RagStatus.RED
        and status.latest.against_previous.direction == calculations.Direction.WORSENING
    ]


def unit_costs_in_worst_quartile(service_ids: Collection[int] | QuerySet[Any]) -> dict[int, UnitCostAgainstMedian]:
    """The services whose unit cost is in the worst quartile of the council and its comparators (as
    unit_costs_against_median places them), at a fixed number of queries. A first pass in the database keeps only the
    services that could be: those with a figure of the council's own loaded, and those whose unit cost (gross budget
    over demand) is above at least as many of their comparators' figures for the budget year as a value above the
    comparators' upper quartile must be (``calculations.above_upper_quartile_needs``); only those get a full position,
    so the work in Python stays small however many services the council has. ``service_ids`` may be a queryset of
    ids (a subquery: nothing is read into Python for the services left out)."""
    group = home_comparator_group()
    if group is None:
        return {}
    engine_group = calculations.comparator_group(
        group.council.ons_code, [member.ons_code for member in group.members.all()]
    )
    if engine_group is None:
        return {}
    current = UnitCostBenchmark.objects.filter(service_id__in=service_ids, archived_at__isnull=True).order_by()
    with_own_figure = list(
        current.filter(ons_code=engine_group.council).values_list("service_id", flat=True).distinct()
    )
    own = ExpressionWrapper(
        F("service__gross_budget") / F("service__annual_demand"), output_field=DecimalField(max_digits=20)
    )
    budget_year = current.filter(ons_code__in=engine_group.comparators, year=F("service__budget_year"))
    candidates = [
        service_id
        for service_id, total, below in (
            budget_year.filter(unit_cost__isnull=False, service__annual_demand__gt=0)
            .exclude(service_id__in=with_own_figure)
            .values("service_id")
            .annotate(total=Count("pk"), below=Count("pk", filter=Q(unit_cost__lt=own)))
            .values_list("service_id", "total", "below")
        )
        if below >= calculations.above_upper_quartile_needs(total)
    ]
    # A candidate without a figure of the council's own is placed on its budget year, with its own unit cost (as
    # unit_costs_against_median places it); one with such a figure goes through unit_costs_against_median itself.
    years: dict[int, dict[str, Decimal | None]] = {}
    own_cost: dict[int, tuple[str, Decimal, int]] = {}
    for service_id, code, cost, year, gross, demand in budget_year.filter(service_id__in=candidates).values_list(
        "service_id", "ons_code", "unit_cost", "service__budget_year", "service__gross_budget", "service__annual_demand"
    ):
        years.setdefault(service_id, {})[code] = cost
        own_cost[service_id] = (year, gross, demand)
    found: dict[int, UnitCostAgainstMedian] = {}
    for service_id, values in years.items():
        year, gross, demand = own_cost[service_id]
        values[engine_group.council] = calculations.unit_cost(gross_budget=gross, annual_demand=demand)
        against = _against_median(engine_group, year, values)
        if against is not None:
            found[service_id] = against
    found.update(unit_costs_against_median(with_own_figure))
    return {pk: cost for pk, cost in found.items() if cost.quartile == WORST_QUARTILE}


WORST_QUARTILE = 4


def worst_quartile_unit_costs() -> dict[int, UnitCostAgainstMedian]:
    """Every current service whose unit cost is in the worst quartile of its comparators (unit_costs_in_worst_quartile
    of them all), remembered under the version of what that reads: services, their benchmark figures, the comparator
    group and its members, and the councils (core.memo, ADR 0038). Five small queries while nothing has changed;
    visibility is the caller's, applied to the answer."""
    return memo.remembered(
        "outcomes.worst_quartile_unit_costs",
        (Service, UnitCostBenchmark, ComparatorGroup, Comparator, Organisation),
        lambda: unit_costs_in_worst_quartile(Service.objects.filter(archived_at__isnull=True).values("pk")),
    )
