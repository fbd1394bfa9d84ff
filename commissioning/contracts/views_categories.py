"""Category management pages. Thin: permission, form, one action or selector, render or redirect."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse

from commissioning.contracts import actions_categories, calculations, selectors_categories
from commissioning.contracts.forms_categories import CategoryForm
from commissioning.contracts.models import Category
from commissioning.core import generic
from commissioning.core.access import require
from commissioning.core.thread import CATEGORY_SAVINGS, CATEGORY_SPEND

HORIZON_CHOICES = (6, 12, 18, 24, 36)


def _get_visible(request: HttpRequest, pk: int) -> Category:
    return generic.get_visible_or_404(request, selectors_categories.category_detail, "contracts.view_category", pk=pk)


def _months(request: HttpRequest) -> int:
    try:
        months = int(request.GET.get("months", calculations.DEFAULT_HORIZON_MONTHS))
    except ValueError:
        months = calculations.DEFAULT_HORIZON_MONTHS
    return min(max(months, 1), calculations.MAX_HORIZON_MONTHS)


def category_list(request: HttpRequest) -> HttpResponse:
    require(request, "contracts.list_categories")
    totals = selectors_categories.category_totals(user=request.user)
    return render(request, "contracts/categories/list.html", {"totals": totals, "mine": False})


def category_mine(request: HttpRequest) -> HttpResponse:
    require(request, "contracts.list_categories")
    totals = selectors_categories.category_totals(user=request.user, manager=request.user)
    return render(request, "contracts/categories/list.html", {"totals": totals, "mine": True})


def category_detail(request: HttpRequest, pk: int) -> HttpResponse:
    category = _get_visible(request, pk)
    found = selectors_categories.category_page(user=request.user, category=category, months=_months(request))
    return render(
        request,
        "contracts/categories/detail.html",
        {
            "category": category,
            "found": found,
            "horizons": HORIZON_CHOICES,
            "spend_place": CATEGORY_SPEND,
            "savings_place": CATEGORY_SAVINGS,
        },
    )


def _detail_url(category: Category) -> str:
    return reverse("contracts:category-detail", args=[category.pk])


category_create = generic.create_view(
    perm="contracts.add_category",
    form=CategoryForm,
    act=lambda form, **kw: actions_categories.category_create(details=form.details(), **kw),
    done=lambda category, **_: f"{category.name} has been added as {category.code}.",
    to=_detail_url,
    template="contracts/categories/form.html",
    context=lambda form: {"category": None},
)

category_edit = generic.edit_view(
    _get_visible,
    perm="contracts.change_category",
    form=CategoryForm,
    act=lambda form, category, **kw: actions_categories.category_update(
        category=category, details=form.details(), **kw
    ),
    done=lambda category, _saved, **_: f"Your changes to {category.name} have been saved.",
    to=_detail_url,
    template="contracts/categories/form.html",
    context=lambda form, category: {"category": category},
)
