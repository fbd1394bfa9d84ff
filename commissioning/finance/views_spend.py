"""Spend pages: the published spend list (public), its download, and the finance officer's mapping pages. Thin:
permission, form, one action or selector, render or redirect."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from django.conf import settings
from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from commissioning.accounts.selectors import acting_user
from commissioning.core import generic
from commissioning.core.access import require
from commissioning.finance import actions_spend, selectors_spend
from commissioning.finance.forms_spend import AreaMapForm, SpendFilterForm, SupplierMapForm


def _filtered(request: HttpRequest) -> tuple[SpendFilterForm, selectors_spend.SpendFilters]:
    form = SpendFilterForm(request.GET or None)
    return form, form.filters()


@require_GET
def spend_list(request: HttpRequest) -> HttpResponse:
    require(request, "finance.view_spend")
    form, filters = _filtered(request)
    rows = selectors_spend.spend_list(filters=filters)
    page = Paginator(rows, settings.PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "finance/spend_list.html", {"filter_form": form, "page": page, "rows": page.object_list})


def _export_rows(request: HttpRequest) -> Iterable[Sequence[Any]]:
    _form, filters = _filtered(request)
    return selectors_spend.spend_export_rows(selectors_spend.spend_list(filters=filters))


spend_export = require_GET(
    generic.export_view(
        name="spend-over-500",
        sheet="Spend",
        headers=selectors_spend.EXPORT_HEADERS,
        rows=_export_rows,
        perm="finance.view_spend",
    )
)


@require_GET
def spend_mappings(request: HttpRequest) -> HttpResponse:
    require(request, "finance.map_spend")
    suppliers = list(selectors_spend.unmatched_suppliers()[:500])
    areas = list(selectors_spend.unmatched_areas()[:500])
    return render(request, "finance/spend_mappings.html", {"suppliers": suppliers, "areas": areas})


@require_http_methods(["GET", "POST"])
def supplier_map(request: HttpRequest, pk: int) -> HttpResponse:
    require(request, "finance.map_spend")
    try:
        mapping = selectors_spend.supplier_mapping(pk=pk)
    except ObjectDoesNotExist:
        raise Http404 from None
    form = SupplierMapForm(request.POST or None, initial={"organisation": mapping.organisation_id})
    if request.method == "POST" and form.is_valid():
        try:
            actions_spend.spend_supplier_map(
                mapping=mapping, organisation=form.cleaned_data["organisation"], by=acting_user(request)
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            return redirect("finance:spend-mappings")
    what = {"kind": "supplier", "name": mapping.name}
    return render(request, "finance/spend_map.html", {"form": form, "field": "organisation", **what})


@require_http_methods(["GET", "POST"])
def area_map(request: HttpRequest, pk: int) -> HttpResponse:
    require(request, "finance.map_spend")
    try:
        mapping = selectors_spend.area_mapping(pk=pk)
    except ObjectDoesNotExist:
        raise Http404 from None
    form = AreaMapForm(request.POST or None, initial={"service": mapping.service_id})
    if request.method == "POST" and form.is_valid():
        actions_spend.spend_area_map(mapping=mapping, service=form.cleaned_data["service"], by=acting_user(request))
        return redirect("finance:spend-mappings")
    what = {"kind": "expense area", "name": mapping.name}
    return render(request, "finance/spend_map.html", {"form": form, "field": "service", **what})
