"""Virement pages: the list, the request form, one virement with approve and refuse, its history, and the
virements of one budget line. Thin: permission, form, one action or selector, render or redirect."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from commissioning.accounts.selectors import acting_user
from commissioning.core import generic
from commissioning.core.access import require
from commissioning.finance import actions_virements as actions
from commissioning.finance import calculations_virements as calc
from commissioning.finance import selectors_virements as selectors
from commissioning.finance.forms_virements import VirementApproveForm, VirementFilterForm, VirementRequestForm
from commissioning.finance.models import Virement


def _get_visible(request: HttpRequest, pk: int) -> Virement:
    return generic.get_visible_or_404(request, selectors.virement_detail, "finance.view_virement", pk=pk)


def _detail_url(virement: Virement) -> str:
    return reverse("finance:virement", args=[virement.pk])


def virement_list(request: HttpRequest) -> HttpResponse:
    require(request, "finance.view_virement")
    form = VirementFilterForm(request.GET or None, years=selectors.virement_years())
    filters = form.filters() if request.GET else selectors.VirementFilters()
    page = Paginator(selectors.virement_list(user=request.user, filters=filters), settings.PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "finance/virements/list.html",
        {"filter_form": form, "filters": filters, "page": page, "virements": page.object_list},
    )


virement_request = generic.create_view(
    perm="finance.add_virement",
    form=VirementRequestForm,
    form_kwargs=lambda request: {"lines": selectors.budget_line_choices()},
    act=lambda form, **kw: actions.virement_request(details=form.details(), **kw),
    done=lambda virement, **_: (
        f"Virement {virement.reference} has been requested. It needs approval by {calc.approver_name(virement.band)}."
    ),
    to=_detail_url,
    template="finance/virements/request.html",
    context=lambda form: {},
)


def _detail_context(virement: Virement) -> dict[str, Any]:
    return {"virement": virement, "object": virement, "band_name": calc.approver_name(virement.band)}


def virement_detail(request: HttpRequest, pk: int) -> HttpResponse:
    virement = _get_visible(request, pk)
    return render(request, "finance/virements/detail.html", {**_detail_context(virement), "tab": "summary"})


@require_http_methods(["GET", "POST"])
def virement_approve(request: HttpRequest, pk: int) -> HttpResponse:
    virement = _get_visible(request, pk)
    require(request, "finance.approve_virement", virement)
    form = VirementApproveForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            actions.virement_approve(
                virement=virement, by=acting_user(request), decision_reference=form.cleaned_data["decision_reference"]
            )
        except ValidationError as error:
            form.apply_errors(error)
        else:
            messages.success(request, f"Virement {virement.reference} has been approved.")
            return redirect(_detail_url(virement))
    context = {**_detail_context(virement), "form": form, "needs_decision": calc.needs_decision(virement.band)}
    return render(request, "finance/virements/approve.html", context)


virement_refuse = generic.reason_view(
    _get_visible,
    perm="finance.refuse_virement",
    label="Why is the virement refused?",
    required_message=actions.REFUSAL_REASON_NEEDED,
    act=lambda virement, **kw: actions.virement_refuse(virement=virement, **kw),
    done=lambda virement: f"Virement {virement.reference} has been refused.",
    back=_detail_url,
    template="finance/virements/refuse.html",
    context=_detail_context,
)

virement_history = generic.history_view(
    _get_visible,
    perm="finance.view_virement_history",
    tabs="finance/virements/_header.html",
    context=_detail_context,
)


def budget_line_virements(request: HttpRequest, pk: int) -> HttpResponse:
    line = generic.get_visible_or_404(
        request, selectors.budget_line_detail, "finance.view_budget_line_virements", pk=pk
    )
    virements = list(selectors.virements_of_line(line=line))
    return render(request, "finance/virements/line.html", {"line": line, "virements": virements})
