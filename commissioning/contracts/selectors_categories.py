"""Reads for category management: the categories as a tree with their totals, one category's page, a manager's
categories. A category's contracts are matched in SQL by the prefixes of its CPV coverage (and its descendants'),
the same rule as engine.contracts.categories.covers: a contract's codes are stored "code, code", so a code starts
the column or follows ", "."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Count, Q, QuerySet, Sum

from commissioning.accounts.models import User
from commissioning.contracts import calculations, calculations_categories
from commissioning.contracts.models import Category, CategoryKind, Contract
from commissioning.contracts.selectors import PipelineEntry, today, visible_contracts
from commissioning.core.permissions import Role
from commissioning.core.thread import CategoryScope


def _own_prefixes(category: Category) -> list[str]:
    found = []
    for entry in category.covers_list:
        try:
            found.append(calculations_categories.cpv_prefix(entry))
        except ValueError:
            continue  # saved only through the actions, which refuse it; never fail a page over it
    return found


def prefixes_by_category(categories: Sequence[Category]) -> dict[int, list[str]]:
    """Each category's prefixes: its own and all its descendants', the narrowest set that covers them."""
    children: dict[int | None, list[Category]] = {}
    for category in categories:
        children.setdefault(category.parent_id, []).append(category)

    def gather(category: Category, seen: frozenset[int]) -> list[str]:
        found = _own_prefixes(category)
        for child in children.get(category.pk, []):
            if child.pk not in seen:
                found += gather(child, seen | {child.pk})
        return found

    return {c.pk: calculations_categories.narrowest(gather(c, frozenset({c.pk}))) for c in categories}


def cpv_q(prefixes: Iterable[str]) -> Q:
    """Contracts with a CPV code under any of the prefixes (an empty Q matches nothing)."""
    q = Q(pk__in=[])
    for prefix in prefixes:
        q |= Q(cpv_codes__startswith=prefix) | Q(cpv_codes__contains=f", {prefix}")
    return q


def _current(user: Any) -> QuerySet[Contract]:
    return visible_contracts(user=user).filter(archived_at__isnull=True)


@dataclass(frozen=True)
class CategoryRow:
    category: Category
    depth: int
    contracts: int = 0
    annual_value: Decimal = Decimal("0")
    total_value: Decimal = Decimal("0")
    ending: int = 0  # within the default horizon of the expiry pipeline


@dataclass(frozen=True)
class CategoryTotals:
    rows: list[CategoryRow]
    horizon_months: int
    until: dt.date
    contracts: int = 0  # in any category shown, each contract counted once
    annual_value: Decimal = Decimal("0")
    total_value: Decimal = Decimal("0")


def _tree(categories: Sequence[Category]) -> list[tuple[Category, int]]:
    children: dict[int | None, list[Category]] = {}
    ids = {c.pk for c in categories}
    for category in categories:
        parent = category.parent_id if category.parent_id in ids else None
        children.setdefault(parent, []).append(category)
    ordered: list[tuple[Category, int]] = []

    def walk(parent: int | None, depth: int) -> None:
        for category in sorted(children.get(parent, []), key=lambda c: c.code):
            ordered.append((category, depth))
            if depth < 10:
                walk(category.pk, depth + 1)

    walk(None, 0)
    return ordered


def category_totals(
    *, user: Any, manager: Any = None, months: int = calculations.DEFAULT_HORIZON_MONTHS
) -> CategoryTotals:
    """Every current category (or those ``manager`` manages) as a tree, each with its contracts' count, values and
    how many end within the horizon, as the user may see them. Two queries: the categories, then one aggregate over
    the contracts with a column per category."""
    everything = list(Category.objects.filter(archived_at__isnull=True).select_related("manager", "parent"))
    prefixes = prefixes_by_category(everything)
    shown = [c for c in everything if manager is None or c.manager_id == getattr(manager, "pk", None)]
    day = today()
    until = calculations.pipeline_end(today=day, months=months)
    aggregates: dict[str, Any] = {}
    for category in shown:
        q = cpv_q(prefixes[category.pk])
        aggregates[f"n{category.pk}"] = Count("pk", filter=q)
        aggregates[f"a{category.pk}"] = Sum("annual_value", filter=q)
        aggregates[f"t{category.pk}"] = Sum("total_value", filter=q)
        aggregates[f"e{category.pk}"] = Count("pk", filter=q & Q(end_date__gte=day, end_date__lte=until))
    if shown:
        everywhere = cpv_q(calculations_categories.narrowest(p for c in shown for p in prefixes[c.pk]))
        aggregates["n_all"] = Count("pk", filter=everywhere)
        aggregates["a_all"] = Sum("annual_value", filter=everywhere)
        aggregates["t_all"] = Sum("total_value", filter=everywhere)
    sums = _current(user).aggregate(**aggregates) if aggregates else {}
    tree = _tree(shown) if manager is None else [(c, 0) for c in sorted(shown, key=lambda c: c.code)]
    rows = [
        CategoryRow(
            category=c,
            depth=depth,
            contracts=sums.get(f"n{c.pk}") or 0,
            annual_value=sums.get(f"a{c.pk}") or Decimal("0"),
            total_value=sums.get(f"t{c.pk}") or Decimal("0"),
            ending=sums.get(f"e{c.pk}") or 0,
        )
        for c, depth in tree
    ]
    return CategoryTotals(
        rows=rows,
        horizon_months=months,
        until=until,
        contracts=sums.get("n_all") or 0,
        annual_value=sums.get("a_all") or Decimal("0"),
        total_value=sums.get("t_all") or Decimal("0"),
    )


@dataclass(frozen=True)
class CategoryPage:
    category: Category
    prefixes: list[str]
    contracts: list[Contract]
    pipeline: list[PipelineEntry]
    suppliers: calculations_categories.SupplierSummary
    months: int
    until: dt.date
    children: list[Category] = field(default_factory=list)

    @property
    def annual_value(self) -> Decimal:
        return sum((c.annual_value for c in self.contracts), Decimal("0"))

    @property
    def total_value(self) -> Decimal:
        return sum((c.total_value for c in self.contracts), Decimal("0"))


def category_detail(*, user: Any, pk: int) -> Category:
    return Category.objects.select_related("manager", "parent").get(pk=pk)


def category_page(*, user: Any, category: Category, months: int) -> CategoryPage:
    """A category's contracts (with suppliers), those ending within ``months``, its suppliers' shares, and its
    ``scope`` set for the spend and savings places (core.thread.CATEGORY_SPEND_KEY). Four queries."""
    everything = list(Category.objects.filter(archived_at__isnull=True))
    prefixes = prefixes_by_category(
        [*everything, category] if category.pk not in {c.pk for c in everything} else everything
    )
    own = prefixes[category.pk]
    contracts = list(
        _current(user)
        .filter(cpv_q(own))
        .select_related("provider", "contract_manager")
        .prefetch_related("services")
        .order_by("end_date", "reference")
    )
    day = today()
    until = calculations.pipeline_end(today=day, months=months)
    pipeline = [
        PipelineEntry(c, calculations.contract_expiry(end_date=c.end_date, procedure=c.procedure, today=day))
        for c in contracts
        if day <= c.end_date <= until
    ]
    suppliers = calculations_categories.supplier_summary(
        [
            calculations_categories.ContractValue(
                supplier_id=c.provider_id,
                supplier_name=c.provider.name if c.provider else "",
                is_sme=bool(c.provider and c.provider.is_sme),
                is_vcse=bool(c.provider and c.provider.is_vcse),
                value=c.annual_value,
            )
            for c in contracts
        ]
    )
    category.scope = CategoryScope(
        organisation_ids=frozenset(c.provider_id for c in contracts if c.provider_id),
        service_ids=frozenset(s.pk for c in contracts for s in c.services.all()),
        contract_ids=frozenset(c.pk for c in contracts),
    )
    return CategoryPage(
        category=category,
        prefixes=own,
        contracts=contracts,
        pipeline=pipeline,
        suppliers=suppliers,
        months=months,
        until=until,
        children=sorted((c for c in everything if c.parent_id == category.pk), key=lambda c: c.code),
    )


# Choices for the form -------------------------------------------------------------------------------------------


def parent_choices(*, excluding: Category | None = None) -> QuerySet[Category]:
    found = Category.objects.filter(archived_at__isnull=True).order_by("code")
    return found.exclude(pk=excluding.pk) if excluding is not None else found


def manager_choices() -> QuerySet[User]:
    return User.objects.filter(is_active=True, role__in=[Role.OFFICER, Role.DIRECTOR, Role.FINANCE]).order_by(
        "last_name", "first_name", "username"
    )


def descendant_ids(category: Category) -> set[int]:
    """The ids of every category under ``category`` (one query)."""
    rows = list(Category.objects.values_list("pk", "parent_id"))
    children: dict[int | None, list[int]] = {}
    for pk, parent in rows:
        children.setdefault(parent, []).append(pk)
    found: set[int] = set()
    stack = [category.pk]
    while stack:
        for child in children.get(stack.pop(), []):
            if child not in found:
                found.add(child)
                stack.append(child)
    return found


def code_in_use(*, code: str, excluding: Category | None) -> bool:
    found = Category.objects.filter(code=code)
    return (found.exclude(pk=excluding.pk) if excluding is not None else found).exists()


DIVISION_CHOICES = [(d, f"{d}: {name}") for d, name in sorted(calculations_categories.CPV_DIVISIONS.items())]
KINDS = CategoryKind
