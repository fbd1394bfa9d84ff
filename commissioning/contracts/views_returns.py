"""KPI, return and assessment pages. Thin: permission, form, one action or selector, render or redirect.

A provider contact reaches only their own organisation's contracts here: another provider's contract, published or
not, is not found (404), as it is for anyone outside the council."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from commissioning.accounts.selectors import acting_user
from commissioning.contracts import actions_returns as actions
from commissioning.contracts import selectors_returns as selectors
from commissioning.contracts.forms_returns import (
    AnswerForm,
    ExemptionForm,
    FailureForm,
    KpiForm,
    QueryForm,
    RatingForm,
    ReturnForm,
)
from commissioning.contracts.models import (
    Assessment,
    Contract,
    Kpi,
    KpiRating,
    PerformanceReturn,
    ReturnQuery,
    ReturnStatus,
)
from commissioning.core import generic
from commissioning.core.access import require


def _contract(request: HttpRequest, pk: int) -> Contract:
    return generic.get_visible_or_404(request, selectors.performance_contract, "contracts.view_performance", pk=pk)


def _kpi(request: HttpRequest, pk: int) -> Kpi:
    return generic.get_visible_or_404(request, selectors.kpi_detail, "contracts.view_performance", pk=pk)


def _return(request: HttpRequest, pk: int) -> PerformanceReturn:
    return generic.get_visible_or_404(request, selectors.return_detail, "contracts.view_performance", pk=pk)


def _query(request: HttpRequest, pk: int) -> ReturnQuery:
    return generic.get_visible_or_404(request, selectors.query_detail, "contracts.view_performance", pk=pk)


def _assessment(request: HttpRequest, pk: int) -> Assessment:
    return generic.get_visible_or_404(request, selectors.assessment_detail, "contracts.view_performance", pk=pk)


def _rating(request: HttpRequest, pk: int) -> KpiRating:
    return generic.get_visible_or_404(request, selectors.rating_detail, "contracts.view_performance", pk=pk)


def _kpis_url(contract_id: int) -> str:
    return reverse("contracts:kpis", args=[contract_id])


def _return_url(ret: PerformanceReturn) -> str:
    return reverse("contracts:return", args=[ret.pk])


def _assessment_url(assessment: Assessment) -> str:
    return reverse("contracts:assessment", args=[assessment.pk])


def _refusal(request: HttpRequest, error: ValidationError) -> None:
    for message in error.messages:
        messages.error(request, message)


# KPIs ---------------------------------------------------------------------------------------------------------------


def kpis(request: HttpRequest, pk: int) -> HttpResponse:
    contract = _contract(request, pk)
    found = selectors.kpis_of(contract=contract)
    return render(
        request,
        "contracts/returns/kpis.html",
        {
            "contract": contract,
            "object": contract,
            "tab": "kpis",
            "kpis": found,
            "requirement": selectors.kpi_requirement(contract=contract, count=len(found)),
        },
    )


kpi_create = generic.create_view(
    perm="contracts.manage_kpis",
    form=KpiForm,
    form_kwargs=lambda request, contract: {"contract": contract},
    act=lambda form, contract, **kw: actions.kpi_create(contract=contract, details=form.details(), **kw),
    done=lambda kpi, **_: f"The KPI {kpi.name} has been added.",
    to=lambda kpi: _kpis_url(kpi.contract_id),
    template="contracts/returns/kpi_form.html",
    context=lambda form, contract: {"contract": contract, "kpi": None},
    get=_contract,
)

kpi_edit = generic.edit_view(
    _kpi,
    perm="contracts.manage_kpis",
    form=KpiForm,
    form_kwargs=lambda request, kpi: {"instance": kpi, "contract": kpi.contract},
    act=lambda form, kpi, **kw: actions.kpi_update(kpi=kpi, details=form.details(), **kw),
    done=lambda kpi, _saved, **_: f"Your changes to the KPI {kpi.name} have been saved.",
    to=lambda kpi: _kpis_url(kpi.contract_id),
    template="contracts/returns/kpi_form.html",
    context=lambda form, kpi: {"contract": kpi.contract, "kpi": kpi},
)


@require_http_methods(["GET", "POST"])
def kpi_exemption(request: HttpRequest, pk: int) -> HttpResponse:
    contract = _contract(request, pk)
    require(request, "contracts.manage_kpis", contract)
    requirement = selectors.kpi_requirement(contract=contract)
    form = ExemptionForm(request.POST or None, initial={"reason": requirement.exemption})
    if request.method == "POST" and form.is_valid():
        try:
            actions.kpi_exemption_set(contract=contract, reason=form.cleaned_data["reason"], by=acting_user(request))
        except ValidationError as error:
            form.apply_errors(error)
        else:
            messages.success(request, "The reason for fewer than three KPIs has been recorded.")
            return redirect(_kpis_url(contract.pk))
    return render(request, "contracts/returns/exemption.html", {"form": form, "contract": contract})


# Returns ------------------------------------------------------------------------------------------------------------


def contract_returns(request: HttpRequest, pk: int) -> HttpResponse:
    contract = _contract(request, pk)
    found = selectors.returns_of_contract(contract=contract)
    today = selectors.today()
    return render(
        request,
        "contracts/returns/contract_returns.html",
        {
            "contract": contract,
            "object": contract,
            "tab": "returns",
            "returns": [(ret, selectors.is_overdue(ret, today)) for ret in found],
            "today": today,
        },
    )


def _return_filters(request: HttpRequest) -> selectors.ReturnFilters:
    status = request.GET.get("status", "")
    return selectors.ReturnFilters(
        status=status if status in ReturnStatus.values else "", overdue=bool(request.GET.get("overdue"))
    )


returns_export = generic.export_view(
    name="contract-returns",
    sheet="Returns",
    headers=selectors.EXPORT_HEADERS,
    rows=lambda request: selectors.returns_export_rows(
        selectors.returns_list(user=request.user, filters=_return_filters(request))
    ),
    perm="contracts.list_returns",
)


def returns_list(request: HttpRequest) -> HttpResponse:
    require(request, "contracts.list_returns")
    filters = _return_filters(request)
    page = Paginator(selectors.returns_list(user=request.user, filters=filters), settings.PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    today = selectors.today()
    return render(
        request,
        "contracts/returns/list.html",
        {
            "page": page,
            "rows": [(ret, selectors.is_overdue(ret, today)) for ret in page.object_list],
            "filters": filters,
            "statuses": ReturnStatus.choices,
        },
    )


def return_page(request: HttpRequest, pk: int) -> HttpResponse:
    ret = _return(request, pk)
    return render(
        request,
        "contracts/returns/return.html",
        {
            "ret": ret,
            "contract": ret.contract,
            "overdue": selectors.is_overdue(ret),
            "kpis_asked": selectors.kpis_asked(ret=ret) if not ret.is_locked else [],
            "today": selectors.today(),
        },
    )


@require_http_methods(["GET", "POST"])
def return_submit(request: HttpRequest, pk: int) -> HttpResponse:
    ret = _return(request, pk)
    require(request, "contracts.submit_return", ret)
    if ret.is_locked:
        messages.error(request, actions._locked_message(ret))
        return redirect(_return_url(ret))
    form = ReturnForm(request.POST or None, request.FILES or None, ret=ret, kpis=selectors.kpis_asked(ret=ret))
    if request.method == "POST" and form.is_valid():
        try:
            actions.return_submit(
                ret=ret,
                values=form.values(),
                workforce=form.workforce(),
                evidence=form.cleaned_data.get("evidence") or [],
                by=acting_user(request),
            )
        except ValidationError as error:
            form.apply_errors(error)
        else:
            messages.success(request, f"The {ret.period} return has been submitted. It is now locked.")
            return redirect(_return_url(ret))
    return render(request, "contracts/returns/submit.html", {"form": form, "ret": ret, "contract": ret.contract})


@require_POST
def return_accept(request: HttpRequest, pk: int) -> HttpResponse:
    ret = _return(request, pk)
    require(request, "contracts.review_return", ret)
    try:
        actions.return_accept(ret=ret, by=acting_user(request))
    except ValidationError as error:
        _refusal(request, error)
    else:
        messages.success(request, f"The {ret.period} return has been accepted.")
    return redirect(_return_url(ret))


@require_http_methods(["GET", "POST"])
def return_query(request: HttpRequest, pk: int) -> HttpResponse:
    ret = _return(request, pk)
    require(request, "contracts.review_return", ret)
    form = QueryForm(request.POST or None, ret=ret)
    if request.method == "POST" and form.is_valid():
        try:
            actions.return_query(
                ret=ret, kpi=form.chosen(), question=form.cleaned_data.get("question") or "", by=acting_user(request)
            )
        except ValidationError as error:
            form.apply_errors(error)
        else:
            messages.success(request, "Your question has been sent. The return waits for the answer.")
            return redirect(_return_url(ret))
    return render(request, "contracts/returns/query.html", {"form": form, "ret": ret, "contract": ret.contract})


@require_http_methods(["GET", "POST"])
def query_answer(request: HttpRequest, pk: int) -> HttpResponse:
    query = _query(request, pk)
    ret = query.performance_return
    require(request, "contracts.submit_return", ret)
    form = AnswerForm(request.POST or None, kpi=query.kpi)
    if request.method == "POST" and form.is_valid():
        try:
            actions.return_answer(
                query=query,
                answer=form.cleaned_data.get("answer") or "",
                corrected_value=form.corrected(),
                by=acting_user(request),
            )
        except ValidationError as error:
            form.apply_errors(error)
        else:
            messages.success(request, "Your answer has been sent to the contract manager.")
            return redirect(_return_url(ret))
    return render(
        request,
        "contracts/returns/answer.html",
        {"form": form, "query": query, "ret": ret, "contract": ret.contract},
    )


def evidence_download(request: HttpRequest, pk: int) -> HttpResponseBase:
    """An evidence file, only through this permission-checked view: as an attachment, never run inline."""
    evidence = generic.get_visible_or_404(request, selectors.evidence_detail, "contracts.view_performance", pk=pk)
    try:
        handle = evidence.document.open("rb")
    except (FileNotFoundError, OSError, ValueError):
        raise Http404 from None
    response = FileResponse(
        handle, as_attachment=True, filename=evidence.document_name, content_type=evidence.document_type
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Cache-Control"] = "private, no-store"
    return response


# Assessments --------------------------------------------------------------------------------------------------------


def assessments(request: HttpRequest, pk: int) -> HttpResponse:
    contract = _contract(request, pk)
    return render(
        request,
        "contracts/returns/assessments.html",
        {
            "contract": contract,
            "object": contract,
            "tab": "assessments",
            "assessments": selectors.assessments_of(contract=contract),
            "due": selectors.assessment_due(contract=contract),
            "failures": contract.failures.filter(archived_at__isnull=True).order_by("-decision_date", "-pk"),
        },
    )


@require_POST
def assessment_draft(request: HttpRequest, pk: int) -> HttpResponse:
    contract = _contract(request, pk)
    require(request, "contracts.manage_assessments", contract)
    try:
        assessment = actions.assessment_draft(contract=contract, by=acting_user(request))
    except ValidationError as error:
        _refusal(request, error)
        return redirect(reverse("contracts:assessments", args=[contract.pk]))
    messages.success(request, "The assessment has been drafted from the returns. Check each rating, then confirm it.")
    return redirect(_assessment_url(assessment))


def assessment_page(request: HttpRequest, pk: int) -> HttpResponse:
    assessment = _assessment(request, pk)
    return render(
        request,
        "contracts/returns/assessment.html",
        {
            "assessment": assessment,
            "contract": assessment.contract,
            "notice": selectors.performance_notice(assessment=assessment) if assessment.is_confirmed else None,
        },
    )


@require_http_methods(["GET", "POST"])
def rating_change(request: HttpRequest, pk: int) -> HttpResponse:
    rating = _rating(request, pk)
    require(request, "contracts.manage_assessments", rating.assessment.contract)
    form = RatingForm(request.POST or None, initial={"rating": rating.rating, "reason": rating.reason})
    if request.method == "POST" and form.is_valid():
        try:
            actions.rating_change(
                rating=rating,
                new_rating=form.cleaned_data["rating"],
                reason=form.cleaned_data.get("reason") or "",
                by=acting_user(request),
            )
        except ValidationError as error:
            form.apply_errors(error)
        else:
            messages.success(request, f"The rating of {rating.kpi.name} has been saved.")
            return redirect(_assessment_url(rating.assessment))
    return render(
        request,
        "contracts/returns/rating.html",
        {"form": form, "rating": rating, "assessment": rating.assessment, "contract": rating.assessment.contract},
    )


@require_POST
def assessment_confirm(request: HttpRequest, pk: int) -> HttpResponse:
    assessment = _assessment(request, pk)
    require(request, "contracts.manage_assessments", assessment.contract)
    try:
        actions.assessment_confirm(assessment=assessment, by=acting_user(request))
    except ValidationError as error:
        _refusal(request, error)
    else:
        messages.success(request, "The assessment has been confirmed.")
    return redirect(_assessment_url(assessment))


def _failure_context(form: Any, contract: Contract) -> dict[str, Any]:
    return {"contract": contract}


failure_create = generic.create_view(
    perm="contracts.manage_assessments",
    form=FailureForm,
    act=lambda form, contract, **kw: actions.failure_create(contract=contract, details=form.details(), **kw),
    done=lambda failure, **_: f"The failure to meet '{failure.requirement}' has been recorded.",
    to=lambda failure: reverse("contracts:assessments", args=[failure.contract_id]),
    template="contracts/returns/failure_form.html",
    context=_failure_context,
    get=_contract,
)
