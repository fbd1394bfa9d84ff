"""Pages for budgets and monitoring, the MTFS, the savings tracker and savings lines (finance-savings).

Thin: permission, form, one action or selector, render or redirect."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from commissioning.accounts.selectors import acting_user
from commissioning.core import generic
from commissioning.core.access import require
from commissioning.finance import actions_savings as actions
from commissioning.finance import charts, selectors_spendlinks
from commissioning.finance import selectors_savings as selectors
from commissioning.finance.forms_savings import (
    BudgetFilterForm,
    BudgetLineForm,
    ConfidenceForm,
    EvidenceForm,
    MonitoringForm,
    MtfsYearForm,
    SavingsLineForm,
    SlippageForm,
    TrackerFilterForm,
    UndeliverableForm,
)
from commissioning.finance.models import BudgetLine, MtfsYear, SavingsLine

SLIPPAGE_RECORDED = "Slippage recorded: {amount} moved from {from_year} to {to_year}"
CONFIDENCE_SAVED = "Delivery confidence saved"
EVIDENCE_SAVED = "Evidence of realisation recorded"
UNDELIVERABLE_SAVED = "Saving marked undeliverable"


def _budget(request: HttpRequest, pk: int) -> BudgetLine:
    return generic.get_visible_or_404(request, selectors.budget_line_detail, "finance.view_budgetline", pk=pk)


def _saving(request: HttpRequest, pk: int) -> SavingsLine:
    return generic.get_visible_or_404(request, selectors.savings_line_detail, "finance.view_savingsline", pk=pk)


def _mtfs_year(request: HttpRequest, pk: int) -> MtfsYear:
    return generic.get_visible_or_404(request, selectors.mtfs_year_detail, "finance.view_mtfs", pk=pk)


def _budget_url(line: BudgetLine) -> str:
    return reverse("finance:budget-detail", args=[line.pk])


def _saving_url(line: Any) -> str:
    return reverse("finance:saving-detail", args=[line.pk])


# Budgets ------------------------------------------------------------------------------------------------------------


def budget_list(request: HttpRequest) -> HttpResponse:
    require(request, "finance.view_budgets")
    form = BudgetFilterForm(request.GET or None)
    filters = form.filters()
    lines = selectors.budget_lines(user=request.user, filters=filters)
    page = Paginator(lines, settings.PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "finance/budgets/list.html",
        {
            "filter_form": form,
            "filters": filters,
            "page": page,
            "lines": page.object_list,
            "totals": selectors.budget_totals(lines),
        },
    )


budget_create = generic.create_view(
    perm="finance.add_budgetline",
    form=BudgetLineForm,
    act=lambda form, *, by, form_token: actions.budget_line_create(
        details=form.details(), by=by, form_token=form_token
    ),
    done=lambda line, **_: f"Budget line added for {line}",
    to=_budget_url,
    template="finance/form.html",
    context=lambda form: {"title": "Add a budget line", "back": reverse("finance:budgets")},
)

budget_edit = generic.edit_view(
    _budget,
    perm="finance.change_budgetline",
    form=BudgetLineForm,
    form_kwargs=lambda request, line: {"line": line},
    act=lambda form, line, *, by, version: actions.budget_line_update(
        line=line, details=form.details(), by=by, version=version
    ),
    done=lambda line, saved, **_: "Budget line saved",
    to=_budget_url,
    template="finance/form.html",
    context=lambda form, line: {"title": f"Change the budget line for {line}", "back": _budget_url(line)},
)


def budget_detail(request: HttpRequest, pk: int) -> HttpResponse:
    line = _budget(request, pk)
    return render(request, "finance/budgets/detail.html", {"line": line, "tab": "details"})


budget_history = generic.history_view(
    _budget,
    perm="finance.view_budgetline_history",
    tabs="finance/budgets/_header.html",
    context=lambda line: {"line": line},
)

monitoring_create = generic.create_view(
    perm="finance.add_budgetmonitoring",
    get=_budget,
    form=MonitoringForm,
    form_kwargs=lambda request, line: {"line": line},
    act=lambda form, line, *, by, form_token: actions.monitoring_record(
        line=line,
        month=form.month_start,
        forecast_outturn=form.cleaned_data["forecast_outturn"],
        reason=form.cleaned_data["reason"],
        by=by,
        form_token=form_token,
    ),
    done=lambda record, **_: f"Monitoring for {record.month:%B %Y} recorded",
    to=lambda record: _budget_url(record.budget_line),
    template="finance/form.html",
    context=lambda form, line: {"title": f"Record monthly monitoring for {line}", "back": _budget_url(line)},
)


# The MTFS -----------------------------------------------------------------------------------------------------------


def mtfs(request: HttpRequest) -> HttpResponse:
    require(request, "finance.view_mtfs")
    return render(request, "finance/mtfs.html", {"years": selectors.mtfs(user=request.user)})


mtfs_create = generic.create_view(
    perm="finance.add_mtfsyear",
    form=MtfsYearForm,
    act=lambda form, *, by, form_token: actions.mtfs_year_create(details=form.details(), by=by, form_token=form_token),
    done=lambda year, **_: f"{year.financial_year} added to the MTFS",
    to=lambda year: reverse("finance:mtfs"),
    template="finance/form.html",
    context=lambda form: {"title": "Add a year to the MTFS", "back": reverse("finance:mtfs")},
)

mtfs_edit = generic.edit_view(
    _mtfs_year,
    perm="finance.change_mtfsyear",
    form=MtfsYearForm,
    form_kwargs=lambda request, year: {"year": year},
    act=lambda form, year, *, by, version: actions.mtfs_year_update(
        year=year, details=form.details(), by=by, version=version
    ),
    done=lambda year, saved, **_: f"{year.financial_year} saved",
    to=lambda year: reverse("finance:mtfs"),
    template="finance/form.html",
    context=lambda form, year: {"title": f"Change the MTFS for {year.financial_year}", "back": reverse("finance:mtfs")},
)


# Savings ------------------------------------------------------------------------------------------------------------


def savings_tracker(request: HttpRequest) -> HttpResponse:
    require(request, "finance.view_savings")
    form = TrackerFilterForm(request.GET or None)
    tracker = selectors.savings_tracker(user=request.user, filters=form.filters())
    chart = None
    if tracker.waterfall:
        chart = charts.waterfall(
            tuple((step.label, step.start, step.end, step.total) for step in tracker.waterfall), tracker.year
        )
    return render(request, "finance/savings/tracker.html", {"filter_form": form, "tracker": tracker, "chart": chart})


savings_create = generic.create_view(
    perm="finance.add_savingsline",
    form=SavingsLineForm,
    act=lambda form, *, by, form_token: actions.savings_line_create(
        details=form.details(), by=by, form_token=form_token
    ),
    done=lambda line, **_: f"Savings line {line.reference} added",
    to=_saving_url,
    template="finance/form.html",
    context=lambda form: {"title": "Add a savings line", "back": reverse("finance:savings")},
)


def saving_detail(request: HttpRequest, pk: int) -> HttpResponse:
    line = _saving(request, pk)
    spend = selectors_spendlinks.line_spend(line=line)  # the spend evidence (finance-spendlinks)
    return render(request, "finance/savings/detail.html", {"line": line, "tab": "details", "spend": spend})


saving_history = generic.history_view(
    _saving,
    perm="finance.view_savingsline_history",
    tabs="finance/savings/_header.html",
    context=lambda line: {"line": line},
)


def _line_form_page(
    request: HttpRequest, pk: int, *, form_class: type, title: str, save: Any, done: Any
) -> HttpResponse:
    line = _saving(request, pk)
    require(request, "finance.update_savingsline", line)
    form = form_class(request.POST or None, line=line)
    # core's save page: a refusal shown on the form, a repeated submit sent to the line, else done() and back.
    return generic.save_page(
        request,
        form,
        lambda: save(form, line, acting_user(request)),
        done=done,
        to=lambda _saved: _saving_url(line),
        template="finance/form.html",
        context={"title": title, "back": _saving_url(line), "line": line},
    )


@require_http_methods(["GET", "POST"])
def saving_slip(request: HttpRequest, pk: int) -> HttpResponse:
    return _line_form_page(
        request,
        pk,
        form_class=SlippageForm,
        title="Record slippage to a later year",
        save=lambda form, line, by: actions.savings_slip(
            line=line,
            from_year=form.cleaned_data["from_year"],
            to_year=form.cleaned_data["to_year"],
            amount=form.cleaned_data["amount"],
            reason=form.cleaned_data["reason"],
            by=by,
            version=form.version,
        ),
        done=lambda slip: SLIPPAGE_RECORDED.format(
            amount=f"£{slip.amount:,.2f}", from_year=slip.from_year, to_year=slip.to_year
        ),
    )


@require_http_methods(["GET", "POST"])
def saving_confidence(request: HttpRequest, pk: int) -> HttpResponse:
    return _line_form_page(
        request,
        pk,
        form_class=ConfidenceForm,
        title="Update the delivery confidence",
        save=lambda form, line, by: actions.savings_confidence_update(
            line=line,
            confidence=form.cleaned_data["confidence"],
            reason=form.cleaned_data["confidence_reason"],
            by=by,
            version=form.version,
        ),
        done=lambda line: CONFIDENCE_SAVED,
    )


@require_http_methods(["GET", "POST"])
def saving_evidence(request: HttpRequest, pk: int) -> HttpResponse:
    return _line_form_page(
        request,
        pk,
        form_class=EvidenceForm,
        title="Record evidence of realisation",
        save=lambda form, line, by: actions.savings_evidence_add(
            line=line,
            financial_year=form.cleaned_data["financial_year"],
            kind=form.cleaned_data["kind"],
            amount=form.cleaned_data["amount"],
            note=form.cleaned_data["note"],
            by=by,
            form_token=form.token,
        ),
        done=lambda evidence: EVIDENCE_SAVED,
    )


@require_http_methods(["GET", "POST"])
def saving_undeliverable(request: HttpRequest, pk: int) -> HttpResponse:
    return _line_form_page(
        request,
        pk,
        form_class=UndeliverableForm,
        title="Mark the saving undeliverable",
        save=lambda form, line, by: actions.savings_mark_undeliverable(
            line=line,
            reason=form.cleaned_data["reason"],
            replacement=form.cleaned_data["replacement"],
            by=by,
            version=form.version,
        ),
        done=lambda line: UNDELIVERABLE_SAVED,
    )


# Downloads: the lists as the user filtered them ----------------------------------------------------------------------


def _budget_rows(request: HttpRequest) -> Any:
    form = BudgetFilterForm(request.GET or None)
    return selectors.budget_export_rows(selectors.budget_lines(user=request.user, filters=form.filters()))


def _savings_rows(request: HttpRequest) -> Any:
    form = TrackerFilterForm(request.GET or None)
    return selectors.savings_export_rows(selectors.savings_years(user=request.user, filters=form.filters()))


budget_export = generic.export_view(
    name="budgets",
    sheet="Budgets",
    headers=selectors.BUDGET_EXPORT_HEADERS,
    rows=_budget_rows,
    perm="finance.view_budgets",
)
savings_export = generic.export_view(
    name="savings-tracker",
    sheet="Savings",
    headers=selectors.SAVINGS_EXPORT_HEADERS,
    rows=_savings_rows,
    perm="finance.view_savings",
)
