"""A pooled budget's statement per partner per period (a quarter of the financial year, or the year), on a page that
prints cleanly and as a CSV download through core's export shape (finfinish). Who may read it is who may read the
pool: a partner organisation's users their own pools only (404 for another)."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import render
from django.utils import timezone
from django.utils.text import slugify

from commissioning.core import generic
from commissioning.finance import selectors_pool_periods as selectors
from commissioning.finance import selectors_pools
from commissioning.finance.calculations import year_label
from commissioning.finance.calculations_pools import quarter_of
from commissioning.finance.models import PooledFund

PERIOD_NAMES = {"q1": "Q1 (April to June)", "q2": "Q2 (July to September)", "q3": "Q3 (October to December)",
                "q4": "Q4 (January to March)", selectors.YEAR: "The year"}  # fmt: skip


def _get_visible(request: HttpRequest, pk: int) -> PooledFund:
    return generic.get_visible_or_404(request, selectors_pools.pool_detail, "finance.view_pool", pk=pk)


def _chosen(request: HttpRequest, pool: PooledFund) -> selectors.PeriodStatement | None:
    """The statement the query string asks for (``year``, ``period``); by default this year's current quarter, or
    the year of the pool's first year. A year the pool has no contributions for is not found."""
    years = selectors.year_labels(pool=pool)
    if not years:
        return None
    today = timezone.localdate()
    this_year = year_label(today)
    year = request.GET.get("year") or (this_year if this_year in years else years[0])
    if year not in years:
        raise Http404
    period = request.GET.get("period") or ""
    if period not in selectors.PERIODS:
        if request.GET.get("period"):
            raise Http404
        period = f"q{quarter_of(today).number}" if year == this_year else selectors.YEAR
    found = selectors.pool_year_of(pool=pool, year=year)
    assert found is not None
    return selectors.period_statement(pool=pool, year=found, period=period)


def pool_statement(request: HttpRequest, pk: int) -> HttpResponse:
    pool = _get_visible(request, pk)
    statement = _chosen(request, pool)
    context = {
        "pool": pool,
        "object": pool,
        "tab": "statements",
        "statement": statement,
        "years": selectors.year_labels(pool=pool),
        "periods": PERIOD_NAMES,
    }
    return render(request, "finance/pools/statement.html", context)


def pool_statement_export(request: HttpRequest, pk: int, file_format: str) -> HttpResponseBase:
    pool = _get_visible(request, pk)
    statement = _chosen(request, pool)
    if statement is None:
        raise Http404
    return generic.export_response(
        file_format,
        name=slugify(f"{pool.name} statement {statement.label}"),
        sheet="Statement",
        headers=selectors.STATEMENT_EXPORT_HEADERS,
        rows=selectors.statement_export_rows(statement),
    )
