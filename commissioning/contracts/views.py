"""Contract register pages. Thin: permission, form, one action or selector, render or redirect."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from django.conf import settings
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse

from commissioning.contracts import actions, calculations, selectors
from commissioning.contracts.forms import ContractFilterForm, ContractForm
from commissioning.contracts.models import Contract
from commissioning.core import generic
from commissioning.core.access import require

HORIZON_CHOICES = (6, 12, 18, 24, 36)


def _filtered(request: HttpRequest) -> tuple[ContractFilterForm, selectors.ContractFilters]:
    form = ContractFilterForm(request.GET or None)
    return form, form.filters() if request.GET else selectors.ContractFilters()


def _get_visible(request: HttpRequest, pk: int) -> Contract:
    return generic.get_visible_or_404(request, selectors.contract_detail, "contracts.view_contract", pk=pk)


def contract_list(request: HttpRequest) -> HttpResponse:
    filter_form, filters = _filtered(request)
    contracts = selectors.contract_list(user=request.user, filters=filters)
    page = Paginator(contracts, settings.PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "contracts/list.html",
        {"filter_form": filter_form, "filters": filters, "page": page, "contracts": page.object_list},
    )


def _export_rows(request: HttpRequest) -> Iterable[Sequence[Any]]:
    _form, filters = _filtered(request)
    return selectors.export_rows(selectors.contract_list(user=request.user, filters=filters))


contract_export = generic.export_view(
    name="contract-register", sheet="Contracts", headers=selectors.EXPORT_HEADERS, rows=_export_rows
)


def contract_detail(request: HttpRequest, pk: int) -> HttpResponse:
    contract = _get_visible(request, pk)
    final_end = calculations.contract_final_end(
        end_date=contract.end_date,
        extension_count=contract.extension_count,
        extension_months=contract.extension_months,
    )
    expiry = calculations.contract_expiry(
        end_date=contract.end_date, procedure=contract.procedure, today=selectors.today()
    )
    return render(
        request,
        "contracts/detail.html",
        {"contract": contract, "object": contract, "tab": "summary", "final_end": final_end, "expiry": expiry},
    )


def pipeline(request: HttpRequest) -> HttpResponse:
    require(request, "contracts.view_pipeline")
    try:
        months = int(request.GET.get("months", calculations.DEFAULT_HORIZON_MONTHS))
    except ValueError:
        months = calculations.DEFAULT_HORIZON_MONTHS
    months = min(max(months, 1), calculations.MAX_HORIZON_MONTHS)
    found = selectors.pipeline(user=request.user, months=months)
    return render(
        request,
        "contracts/pipeline.html",
        {
            "pipeline": found,
            "horizons": HORIZON_CHOICES,
            "lead_times": sorted(calculations.LEAD_TIME_MONTHS.items(), key=lambda item: -item[1]),
        },
    )


def _detail_url(contract: Contract) -> str:
    return reverse("contracts:detail", args=[contract.pk])


contract_create = generic.create_view(
    perm="contracts.add_contract",
    form=ContractForm,
    act=lambda form, **kw: actions.contract_create(details=form.details(), **kw),
    done=lambda contract, **_: f"{contract.title} has been added to the register as {contract.reference}.",
    to=_detail_url,
    template="contracts/form.html",
    context=lambda form: {"contract": None},
)

contract_edit = generic.edit_view(
    _get_visible,
    perm="contracts.change_contract",
    form=ContractForm,
    act=lambda form, contract, **kw: actions.contract_update(
        contract=contract, details=form.details(), reason=form.cleaned_data.get("reason", ""), **kw
    ),
    done=lambda contract, _saved, **_: f"Your changes to {contract.title} have been saved.",
    to=_detail_url,
    template="contracts/form.html",
    context=lambda form, contract: {"contract": contract},
)

contract_archive = generic.reason_view(
    _get_visible,
    perm="contracts.archive_contract",
    label="Why is this contract being archived?",
    required_message=actions.ARCHIVE_REASON_REQUIRED,
    act=lambda contract, **kw: actions.contract_archive(contract=contract, **kw),
    done=lambda contract: f"{contract.title} has been archived. Its history stays on the register.",
    back=_detail_url,
    template="contracts/reason.html",
    context=lambda contract: {"contract": contract, "object": contract, "action": "archive"},
)

contract_restore = generic.reason_view(
    _get_visible,
    perm="contracts.restore_contract",
    label="Why is this contract being restored?",
    required_message=actions.RESTORE_REASON_REQUIRED,
    act=lambda contract, **kw: actions.contract_restore(contract=contract, **kw),
    done=lambda contract: f"{contract.title} has been restored to the register.",
    back=_detail_url,
    template="contracts/reason.html",
    context=lambda contract: {"contract": contract, "object": contract, "action": "restore"},
)

contract_history = generic.history_view(
    _get_visible,
    perm="contracts.view_contract_history",
    tabs="contracts/_header.html",
    context=lambda contract: {"contract": contract},
)
