"""Pooled budget pages: the list, one pool with each partner's statement per year, adding a pool, setting a year's
contributions, and the history. Thin: permission, form, one action or selector, render or redirect (ADR 0027)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone

from commissioning.core import generic
from commissioning.core.access import require
from commissioning.finance import actions_pools as actions
from commissioning.finance import selectors_pools as selectors
from commissioning.finance.calculations import year_label
from commissioning.finance.forms_pools import PoolEditForm, PoolForm, PoolSpendForm, PoolYearForm
from commissioning.finance.models import PooledFund, PoolSpend, PoolYear


def _get_visible(request: HttpRequest, pk: int) -> PooledFund:
    return generic.get_visible_or_404(request, selectors.pool_detail, "finance.view_pool", pk=pk)


def _detail_url(pool: PooledFund) -> str:
    return reverse("finance:pool", args=[pool.pk])


def pool_list(request: HttpRequest) -> HttpResponse:
    require(request, "finance.view_pools")
    return render(request, "finance/pools/list.html", {"pools": list(selectors.pool_list(user=request.user))})


def pool_detail(request: HttpRequest, pk: int) -> HttpResponse:
    pool = _get_visible(request, pk)
    statements = selectors.pool_statements(pool=pool)
    chosen = request.GET.get("year", "")
    current = next((s for s in statements if s.year.financial_year == chosen), None)
    if current is None and statements:
        this_year = year_label(timezone.localdate())
        current = next((s for s in statements if s.year.financial_year == this_year), statements[0])
    spend = selectors.recent_spend(pool=pool, year=current.year.financial_year) if current else []
    context = {"pool": pool, "object": pool, "tab": "summary", "statements": statements, "current": current}
    return render(request, "finance/pools/detail.html", {**context, "spend": spend})


pool_create = generic.create_view(
    perm="finance.add_pool",
    form=PoolForm,
    act=lambda form, **kw: actions.pool_create(details=form.details(), **kw),
    done=lambda pool, **_: f"Pooled fund {pool.name} has been added. Set its contributions for the year.",
    to=_detail_url,
    template="finance/pools/create.html",
    context=lambda form: {},
)


pool_edit = generic.edit_view(
    _get_visible,
    perm="finance.change_pool",
    form=PoolEditForm,
    form_kwargs=lambda request, pool: {"pool": pool},
    act=lambda form, pool, **kw: actions.pool_update(pool=pool, details=form.details(), shares=form.shares(), **kw),
    done=lambda pool, saved, **_: f"Pooled fund {saved.name} has been saved.",
    to=_detail_url,
    template="finance/pools/edit.html",
    context=lambda form, pool: {"pool": pool},
)


def _year_form_kwargs(request: HttpRequest, pool: PooledFund) -> dict[str, Any]:
    return {"pool": pool, "year": request.GET.get("year") or year_label(timezone.localdate())}


def _year_set(form: PoolYearForm, pool: PooledFund, **kw: Any) -> PoolYear:
    return actions.pool_year_set(pool=pool, **form.values(), **kw)


pool_year = generic.create_view(
    get=_get_visible,
    perm="finance.change_pool",
    form=PoolYearForm,
    form_kwargs=_year_form_kwargs,
    act=_year_set,
    done=lambda year, **_: f"The contributions for {year.financial_year} have been saved.",
    to=lambda year: _detail_url(year.pool) + f"?year={year.financial_year}",
    template="finance/pools/year.html",
    context=lambda form, pool: {"pool": pool},
)


def _spend_record(form: PoolSpendForm, pool: PooledFund, **kw: Any) -> PoolSpend:
    data = form.cleaned_data
    return actions.pool_spend_record(
        pool=pool, date=data["date"], description=data["description"], amount=data["amount"], **kw
    )


pool_spend = generic.create_view(
    get=_get_visible,
    perm="finance.change_pool",
    form=PoolSpendForm,
    act=_spend_record,
    done=lambda spend, **_: f"Spend of £{spend.amount:,.2f} has been charged to the pool.",
    to=lambda spend: _detail_url(spend.pool) + f"?year={spend.financial_year}",
    template="finance/pools/spend.html",
    context=lambda form, pool: {"pool": pool},
)

pool_history = generic.history_view(
    _get_visible,
    perm="finance.view_pool_history",
    tabs="finance/pools/_header.html",
    context=lambda pool: {"pool": pool, "object": pool},
)
