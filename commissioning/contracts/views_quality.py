"""Quality triangulation pages: a provider's (all its contracts; for the council itself its in-house plans), one
contract's or in-house plan's, and the comparison of two side by side. Thin: permission, selector, render.

A provider contact sees their own organisation's pages only: another provider's answers 404, as it does for anyone
outside the council."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_GET

from commissioning.accounts.models import Organisation
from commissioning.contracts import actions_quality as actions
from commissioning.contracts import selectors_quality as selectors
from commissioning.contracts.calculations_quality import triangulation as tri
from commissioning.contracts.forms_quality import CompareForm, ConcernForm, FinancialNoteForm, InspectionForm
from commissioning.contracts.models import Contract
from commissioning.core import generic
from commissioning.core.access import require


def _organisation(request: HttpRequest, pk: int) -> Organisation:
    return generic.get_visible_or_404(request, selectors.quality_organisation, "contracts.view_quality", pk=pk)


def _contract(request: HttpRequest, pk: int) -> Contract:
    return generic.get_visible_or_404(request, selectors.quality_contract, "contracts.view_performance", pk=pk)


def _provider_url(organisation: Any) -> str:
    return reverse("contracts:provider-quality", args=[organisation.pk])


COMMON = {
    "labels": tri.LABELS,
    "trends": {tri.IMPROVING: "Improving", tri.STABLE: "Stable", tri.WORSENING: "Worsening"},
}


@require_GET
def provider_quality(request: HttpRequest, pk: int) -> HttpResponse:
    organisation = _organisation(request, pk)
    contracts = selectors.provider_contracts(organisation=organisation)
    page = Paginator(contracts, settings.PAGE_SIZE).get_page(request.GET.get("page"))
    quality = selectors.provider_quality(
        organisation=organisation,
        contract_ids=list(contracts.values_list("pk", flat=True)),
        shown=list(page.object_list),
    )
    return render(
        request,
        "contracts/quality/provider.html",
        {**COMMON, "organisation": organisation, "quality": quality, "result": quality.result, "page": page},
    )


@require_GET
def contract_quality(request: HttpRequest, pk: int) -> HttpResponse:
    contract = _contract(request, pk)
    quality = selectors.contract_quality(contract=contract)
    return render(
        request,
        "contracts/quality/contract.html",
        {
            **COMMON,
            "contract": contract,
            "object": contract,
            "tab": "quality",
            "quality": quality,
            "row": quality.rows[0] if quality else None,
        },
    )


@require_GET
def compare(request: HttpRequest) -> HttpResponse:
    require(request, "contracts.compare_quality")
    # The form sends both; a link from a plan's or a contract's page fills in one and asks for the other.
    asked = "plan" in request.GET and "contract" in request.GET
    form = CompareForm(
        request.GET if asked else None,
        initial={name: request.GET[name] for name in ("plan", "contract") if name in request.GET},
        plans=selectors.compare_plans(),
        find=lambda reference: selectors.compare_contract(user=request.user, reference=reference),
    )
    sides = []
    if form.is_valid():
        for contract in (_contract(request, form.cleaned_data["plan"]), form.cleaned_data["contract"]):
            quality = selectors.contract_quality(contract=contract)
            if quality is None:
                raise Http404
            sides.append((contract, quality.rows[0]))
    plan = str(form["plan"].value() or "")
    return render(
        request,
        "contracts/quality/compare.html",
        {
            **COMMON,
            "form": form,
            "sides": sides,
            "suggestions": selectors.compare_suggestions(plan=int(plan)) if plan.isdigit() else [],
            "signal_names": tri.SIGNAL_NAMES,
        },
    )


def _contracts_kwargs(request: HttpRequest, organisation: Organisation) -> dict[str, Any]:
    return {"contracts": selectors.contracts_of_provider(organisation=organisation)}


def _context(title: str) -> Any:
    return lambda form, organisation: {"organisation": organisation, "title": title}


inspection_create = generic.create_view(
    perm="contracts.record_quality",
    form=InspectionForm,
    form_kwargs=_contracts_kwargs,
    act=lambda form, organisation, **kw: actions.inspection_create(
        organisation=organisation, record=form.record(), **kw
    ),
    done=lambda record, **_: f"The inspection rating of {record.inspected_on:%d %B %Y} has been recorded.",
    to=lambda record: _provider_url(record.organisation),
    template="contracts/quality/form.html",
    context=_context("Record an inspection rating"),
    get=_organisation,
)

concern_create = generic.create_view(
    perm="contracts.record_quality",
    form=ConcernForm,
    form_kwargs=_contracts_kwargs,
    act=lambda form, organisation, **kw: actions.concern_create(organisation=organisation, record=form.record(), **kw),
    done=lambda record, **_: "The safeguarding concern has been recorded.",
    to=lambda record: _provider_url(record.organisation),
    template="contracts/quality/form.html",
    context=_context("Record a safeguarding concern"),
    get=_organisation,
)

note_create = generic.create_view(
    perm="contracts.record_quality",
    form=FinancialNoteForm,
    act=lambda form, organisation, **kw: actions.financial_note_create(
        organisation=organisation, record=form.record(), **kw
    ),
    done=lambda record, **_: "The financial health note has been recorded.",
    to=lambda record: _provider_url(record.organisation),
    template="contracts/quality/form.html",
    context=_context("Record a financial health note"),
    get=_organisation,
)
